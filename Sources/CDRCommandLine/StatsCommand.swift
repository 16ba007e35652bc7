import CDRKit
import Foundation

/// `cdr stats`: call KPIs over interactions and over raw legs.
enum StatsCommand: Subcommand {
  static let name = "stats"
  static let summary = "Call KPIs (ASR, ACD, billed minutes, ringing, legs per call, transfers)"
  static let help = """
    USAGE: cdr stats [FILE...] [--by account|owner|direction|day] [--time-zone ID]
                     [--link KEYS] [--max-record-bytes N] [--quiet]

    Reads CDRs from each FILE (no FILE or '-': standard input), groups legs into
    interactions and writes one JSON object:
      {"interactions": KPIS, "legs": KPIS, "by": DIMENSION, "groups": [{"key": ...,
       "interactions": KPIS, "legs": KPIS}, ...]}
    "interactions" counts one call per interaction; "legs" counts every leg as a call, as
    KAZOO's listings do. KPIS holds calls, answered_calls, asr, acd_seconds,
    billing_seconds, billed_minutes, average_ringing_seconds, legs, legs_per_call and
    transfers. "by" and "groups" appear only with --by; groups are sorted by key.
    Rejected records are reported on standard error, then: N read, A accepted, R rejected.

    OPTIONS:
      --by DIMENSION       account, owner (an interaction counts for every owner it has),
                           direction, or day (YYYY-MM-DD of the start in --time-zone).
      --time-zone ID       IANA zone name (America/New_York) or UTC for --by day (default UTC).
      --link KEYS          Comma-separated keys that join legs: other-leg, bridge, loopback,
                           interaction-id (default other-leg,bridge,loopback).
      --max-record-bytes N Reject records larger than N bytes (default 67108864).
      --quiet              No progress line (shown on standard error when it is a terminal).
      -h, --help           Show this help.

    EXIT STATUS: 0 all accepted, 1 some rejected, 2 usage error, 3 a file could not be opened,
    4 standard output could not be written, 141 standard output was closed (| head).
    """

  static func run(_ arguments: [String], context: CommandContext) throws(UsageError) -> ExitCode {
    let parsed = try ParsedArguments(
      arguments, valued: InteractionCommandSupport.valuedOptions.union(["--by", "--time-zone"]),
      flags: InteractionCommandSupport.flags)
    let links = try InteractionCommandSupport.links(parsed)
    let options = try InteractionCommandSupport.readerOptions(parsed)
    let by = try parsed.choice("--by", of: ["account", "owner", "direction", "day"])
    var zone = TimeZone(secondsFromGMT: 0)
    if let name = parsed.value("--time-zone") {
      guard let named = TimeZone(identifier: name) else {
        throw UsageError("unknown time zone '\(name)'")
      }
      zone = named
    }
    let dimension: StatisticsDimension? =
      switch by {
      case "account": .account
      case "owner": .owner
      case "direction": .direction
      case "day": zone.map { .day($0) }
      default: nil
      }
    var records: [CallDetailRecord] = []
    let read = InteractionCommandSupport.forEachRecord(
      parsed.operands, options: options, context: context,
      progress: InteractionCommandSupport.progress(
        parsed, operands: parsed.operands, context: context)
    ) { records.append($0) }
    let interactions = InteractionGrouper(links: links).group(records).interactions
    defer {
      context.keepUntilExit(interactions)
      context.keepUntilExit(records)
    }
    var object: [String: JSONValue] = [
      "interactions": InteractionStatistics(interactions: interactions).json,
      "legs": InteractionStatistics(legs: records).json,
    ]
    if let by, let dimension {
      let perInteraction = InteractionStatistics.grouped(interactions, by: dimension)
      let perLeg = Dictionary(
        InteractionStatistics.grouped(legs: records, by: dimension).map { ($0.key, $0.statistics) },
        uniquingKeysWith: { first, _ in first })
      let keys = Set(perInteraction.map(\.key)).union(perLeg.keys).sorted {
        $0.utf8.lexicographicallyPrecedes($1.utf8)
      }
      let interactionGroups = Dictionary(
        perInteraction.map { ($0.key, $0.statistics) }, uniquingKeysWith: { first, _ in first })
      object["by"] = .string(by)
      object["groups"] = .array(
        keys.map { key in
          .object([
            "key": .string(key),
            "interactions": (interactionGroups[key] ?? InteractionStatistics()).json,
            "legs": (perLeg[key] ?? InteractionStatistics()).json,
          ])
        })
    }
    InteractionCommandSupport.writeLine(.object(object), to: context.output)
    context.writeSummary(read.totals.summary)
    return read.totals.exitCode(allOpened: read.allOpened)
  }
}
