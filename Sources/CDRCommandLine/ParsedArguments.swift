/// A command's arguments split into options and operands.
///
/// Accepts `--name value`, `--name=value`, boolean `--flag`, repeated options, `-` as an
/// operand (standard input) and `--` to end options. Anything else starting with `-` is a
/// usage error.
public struct ParsedArguments: Sendable {
  /// Operands (file names and the like), in order.
  public private(set) var operands: [String] = []
  private var values: [String: [String]] = [:]
  private var flags: Set<String> = []

  /// Parses `arguments` given the options that take a value and the Boolean flags.
  ///
  /// - Throws: ``UsageError`` for an unknown option or a missing value.
  public init(_ arguments: [String], valued: Set<String>, flags allowedFlags: Set<String>)
    throws(UsageError)
  {
    var index = 0
    var optionsEnded = false
    while index < arguments.count {
      let argument = arguments[index]
      index += 1
      if optionsEnded || argument == "-" || !argument.hasPrefix("-") {
        operands.append(argument)
        continue
      }
      if argument == "--" {
        optionsEnded = true
        continue
      }
      var name = argument
      var inlineValue: String?
      if let equals = argument.firstIndex(of: "=") {
        name = String(argument[..<equals])
        inlineValue = String(argument[argument.index(after: equals)...])
      }
      if allowedFlags.contains(name) {
        guard inlineValue == nil else { throw UsageError("option \(name) takes no value") }
        flags.insert(name)
      } else if valued.contains(name) {
        if let inlineValue {
          values[name, default: []].append(inlineValue)
        } else {
          guard index < arguments.count else { throw UsageError("option \(name) needs a value") }
          values[name, default: []].append(arguments[index])
          index += 1
        }
      } else {
        throw UsageError("unknown option \(name)")
      }
    }
  }

  /// Whether a Boolean flag was given.
  public func has(_ flag: String) -> Bool { flags.contains(flag) }

  /// The last value given for an option.
  public func value(_ name: String) -> String? { values[name]?.last }

  /// Every value given for an option, in order.
  public func allValues(_ name: String) -> [String] { values[name] ?? [] }

  /// The last value of an option as an integer.
  ///
  /// - Throws: ``UsageError`` when the value is not an integer.
  public func integer(_ name: String) throws(UsageError) -> Int? {
    guard let text = value(name) else { return nil }
    guard let number = Int(text) else {
      throw UsageError("\(name) needs an integer, got '\(text)'")
    }
    return number
  }

  /// The last value of an option, which must be one of `choices`.
  ///
  /// - Throws: ``UsageError`` naming the choices when it is not.
  public func choice(_ name: String, of choices: [String]) throws(UsageError) -> String? {
    guard let text = value(name) else { return nil }
    guard choices.contains(text) else {
      throw UsageError("\(name) must be one of \(choices.joined(separator: ", ")); got '\(text)'")
    }
    return text
  }
}
