extension GregorianSeconds {
  /// KAZOO's pretty-printed date and time (`kz_time:pretty_print_datetime/1`): every field
  /// zero-padded, the year to at least four digits.
  ///
  /// ```swift
  /// GregorianSeconds(63_652_662_294).prettyPrinted()                 // "2017-01-26_15:04:54"
  /// GregorianSeconds(63_652_662_294).prettyPrinted(style: .kazoo43)  // "2017-01-26 15:04:54"
  /// ```
  public func prettyPrinted(style: KazooDateTimeStyle = .master) -> String {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(24)
    appendPrettyPrinted(style: style, to: &bytes)
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Appends ``prettyPrinted(style:)``'s text to `bytes`.
  package func appendPrettyPrinted(style: KazooDateTimeStyle, to bytes: inout [UInt8]) {
    let civil = dateTime
    _ASCIIText.appending(to: &bytes) { text in
      text.appendDate(civil, separator: "-")
      switch style {
      case .master:
        text.append("_")
        text.appendTime(civil, separator: ":")
      case .kazoo43:
        text.append(" ")
        text.appendTime(civil, separator: ":")
      case .kazoo42:
        text.append("_")
        text.appendTime(civil, separator: "-")
      }
    }
  }

  /// The RFC 1036 date KAZOO writes (`kz_time:rfc1036/2`): `Www, DD Mon YYYY HH:MM:SS ZONE`,
  /// year not padded, the zone text appended as given (the instant is not shifted).
  ///
  /// The text is the bare date: CDRKit does not add quotation marks around it, whatever
  /// KAZOO's writers do with it; CSV quoting is the CSV writer's job.
  ///
  /// ```swift
  /// GregorianSeconds(63_595_733_389).rfc1036()  // "Wed, 08 Apr 2015 17:29:49 GMT"
  /// ```
  public func rfc1036(zone: String = "GMT") -> String {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(32)
    appendRFC1036(zone: zone, to: &bytes)
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Appends ``rfc1036(zone:)``'s text to `bytes`.
  package func appendRFC1036(zone: String = "GMT", to bytes: inout [UInt8]) {
    let civil = dateTime
    _ASCIIText.appending(to: &bytes) { text in
      text.append(Self.weekdayNames[civil.weekday - 1])
      text.append(", ")
      text.append2(civil.day)
      text.append(" ")
      text.append(Self.monthNames[civil.month - 1])
      text.append(" ")
      text.appendInteger(civil.year)
      text.append(" ")
      text.appendTime(civil, separator: ":")
      text.append(" ")
      text.append(zone)
    }
  }

  /// The ISO 8601 extended date only, `YYYY-MM-DD` (`kz_date:to_iso8601_extended/1`), as
  /// KAZOO's `iso_8601` listing column shows it.
  public var iso8601Date: String {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(16)
    appendISO8601Date(to: &bytes)
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Appends ``iso8601Date``'s text to `bytes`.
  package func appendISO8601Date(to bytes: inout [UInt8]) {
    let civil = dateTime
    _ASCIIText.appending(to: &bytes) { $0.appendDate(civil, separator: "-") }
  }

  /// The ISO 8601 basic date, `YYYYMMDD` (`kz_date:to_iso8601/1`).
  public var iso8601BasicDate: String {
    let civil = dateTime
    var text = _ASCIIText()
    text.appendYear(civil.year)
    text.append2(civil.month)
    text.append2(civil.day)
    return text.string
  }

  /// The time of day, `HH:MM:SS` (`kz_time:iso8601_time/1`).
  public var iso8601Time: String {
    var text = _ASCIIText()
    text.appendTime(dateTime, separator: ":")
    return text.string
  }

  /// The combined ISO 8601 date and time (`kz_time:iso8601/2`): the wall time at
  /// `offsetSeconds` east of UTC followed by `Z` (offset 0) or `±HH:MM` (seconds of the
  /// offset dropped).
  ///
  /// ```swift
  /// GregorianSeconds(63_595_733_389).iso8601Combined()                       // "2015-04-08T17:29:49Z"
  /// GregorianSeconds(63_595_733_389).iso8601Combined(offsetSeconds: -18000)  // "2015-04-08T12:29:49-05:00"
  /// ```
  public func iso8601Combined(offsetSeconds: Int64 = 0) -> String {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(32)
    appendISO8601Combined(offsetSeconds: offsetSeconds, to: &bytes)
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Appends ``iso8601Combined(offsetSeconds:)``'s text to `bytes`.
  package func appendISO8601Combined(offsetSeconds: Int64 = 0, to bytes: inout [UInt8]) {
    let civil = adding(offsetSeconds).dateTime
    _ASCIIText.appending(to: &bytes) { text in
      text.appendDate(civil, separator: "-")
      text.append("T")
      text.appendTime(civil, separator: ":")
      if offsetSeconds == 0 {
        text.append("Z")
      } else {
        let magnitude = offsetSeconds.magnitude
        text.append(offsetSeconds < 0 ? "-" : "+")
        text.append2(Int(magnitude / 3600 % 100))
        text.append(":")
        text.append2(Int(magnitude / 60 % 60))
      }
    }
  }

  /// The combined ISO 8601 text in a time zone (`kz_time:iso8601/2` with a zone): the
  /// zone's offset at this instant, DST included.
  public func iso8601Combined(in adjustment: TimeAdjustment) -> String {
    iso8601Combined(offsetSeconds: adjustment.offsetSeconds(at: self))
  }

  /// The Unix time as decimal text (`unix_timestamp` column).
  public var unixTimestampText: String { String(unixSeconds) }

  /// KAZOO's unpadded date `Y-M-D` (`kz_time:format_date/1`).
  public var unpaddedDate: String {
    let civil = dateTime
    return "\(civil.year)-\(civil.month)-\(civil.day)"
  }

  /// KAZOO's unpadded time `H:M:S` (`kz_time:format_time/1`).
  public var unpaddedTime: String {
    let civil = dateTime
    return "\(civil.hour):\(civil.minute):\(civil.second)"
  }

  static let weekdayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
  static let monthNames = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
  ]
}

/// KAZOO's `unix_timestamp_micro` text for a Unix time in microseconds:
/// the float `(M div 10^6) + (M rem 10^6) / 10^6` in ``KazooFloatText`` form.
///
/// ```swift
/// kazooUnixTimestampMicroText(1_579_219_200_123_456)  // "1579219200.123456"
/// kazooUnixTimestampMicroText(1_579_219_200_000_000)  // "1579219200.0"
/// ```
public func kazooUnixTimestampMicroText(_ microseconds: Int64) -> String {
  KazooFloatText.format(kazooUnixTimestampMicroValue(microseconds))
}

/// The float behind ``kazooUnixTimestampMicroText(_:)``:
/// `(M div 10^6) + (M rem 10^6) / 10^6`.
package func kazooUnixTimestampMicroValue(_ microseconds: Int64) -> Double {
  let whole = microseconds / 1_000_000
  let fraction = microseconds % 1_000_000
  return Double(whole) + Double(fraction) / 1_000_000
}
