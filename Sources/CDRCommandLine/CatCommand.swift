import CDRKit

/// `cdr cat`: read CDRs in any supported shape and write them back as NDJSON, losslessly.
enum CatCommand: Subcommand {
  static let name = "cat"
  static let summary = "Read CDRs (NDJSON, JSON array, document, API envelope) and write NDJSON"
  static let help = """
    USAGE: cdr cat [FILE...] [--max-record-bytes N]

    Reads every record from each FILE (no FILE or '-': standard input) and writes each
    accepted record as one compact JSON line on standard output, keeping every field and
    number exactly. Each rejected record is reported on standard error as
    FILE:LINE: reason, followed by a summary line: N read, A accepted, R rejected.

    The input shape is detected: NDJSON, a JSON array, one document, or KAZOO's API
    envelope ({"data": [...]}).

    OPTIONS:
      --max-record-bytes N   Reject records larger than N bytes (default 67108864).
      -h, --help             Show this help.

    EXIT STATUS: 0 all accepted, 1 some rejected, 2 usage error, 3 a file could not be opened.
    """

  static func run(_ arguments: [String], context: CommandContext) throws(UsageError) -> ExitCode {
    let parsed = try ParsedArguments(arguments, valued: ["--max-record-bytes"], flags: [])
    var options = CDRReader.Options()
    if let limit = try parsed.integer("--max-record-bytes") {
      guard limit > 0 else { throw UsageError("--max-record-bytes must be positive") }
      options.maximumRecordBytes = limit
    }
    var totals = ReadTotals()
    var line: [UInt8] = []
    let allOpened = InputSet(parsed.operands).forEachReader(context: context, options: options) {
      reader in
      for event in reader {
        switch event {
        case .record(let record, _):
          line.removeAll(keepingCapacity: true)
          record.json.write(to: &line)
          line.append(0x0A)
          context.output.write(line)
        case .rejection(let rejection):
          context.errors.writeLine(rejection.description)
        }
      }
      totals.add(reader.statistics)
    }
    context.errors.writeLine(totals.summary)
    return totals.exitCode(allOpened: allOpened)
  }
}
