#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// A count of seconds since 0000-01-01T00:00:00Z in the proleptic Gregorian calendar with
/// a year 0: the way KAZOO (and Erlang's `calendar`) writes every CDR timestamp.
///
/// Conversions use exact integer arithmetic over the whole `Int64` range, so years before
/// 1970, after 2038, and even year 0 and negative years convert exactly. (Foundation's
/// `Calendar` has no year 0, so it is not used for these conversions.)
///
/// ```swift
/// let hangup = GregorianSeconds(63746438525)
/// hangup.unixSeconds                   // 1579219325
/// hangup.dateTime                      // 2020-01-17 00:02:05
/// GregorianSeconds(unixSeconds: 0)     // 62167219200
/// ```
public struct GregorianSeconds: RawRepresentable, Sendable, Hashable, Comparable, Codable {
  /// Gregorian seconds of the Unix epoch, 1970-01-01T00:00:00Z: 62167219200.
  public static let unixEpoch: Int64 = 62_167_219_200

  /// The seconds since 0000-01-01T00:00:00Z.
  public var rawValue: Int64

  /// Wraps a count of gregorian seconds.
  public init(rawValue: Int64) {
    self.rawValue = rawValue
  }

  /// Wraps a count of gregorian seconds.
  public init(_ value: Int64) {
    self.rawValue = value
  }

  /// Wraps a count of gregorian seconds.
  public init(_ value: Int) {
    self.rawValue = Int64(value)
  }

  /// Converts Unix seconds. Returns `nil` when the result overflows `Int64`.
  public init?(exactlyUnixSeconds unixSeconds: Int64) {
    let (value, overflow) = unixSeconds.addingReportingOverflow(GregorianSeconds.unixEpoch)
    guard !overflow else { return nil }
    self.rawValue = value
  }

  /// Converts Unix seconds (`unixSeconds + 62167219200`), saturating at the ends of `Int64`.
  public init(unixSeconds: Int64) {
    self.rawValue =
      GregorianSeconds(exactlyUnixSeconds: unixSeconds)?.rawValue
      ?? (unixSeconds < 0 ? .min : .max)
  }

  /// Converts Unix microseconds (the unit of `channel_created_time`), truncating toward
  /// zero as KAZOO's `microseconds_to_seconds` does.
  public init(unixMicroseconds: Int64) {
    self.init(unixSeconds: unixMicroseconds / 1_000_000)
  }

  /// Converts a `Date`, rounding down to the whole second (toward the past).
  public init(_ date: Date) {
    let seconds = date.timeIntervalSince1970.rounded(.down)
    let clamped = max(min(seconds, 9.2e18), -9.2e18)
    self.init(unixSeconds: Int64(clamped))
  }

  /// Unix seconds: `rawValue − 62167219200` (saturating at the ends of `Int64`).
  public var unixSeconds: Int64 {
    let (value, overflow) = rawValue.subtractingReportingOverflow(GregorianSeconds.unixEpoch)
    return overflow ? (rawValue < 0 ? .min : .max) : value
  }

  /// The instant as a `Date`.
  public var date: Date {
    Date(timeIntervalSince1970: TimeInterval(unixSeconds))
  }

  /// This instant moved by `seconds`.
  public func adding(_ seconds: Int64) -> GregorianSeconds {
    GregorianSeconds(
      rawValue.addingReportingOverflow(seconds).overflow
        ? (seconds < 0 ? .min : .max) : rawValue + seconds)
  }

  /// Orders instants.
  public static func < (lhs: GregorianSeconds, rhs: GregorianSeconds) -> Bool {
    lhs.rawValue < rhs.rawValue
  }

  /// Decodes from a JSON integer.
  public init(from decoder: any Decoder) throws {
    self.rawValue = try decoder.singleValueContainer().decode(Int64.self)
  }

  /// Encodes as a JSON integer.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(rawValue)
  }
}

extension GregorianSeconds: CustomStringConvertible {
  /// The raw count, as KAZOO prints it.
  public var description: String { String(rawValue) }
}
