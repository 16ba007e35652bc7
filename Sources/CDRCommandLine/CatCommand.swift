import CDRKit

/// `cdr cat`: read CDRs in any supported shape and write them back as NDJSON, losslessly.
enum CatCommand: Subcommand {
  static let name = "cat"
  static let summary = "Read CDRs (NDJSON, JSON array, document, API envelope) and write NDJSON"
  static let help = """
    USAGE: cdr cat [FILE...] [--max-record-bytes N] [--quiet]

    Reads every record from each FILE (no FILE or '-': standard input) and writes each
    accepted record as one compact JSON line on standard output, keeping every field and
    number exactly. Each rejected record is reported on standard error as
    FILE:LINE: reason, followed by a summary line: N read, A accepted, R rejected.

    The input shape is detected: NDJSON, a JSON array, one document, or KAZOO's API
    envelope ({"data": [...]}).

    OPTIONS:
      --max-record-bytes N   Reject records larger than N bytes (default 67108864).
      --quiet                No progress line (shown on standard error when it is a terminal).
      -h, --help             Show this help.

    EXIT STATUS: 0 all accepted, 1 some rejected, 2 usage error, 3 a file could not be opened,
    4 standard output could not be written, 141 standard output was closed (| head).
    """

  static func run(_ arguments: [String], context: CommandContext) throws(UsageError) -> ExitCode {
    let parsed = try ParsedArguments(
      arguments, valued: ["--max-record-bytes"], flags: [quietFlag])
    var options = CDRReader.Options()
    if let limit = try parsed.integer("--max-record-bytes") {
      guard limit > 0 else { throw UsageError("--max-record-bytes must be positive") }
      options.maximumRecordBytes = limit
    }
    let inputs = InputSet(parsed.operands)
    let progress = ProgressMeter(
      context: context, operands: inputs.operands, quiet: parsed.has(quietFlag))
    var line: [UInt8] = []
    let read = inputs.forEachEvent(context: context, options: options, progress: progress) {
      event in
      switch event {
      case .record(let record, _):
        line.removeAll(keepingCapacity: true)
        record.json.write(to: &line)
        line.append(0x0A)
        context.output.write(line)
      case .rejection(let rejection):
        context.report(rejection.description)
      }
    }
    context.writeSummary(read.totals.summary)
    return read.totals.exitCode(allOpened: read.allOpened)
  }
}
