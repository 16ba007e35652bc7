/// The `utc_offset` query value of KAZOO's CDR listing: seconds added to the UTC time of
/// the `datetime` column only (e.g. `-18000` for UTC−5).
///
/// Validation follows `cb_cdrs.erl`: absent is fine (no offset); present without a value,
/// or not a number, is refused with the message `utc_offset must be a number`. A "number"
/// is Erlang integer text (optional sign, digits) or Erlang float text (digits on both
/// sides of the point, optional exponent: `1.5`, `1.0e3`; `1e3` and `.5` are not numbers).
///
/// Difference from KAZOO: KAZOO lets a float through validation and then crashes while
/// formatting the date (HTTP 503). CDRKit refuses a fractional value up front with
/// ``UTCOffsetError/notWholeSeconds(_:)``; an integral float (`3600.0`) is accepted.
///
/// ```swift
/// try UTCOffset(parsing: "-14400").seconds  // -14400
/// try UTCOffset(parsing: "bla")             // throws UTCOffsetError.notANumber
/// ```
public struct UTCOffset: Sendable, Hashable, Codable {
  /// Seconds east of UTC.
  public var seconds: Int64

  /// An offset of `seconds` east of UTC.
  public init(seconds: Int64) {
    self.seconds = seconds
  }

  /// Parses the query value (`nil` text means the key was present without a value).
  public init(parsing text: String?) throws(UTCOffsetError) {
    guard let text else { throw .missingValue }
    if UTCOffset.isErlangInteger(text) {
      guard let value = Int64(text.first == "+" ? String(text.dropFirst()) : text) else {
        throw .notWholeSeconds(text)
      }
      self.seconds = value
      return
    }
    guard UTCOffset.isErlangFloat(text), let value = Double(text) else { throw .notANumber(text) }
    guard value.rounded(.towardZero) == value, abs(value) < 9.0e18 else {
      throw .notWholeSeconds(text)
    }
    self.seconds = Int64(value)
  }

  /// Erlang integer text: an optional sign and one or more digits.
  static func isErlangInteger(_ text: String) -> Bool {
    var bytes = Substring(text).utf8[...]
    if let first = bytes.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
      bytes = bytes.dropFirst()
    }
    return !bytes.isEmpty && bytes.allSatisfy { $0 >= 48 && $0 <= 57 }
  }

  /// Erlang float text: `[sign] digits . digits [(e|E) [sign] digits]`.
  static func isErlangFloat(_ text: String) -> Bool {
    let bytes = Array(text.utf8)
    var index = 0
    func digits() -> Bool {
      let start = index
      while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 { index += 1 }
      return index > start
    }
    if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
      index += 1
    }
    guard digits(), index < bytes.count, bytes[index] == UInt8(ascii: ".") else { return false }
    index += 1
    guard digits() else { return false }
    if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
      index += 1
      if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")
      {
        index += 1
      }
      guard digits() else { return false }
    }
    return index == bytes.count
  }
}

/// Why a `utc_offset` value was refused.
public enum UTCOffsetError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The key was given without a value (`?utc_offset`).
  case missingValue
  /// The value is not Erlang number text.
  case notANumber(String)
  /// A number that is not a whole count of seconds, or does not fit 64 bits
  /// (KAZOO accepts then crashes; CDRKit refuses).
  case notWholeSeconds(String)

  /// KAZOO's message (`utc_offset must be a number`), or CDRKit's for fractions.
  public var message: String {
    switch self {
    case .missingValue, .notANumber: "utc_offset must be a number"
    case .notWholeSeconds: "utc_offset must be a whole number of seconds"
    }
  }

  /// Same as ``message``.
  public var description: String { message }
}
