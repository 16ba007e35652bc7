import CDRKit

/// `cdr time`: one instant in every representation KAZOO uses.
enum TimeCommand: Subcommand {
  static let name = "time"
  static let summary = "Show a time in every KAZOO representation (gregorian, unix, ISO 8601, ...)"
  static let help = """
    USAGE: cdr time VALUE [--from gregorian|unix|unix-micro|iso8601] [--utc-offset SECONDS]
                          [--time-zone ID]

    Reads VALUE as gregorian seconds (KAZOO's timestamps; the default for an integer),
    Unix seconds, Unix microseconds (channel_created_time) or ISO 8601 text (the default
    for anything else; KAZOO's from_iso8601 forms), and prints one JSON object with every
    representation: gregorian_seconds, unix_seconds, unix_microseconds, unix_timestamp,
    unix_timestamp_micro, datetime (shifted by the offset or zone), datetime_utc,
    datetime_4.3, datetime_4.2, rfc_1036, iso_8601 (date only), iso_8601_combined (UTC),
    iso_8601_local (with the offset or zone), utc_offset_seconds and time_zone.

    A negative VALUE needs '--' before it: cdr time --from unix -- -86400

    OPTIONS:
      --from KIND           gregorian, unix, unix-micro or iso8601.
      --utc-offset SECONDS  KAZOO's utc_offset: seconds east of UTC (e.g. -18000), from
                            -64800 to 64800.
      --time-zone ID        An IANA time zone (America/New_York), DST applied.
      -h, --help            Show this help.

    EXIT STATUS: 0 success, 2 usage error (including a VALUE that cannot be read or an
    offset beyond 18 hours), 4 standard output could not be written.
    """

  static func run(_ arguments: [String], context: CommandContext) throws(UsageError) -> ExitCode {
    let parsed = try ParsedArguments(
      arguments, valued: ["--from", "--utc-offset", "--time-zone"], flags: [])
    guard parsed.operands.count == 1, let value = parsed.operands.first else {
      throw UsageError("expected exactly one VALUE")
    }
    let adjustment = try timeAdjustment(parsed)
    let kind =
      try parsed.choice("--from", of: ["gregorian", "unix", "unix-micro", "iso8601"])
      ?? (Int64(value) == nil ? "iso8601" : "gregorian")
    let instant: GregorianSeconds
    var microseconds: Int64?
    switch kind {
    case "iso8601":
      do {
        instant = try KazooISO8601.parse(value)
      } catch {
        throw UsageError("\(error.message) (\(error.kazooName))")
      }
    default:
      guard let number = Int64(value) else {
        throw UsageError("VALUE must be an integer for --from \(kind)")
      }
      switch kind {
      case "unix":
        guard let exact = GregorianSeconds(exactlyUnixSeconds: number) else {
          throw UsageError("VALUE is out of range")
        }
        instant = exact
      case "unix-micro":
        microseconds = number
        instant = GregorianSeconds(unixMicroseconds: number)
      default:
        instant = GregorianSeconds(number)
      }
    }
    guard instant.rawValue.magnitude < 1 << 62 else { throw UsageError("VALUE is out of range") }
    let micro = microseconds ?? instant.unixSeconds * 1_000_000
    let offset = adjustment.offsetSeconds(at: instant)
    let local = instant.adding(offset)
    var zoneName: JSONValue = .null
    if case .timeZone(let zone) = adjustment { zoneName = .string(zone.identifier) }
    let object: [String: JSONValue] = [
      "gregorian_seconds": .number(JSONNumber(instant.rawValue)),
      "unix_seconds": .number(JSONNumber(instant.unixSeconds)),
      "unix_microseconds": .number(JSONNumber(micro)),
      "unix_timestamp": .string(instant.unixTimestampText),
      "unix_timestamp_micro": .string(kazooUnixTimestampMicroText(micro)),
      "datetime": .string(local.prettyPrinted()),
      "datetime_utc": .string(instant.prettyPrinted()),
      "datetime_4.3": .string(local.prettyPrinted(style: .kazoo43)),
      "datetime_4.2": .string(local.prettyPrinted(style: .kazoo42)),
      "rfc_1036": .string(instant.rfc1036()),
      "iso_8601": .string(instant.iso8601Date),
      "iso_8601_combined": .string(instant.iso8601Combined()),
      "iso_8601_local": .string(instant.iso8601Combined(offsetSeconds: offset)),
      "utc_offset_seconds": .number(JSONNumber(offset)),
      "time_zone": zoneName,
    ]
    context.output.writeLine(JSONValue.object(object).jsonText)
    return .success
  }

  /// The `--utc-offset` / `--time-zone` choice shared by `time` and `csv`.
  static func timeAdjustment(_ parsed: ParsedArguments) throws(UsageError) -> TimeAdjustment {
    let offsetText = parsed.value("--utc-offset")
    let zoneText = parsed.value("--time-zone")
    if offsetText != nil, zoneText != nil {
      throw UsageError("give --utc-offset or --time-zone, not both")
    }
    if let offsetText {
      do {
        return .fixedOffset(try UTCOffset(parsing: offsetText).seconds)
      } catch {
        throw UsageError(error.message)
      }
    }
    if let zoneText {
      do {
        return try TimeAdjustment(timeZoneIdentifier: zoneText)
      } catch {
        throw UsageError(error.message)
      }
    }
    return .utc
  }
}
