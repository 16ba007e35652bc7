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

  /// Forces the record path (tests compare the two paths). Task-local, so a test that sets
  /// it does not change what tests running at the same time see.
  @TaskLocal static var usesRecordPath = false

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
    let interactionKPIs: InteractionStatistics
    let legKPIs: InteractionStatistics
    var perInteraction: [(key: String, statistics: InteractionStatistics)] = []
    var perLeg: [(key: String, statistics: InteractionStatistics)] = []
    let read: (totals: ReadTotals, allOpened: Bool)
    if usesRecordPath {
      var records: [CallDetailRecord] = []
      read = InteractionCommandSupport.forEachRecord(
        parsed.operands, options: options, context: context,
        progress: InteractionCommandSupport.progress(
          parsed, operands: parsed.operands, context: context)
      ) { records.append($0) }
      let interactions = InteractionGrouper(links: links).group(records).interactions
      defer {
        context.keepUntilExit(interactions)
        context.keepUntilExit(records)
      }
      interactionKPIs = InteractionStatistics(interactions: interactions)
      legKPIs = InteractionStatistics(legs: records)
      if let dimension {
        perInteraction = InteractionStatistics.grouped(interactions, by: dimension)
        perLeg = InteractionStatistics.grouped(legs: records, by: dimension)
      }
    } else {
      // The leg table: no record or interaction values, the same figures.
      let tableRead = InteractionCommandSupport.readTable(
        parsed.operands, options: options, context: context, keepingCallerAndCallee: false,
        joining: links,
        progress: InteractionCommandSupport.progress(
          parsed, operands: parsed.operands, context: context))
      read = (tableRead.totals, tableRead.allOpened)
      let table = tableRead.table
      let partition = InteractionGrouper(links: links).partition(table)
      defer {
        context.keepUntilExit(table)
        context.keepUntilExit(partition)
      }
      interactionKPIs = InteractionStatistics(interactionsOf: table, partition: partition)
      legKPIs = InteractionStatistics(legsOf: table)
      if let dimension {
        perInteraction = InteractionStatistics.grouped(
          interactionsOf: table, partition: partition, by: dimension)
        perLeg = InteractionStatistics.grouped(legsOf: table, by: dimension)
      }
    }
    var object: [String: JSONValue] = [
      "interactions": interactionKPIs.json,
      "legs": legKPIs.json,
    ]
    if let by, dimension != nil {
      let legGroups = Dictionary(
        perLeg.map { ($0.key, $0.statistics) }, uniquingKeysWith: { first, _ in first })
      let keys = Set(perInteraction.map(\.key)).union(legGroups.keys).sorted {
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
            "legs": (legGroups[key] ?? InteractionStatistics()).json,
          ])
        })
    }
    InteractionCommandSupport.writeLine(.object(object), to: context.output)
    context.writeSummary(read.totals.summary)
    return read.totals.exitCode(allOpened: read.allOpened)
  }
}
