import Foundation

/// How a listing's local `datetime` is derived from a UTC instant.
///
/// KAZOO's `utc_offset` query value is a fixed number of seconds (``fixedOffset(_:)``) added
/// to every record of a listing. A range that crosses a daylight-saving change is therefore
/// off by an hour on one side of the change. CDRKit also offers ``timeZone(_:)``: an IANA
/// zone (Foundation `TimeZone`) whose offset is looked up for each record's own instant,
/// so every record shows its correct local time.
///
/// ```swift
/// let newYork = TimeAdjustment.timeZone(TimeZone(identifier: "America/New_York")!)
/// newYork.offsetSeconds(at: GregorianSeconds(unixSeconds: 1_710_054_000))  // -14400 (EDT)
/// ```
public enum TimeAdjustment: Sendable, Hashable {
  /// UTC: no adjustment (`utc_offset` absent).
  case utc
  /// A fixed number of seconds east of UTC (KAZOO's `utc_offset`).
  case fixedOffset(Int64)
  /// An IANA time zone, applied per instant with its DST rules.
  case timeZone(TimeZone)

  /// Seconds east of UTC in effect at `instant`.
  public func offsetSeconds(at instant: GregorianSeconds) -> Int64 {
    switch self {
    case .utc: 0
    case .fixedOffset(let seconds): seconds
    case .timeZone(let zone):
      Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(instant.unixSeconds))))
    }
  }

  /// The local wall time of `instant` as gregorian seconds (the UTC instant shifted by the
  /// offset in effect).
  public func localTime(_ instant: GregorianSeconds) -> GregorianSeconds {
    instant.adding(offsetSeconds(at: instant))
  }

  /// Parses a time zone value the way `kz_time:adjust_utc_timestamp/2` reads one:
  /// `UTC`, `Etc/UTC`, `GMT`, `+00:00` ⇒ ``utc``; `+HH:MM`/`-HH:MM` (exactly two digits
  /// each) ⇒ ``fixedOffset(_:)``; any other text starting with a sign ⇒
  /// ``TimeAdjustmentError/invalidOffset(_:)``; anything else is an IANA zone name,
  /// unknown ⇒ ``TimeAdjustmentError/unknownTimeZone(_:)``.
  public init(kazooZone text: String) throws(TimeAdjustmentError) {
    switch text {
    case "UTC", "Etc/UTC", "GMT", "+00:00":
      self = .utc
      return
    default: break
    }
    if let sign = text.first, sign == "+" || sign == "-" {
      let bytes = Array(text.utf8)
      func digit(_ index: Int) -> Int64? {
        let value = Int64(bytes[index]) - 48
        return (0...9).contains(value) ? value : nil
      }
      guard bytes.count == 6, bytes[3] == UInt8(ascii: ":"), let h1 = digit(1), let h2 = digit(2),
        let m1 = digit(4), let m2 = digit(5)
      else { throw .invalidOffset(text) }
      let seconds = (h1 * 10 + h2) * 3600 + (m1 * 10 + m2) * 60
      self = .fixedOffset(sign == "-" ? -seconds : seconds)
      return
    }
    guard let zone = TimeZone(identifier: text) else { throw .unknownTimeZone(text) }
    self = .timeZone(zone)
  }

  /// An IANA time zone by identifier (`America/New_York`), or
  /// ``TimeAdjustmentError/unknownTimeZone(_:)``.
  public init(timeZoneIdentifier identifier: String) throws(TimeAdjustmentError) {
    guard !identifier.isEmpty, let zone = TimeZone(identifier: identifier) else {
      throw .unknownTimeZone(identifier)
    }
    self = .timeZone(zone)
  }
}

/// Why a time zone value was refused.
public enum TimeAdjustmentError: Error, Sendable, Hashable, CustomStringConvertible {
  /// Text starting with `+`/`-` that is not `±HH:MM` (KAZOO's `invalid_offset`).
  case invalidOffset(String)
  /// A zone name Foundation does not know (KAZOO's `unknown_tz`).
  case unknownTimeZone(String)

  /// A human explanation.
  public var message: String {
    switch self {
    case .invalidOffset(let text): "invalid offset '\(text)': expected +HH:MM or -HH:MM"
    case .unknownTimeZone(let text):
      "unknown time zone '\(text)': expected an IANA name such as America/New_York"
    }
  }

  /// Same as ``message``.
  public var description: String { message }
}
