/// KAZOO's ISO 8601 reader (`kz_time:from_iso8601/1`).
///
/// Accepts a date `YYYY-MM-DD` or `YYYYMMDD`, optionally followed by `T` and a time
/// `HH:MM:SS` or `HHMMSS`, optionally followed by `Z`, `±HH:MM`, `±HHMM` or `±HH`.
/// The wall time is converted to UTC; no offset means UTC. Errors name the part that is
/// wrong, as KAZOO's `invalid_date`, `invalid_time` and `invalid_offset` do.
///
/// ```swift
/// try KazooISO8601.parse("2015-04-07T04:33:02+03:30").iso8601Combined()  // "2015-04-07T01:03:02Z"
/// try KazooISO8601.parse("2015/04/07")                                  // throws .invalidDate
/// ```
public enum KazooISO8601 {
  /// Parses `text` into UTC gregorian seconds.
  public static func parse(_ text: String) throws(ISO8601ParseError) -> GregorianSeconds {
    let bytes = Array(text.utf8)
    let timeMarker = bytes.firstIndex(of: UInt8(ascii: "T"))
    let dateBytes = bytes[..<(timeMarker ?? bytes.count)]
    guard let (year, month, day) = parseDate(dateBytes) else { throw .invalidDate(text) }
    var hour = 0
    var minute = 0
    var second = 0
    var offset: Int64 = 0
    if let timeMarker {
      let rest = bytes[(timeMarker + 1)...]
      let offsetStart =
        rest.firstIndex {
          $0 == UInt8(ascii: "Z") || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-")
        }
        ?? rest.endIndex
      guard let time = parseTime(rest[..<offsetStart]) else { throw .invalidTime(text) }
      (hour, minute, second) = time
      if offsetStart < rest.endIndex {
        guard let parsed = parseOffset(rest[offsetStart...]) else { throw .invalidOffset(text) }
        offset = parsed
      }
    }
    guard
      let civil = CivilDateTime(
        year: year, month: month, day: day, hour: hour, minute: minute, second: second),
      let local = GregorianSeconds(civil)
    else { throw .invalidDate(text) }
    return local.adding(-offset)
  }

  private static func number(_ bytes: ArraySlice<UInt8>) -> Int? {
    guard !bytes.isEmpty, bytes.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
    return bytes.reduce(0) { $0 * 10 + Int($1 - 48) }
  }

  /// Splits `bytes` into fields of the given widths, with `separator` between them or not
  /// at all (all fields must agree).
  private static func fields(_ bytes: ArraySlice<UInt8>, widths: [Int], separator: UInt8) -> [Int]?
  {
    let compactLength = widths.reduce(0, +)
    let separated = bytes.count == compactLength + widths.count - 1
    guard separated || bytes.count == compactLength else { return nil }
    var result: [Int] = []
    var index = bytes.startIndex
    for (position, width) in widths.enumerated() {
      if separated, position > 0 {
        guard bytes[index] == separator else { return nil }
        index += 1
      }
      guard let value = number(bytes[index..<(index + width)]) else { return nil }
      result.append(value)
      index += width
    }
    return result
  }

  private static func parseDate(_ bytes: ArraySlice<UInt8>) -> (Int64, Int, Int)? {
    guard let values = fields(bytes, widths: [4, 2, 2], separator: UInt8(ascii: "-")) else {
      return nil
    }
    let year = Int64(values[0])
    guard (1...12).contains(values[1]), values[2] >= 1,
      values[2] <= CivilDateTime.daysIn(month: values[1], year: year)
    else { return nil }
    return (year, values[1], values[2])
  }

  private static func parseTime(_ bytes: ArraySlice<UInt8>) -> (Int, Int, Int)? {
    guard let values = fields(bytes, widths: [2, 2, 2], separator: UInt8(ascii: ":")),
      values[0] < 24, values[1] < 60, values[2] < 60
    else { return nil }
    return (values[0], values[1], values[2])
  }

  private static func parseOffset(_ bytes: ArraySlice<UInt8>) -> Int64? {
    guard let sign = bytes.first else { return nil }
    if sign == UInt8(ascii: "Z") { return bytes.count == 1 ? 0 : nil }
    let body = bytes.dropFirst()
    let values: [Int]?
    if body.count == 2 {
      values = number(body).map { [$0, 0] }
    } else {
      values = fields(body, widths: [2, 2], separator: UInt8(ascii: ":"))
    }
    guard let values, values[0] < 24, values[1] < 60 else { return nil }
    let seconds = Int64(values[0] * 3600 + values[1] * 60)
    return sign == UInt8(ascii: "-") ? -seconds : seconds
  }
}

/// Why ``KazooISO8601/parse(_:)`` refused a text (each case carries the text).
public enum ISO8601ParseError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The date part is not `YYYY-MM-DD`/`YYYYMMDD` or not a calendar date (`invalid_date`).
  case invalidDate(String)
  /// The time part is not `HH:MM:SS`/`HHMMSS` (`invalid_time`).
  case invalidTime(String)
  /// The offset is not `Z`, `±HH:MM`, `±HHMM` or `±HH` (`invalid_offset`).
  case invalidOffset(String)

  /// KAZOO's error name: `invalid_date`, `invalid_time` or `invalid_offset`.
  public var kazooName: String {
    switch self {
    case .invalidDate: "invalid_date"
    case .invalidTime: "invalid_time"
    case .invalidOffset: "invalid_offset"
    }
  }

  /// A human explanation.
  public var message: String {
    switch self {
    case .invalidDate(let text): "invalid date in '\(text)': expected YYYY-MM-DD or YYYYMMDD"
    case .invalidTime(let text): "invalid time in '\(text)': expected HH:MM:SS or HHMMSS"
    case .invalidOffset(let text): "invalid offset in '\(text)': expected Z, +HH:MM, +HHMM or +HH"
    }
  }

  /// Same as ``message``.
  public var description: String { message }
}
