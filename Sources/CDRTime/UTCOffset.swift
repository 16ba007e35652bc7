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
/// KAZOO accepts any integer; CDRKit refuses an offset outside ``validRange`` (±18 hours,
/// the widest offset Foundation's `TimeZone` and ISO 8601 tools accept) with
/// ``UTCOffsetError/outOfRange(_:)``: `9223372036854775807` would otherwise put the
/// `datetime` column in the year 292277024626.
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

  /// The offsets ``init(parsing:)`` accepts: −64800...64800 seconds (±18 hours).
  public static let validRange: ClosedRange<Int64> = -64_800...64_800

  /// Parses the query value (`nil` text means the key was present without a value).
  ///
  /// - Throws: ``UTCOffsetError`` when the text is not a whole number of seconds, or the
  ///   number is outside ``validRange``.
  public init(parsing text: String?) throws(UTCOffsetError) {
    guard let text else { throw .missingValue }
    let value: Int64
    if UTCOffset.isErlangInteger(text) {
      let digits = text.first == "+" ? Substring(text.dropFirst()) : Substring(text)
      guard let integer = Int64(digits) else {
        // Digits that do not fit 64 bits are out of any range.
        throw .outOfRange(text)
      }
      value = integer
    } else {
      guard UTCOffset.isErlangFloat(text), let number = Double(text) else {
        throw .notANumber(text)
      }
      guard number.rounded(.towardZero) == number else { throw .notWholeSeconds(text) }
      guard abs(number) <= Double(Self.validRange.upperBound) else { throw .outOfRange(text) }
      value = Int64(number)
    }
    guard Self.validRange.contains(value) else { throw .outOfRange(text) }
    self.seconds = value
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
  /// A number that is not a whole count of seconds (KAZOO accepts then crashes; CDRKit
  /// refuses).
  case notWholeSeconds(String)
  /// A whole number of seconds outside ``UTCOffset/validRange`` (±18 hours), including
  /// numbers too large for 64 bits (KAZOO accepts any integer; CDRKit refuses).
  case outOfRange(String)

  /// KAZOO's message (`utc_offset must be a number`), or CDRKit's for fractions and
  /// offsets out of range.
  public var message: String {
    switch self {
    case .missingValue, .notANumber: "utc_offset must be a number"
    case .notWholeSeconds: "utc_offset must be a whole number of seconds"
    case .outOfRange(let text):
      "utc_offset must be between -64800 and 64800 seconds (18 hours either side of UTC), got \(text)"
    }
  }

  /// Same as ``message``.
  public var description: String { message }
}
