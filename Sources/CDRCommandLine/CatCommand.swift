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
    if !usesRecordPath {
      return copy(inputs, options: options, context: context, progress: progress)
    }
    let read = decodeAndWrite(inputs, options: options, context: context, progress: progress)
    context.writeSummary(read.totals.summary)
    return read.totals.exitCode(allOpened: read.allOpened)
  }

  /// Reads each record of `inputs` and writes it back, one line each.
  private static func decodeAndWrite(
    _ inputs: InputSet, options: CDRReader.Options, context: CommandContext,
    progress: ProgressMeter
  ) -> (totals: ReadTotals, allOpened: Bool) {
    var line: [UInt8] = []
    return inputs.forEachEvent(context: context, options: options, progress: progress) {
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
  }

  /// Tests set this to compare the copying path with decoding and writing every record.
  @TaskLocal static var usesRecordPath = false

  /// Every input goes through `CDRReader.copyRecords` (validated and copied on every core
  /// when a line is already in the written form); standard input too, unless the context
  /// gives no ``CommandContext/standardInputSource``.
  private static func copy(
    _ inputs: InputSet, options: CDRReader.Options, context: CommandContext,
    progress: ProgressMeter
  ) -> ExitCode {
    let read = inputs.readWindowed(
      context: context, progress: progress,
      sequential: {
        decodeAndWrite(InputSet(["-"]), options: options, context: context, progress: progress)
          .totals
      },
      read: { input, rejected, write throws(CDRReaderError) in
        switch input {
        case .file(let path):
          try CDRReader.copyRecords(
            contentsOfFile: path, options: options, rejected: rejected, write: write)
        case .fileDescriptor(let descriptor):
          CDRReader.copyRecords(
            fileDescriptor: descriptor, options: options, rejected: rejected, write: write)
        case .bytes(let bytes):
          CDRReader.copyRecords(
            bytes: bytes, sourceName: "<stdin>", options: options, rejected: rejected,
            write: write)
        }
      })
    context.writeSummary(read.totals.summary)
    return read.totals.exitCode(allOpened: read.allOpened)
  }

}
