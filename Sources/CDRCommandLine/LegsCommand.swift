import CDRKit

/// `cdr legs ID`: the legs of one interaction, in order (KAZOO's `cdrs/legs/{id}`).
enum LegsCommand: Subcommand {
  static let name = "legs"
  static let summary =
    "Print the legs of the call that holds a call id, document id or interaction id"
  static let help = """
    USAGE: cdr legs ID [FILE...] [--link KEYS] [--max-record-bytes N] [--quiet]

    Reads CDRs from each FILE (no FILE or '-': standard input), groups them into
    interactions and writes the legs of the interaction that holds ID — a call id, a CDR
    document id (YYYYMM-call_id) or an interaction id, tried in that order — one document
    per line, earliest channel time first (as KAZOO's cdrs/legs/{id} returns them).
    Rejected records are reported on standard error, then: N read, A accepted, R rejected.

    OPTIONS:
      --link KEYS          Comma-separated keys that join legs: other-leg, bridge, loopback,
                           interaction-id (default other-leg,bridge,loopback).
      --max-record-bytes N Reject records larger than N bytes (default 67108864).
      --quiet              No progress line (shown on standard error when it is a terminal).
      -h, --help           Show this help.

    EXIT STATUS: 0 found and all accepted, 1 some rejected or no interaction holds ID,
    2 usage error, 3 a file could not be opened, 4 standard output could not be written,
    141 standard output was closed (| head).
    """

  static func run(_ arguments: [String], context: CommandContext) throws(UsageError) -> ExitCode {
    let parsed = try ParsedArguments(
      arguments, valued: InteractionCommandSupport.valuedOptions,
      flags: InteractionCommandSupport.flags)
    guard let id = parsed.operands.first else { throw UsageError("missing ID") }
    let links = try InteractionCommandSupport.links(parsed)
    let options = try InteractionCommandSupport.readerOptions(parsed)
    var records: [CallDetailRecord] = []
    let operands = Array(parsed.operands.dropFirst())
    let read = InteractionCommandSupport.forEachRecord(
      operands, options: options, context: context,
      progress: InteractionCommandSupport.progress(parsed, operands: operands, context: context)
    ) { records.append($0) }
    let grouping = InteractionGrouper(links: links).group(records)
    defer {
      context.keepUntilExit(grouping)
      context.keepUntilExit(records)
    }
    context.writeSummary(read.totals.summary)
    guard let legs = grouping.legs(of: id) else {
      context.report("cdr legs: no interaction holds '\(id)'")
      let code = read.totals.exitCode(allOpened: read.allOpened)
      return code == .success ? .recordsRejected : code
    }
    for leg in legs {
      guard !context.outputFailed else { break }
      InteractionCommandSupport.writeLine(leg.json, to: context.output)
    }
    return read.totals.exitCode(allOpened: read.allOpened)
  }
}
