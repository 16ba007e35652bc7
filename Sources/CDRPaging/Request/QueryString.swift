/// A URL query string split into decoded `key=value` pairs, in order.
///
/// `+` is a space; `%XX` is a byte; the decoded bytes must be UTF-8. A pair without `=`
/// has the value `""` and is a flag (``isFlag(_:)``): KAZOO's web server reads
/// `?paginate` as `paginate=true`, unlike `?paginate=`. Empty pieces (`a=1&&b=2`) are
/// skipped.
///
/// ```swift
/// let query = try QueryString("filter_call_direction=inbound&has_key=custom_channel_vars.owner_id")
/// query.value(for: "filter_call_direction")   // "inbound"
/// ```
public struct QueryString: Sendable, Hashable {
  /// The pairs, in order.
  public var pairs: [(key: String, value: String)] {
    zip(keys, values).map { ($0, $1) }
  }
  private var keys: [String] = []
  private var values: [String] = []
  /// Whether each pair was written without `=`.
  private var flags: [Bool] = []

  /// Creates a query from decoded pairs.
  public init(pairs: [(key: String, value: String)] = []) {
    for pair in pairs { append(key: pair.key, value: pair.value) }
  }

  /// Parses a query string (a leading `?` is allowed).
  ///
  /// - Throws: ``QueryStringError`` for a bad percent escape, bytes that are not UTF-8, or
  ///   an empty key.
  public init(_ text: String) throws(QueryStringError) {
    var body = Substring(text)
    if body.first == "?" { body = body.dropFirst() }
    var offset = text.hasPrefix("?") ? 1 : 0
    for piece in body.split(separator: "&", omittingEmptySubsequences: false) {
      defer { offset += piece.utf8.count + 1 }
      if piece.isEmpty { continue }
      let parts = piece.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      let key = try Self.decode(parts[0], at: offset)
      guard !key.isEmpty else { throw .emptyKey(position: offset) }
      let value =
        parts.count > 1 ? try Self.decode(parts[1], at: offset + parts[0].utf8.count + 1) : ""
      append(key: key, value: value)
      flags[flags.count - 1] = parts.count == 1
    }
  }

  /// Adds a pair.
  public mutating func append(key: String, value: String) {
    keys.append(key)
    values.append(value)
    flags.append(false)
  }

  /// Adds every pair of `other`, flags kept.
  public mutating func append(contentsOf other: QueryString) {
    keys += other.keys
    values += other.values
    flags += other.flags
  }

  /// Whether the last pair for `key` was written without `=` (`?descending`), which KAZOO
  /// reads as the value `true`.
  public func isFlag(_ key: String) -> Bool {
    keys.lastIndex(of: key).map { flags[$0] } ?? false
  }

  /// The last value for `key` as KAZOO reads it: `"true"` for a flag, the value otherwise.
  public func kazooValue(for key: String) -> String? {
    isFlag(key) ? "true" : value(for: key)
  }

  /// The last value given for `key`.
  public func value(for key: String) -> String? {
    keys.lastIndex(of: key).map { values[$0] }
  }

  /// Whether `key` appears.
  public func contains(_ key: String) -> Bool { keys.contains(key) }

  /// Equal when the pairs are equal in order.
  public static func == (lhs: QueryString, rhs: QueryString) -> Bool {
    lhs.keys == rhs.keys && lhs.values == rhs.values && lhs.flags == rhs.flags
  }

  /// Hashes the pairs.
  public func hash(into hasher: inout Hasher) {
    hasher.combine(keys)
    hasher.combine(values)
    hasher.combine(flags)
  }

  private static func decode(_ text: Substring, at start: Int) throws(QueryStringError) -> String {
    var bytes: [UInt8] = []
    var iterator = Array(text.utf8)[...]
    var position = start
    while let byte = iterator.popFirst() {
      if byte == UInt8(ascii: "+") {
        bytes.append(0x20)
      } else if byte == UInt8(ascii: "%") {
        guard iterator.count >= 2, let high = hexValue(iterator[iterator.startIndex]),
          let low = hexValue(iterator[iterator.startIndex + 1])
        else { throw .badPercentEscape(position: position) }
        bytes.append(high << 4 | low)
        iterator = iterator.dropFirst(2)
        position += 2
      } else {
        bytes.append(byte)
      }
      position += 1
    }
    guard let decoded = String(validating: bytes, as: UTF8.self) else {
      throw .notUTF8(position: start)
    }
    return decoded
  }

  private static func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
    default: nil
    }
  }
}

/// Why a query string is malformed.
public enum QueryStringError: Error, Sendable, Hashable, CustomStringConvertible {
  /// `%` not followed by two hex digits, at this 0-based character offset.
  case badPercentEscape(position: Int)
  /// The decoded bytes of the piece starting here are not UTF-8.
  case notUTF8(position: Int)
  /// A piece like `=value`.
  case emptyKey(position: Int)

  /// A human-readable explanation.
  public var message: String {
    switch self {
    case .badPercentEscape(let position):
      "malformed query string: '%' at offset \(position) is not followed by two hex digits"
    case .notUTF8(let position):
      "malformed query string: the text at offset \(position) does not decode to UTF-8"
    case .emptyKey(let position):
      "malformed query string: empty parameter name at offset \(position)"
    }
  }

  /// Same as ``message``.
  public var description: String { message }
}
