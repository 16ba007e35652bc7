import CDRKit

/// `cdr csv`: KAZOO's listing columns (or chosen ones) as RFC 4180 CSV, streaming.
enum CSVCommand: Subcommand {
  static let name = "csv"
  static let summary = "Write CDRs as RFC 4180 CSV with KAZOO's listing columns or chosen ones"
  static let help = """
    USAGE: cdr csv [FILE...] [--columns kazoo|reseller|NAME,NAME...] [--utc-offset SECONDS]
                   [--time-zone ID] [--no-header] [--no-safe-formulas] [--max-record-bytes N]
                   [--quiet]

    Reads every record from each FILE (no FILE or '-': standard input) and writes one CSV
    row per accepted record to standard output as it goes: comma separated, CRLF line
    ends, fields quoted when they hold a comma, quote, CR or LF, UTF-8, the header once.
    A cell that a spreadsheet would run as a formula (starting with = + - @ TAB or CR) is
    prefixed with ' (OWASP's CSV-injection advice), except plain numbers such as
    +14155550100, -5 or 0.01, which stay as they are. A row of one empty cell is
    written as "" so that CSV readers do not skip it as a blank line.
    Each rejected record is reported on standard error as FILE:LINE: reason, followed by
    a summary line: N read, A accepted, R rejected.

    COLUMNS:
      kazoo     KAZOO's 35 listing columns (default), derived as KAZOO derives them.
      reseller  The 35 plus reseller_cost and reseller_call_type.
      NAME,...  Any listing column, a stored top-level field (raw.NAME forces the stored
                value), a channel variable (custom_channel_vars.NAME), or any other name:
                the top-level field of that name, else the channel variable.

    OPTIONS:
      --utc-offset SECONDS  KAZOO's utc_offset, applied to the datetime column only
                            (-64800 to 64800, that is ±18 hours).
      --time-zone ID        An IANA zone for datetime, DST applied per record.
      --no-header           Do not write the header line.
      --no-safe-formulas    Write formula-like cells as they are (for programs, not people).
      --safe-formulas       The formula guard (the default; kept for older scripts).
      --max-record-bytes N  Reject records larger than N bytes (default 67108864).
      --quiet               No progress line (shown on standard error when it is a terminal).
      -h, --help            Show this help.

    EXIT STATUS: 0 all accepted, 1 some rejected, 2 usage error, 3 a file could not be opened,
    4 standard output could not be written, 141 standard output was closed (| head).
    """

  static func run(_ arguments: [String], context: CommandContext) throws(UsageError) -> ExitCode {
    let parsed = try ParsedArguments(
      arguments, valued: ["--columns", "--utc-offset", "--time-zone", "--max-record-bytes"],
      flags: ["--no-header", "--safe-formulas", "--no-safe-formulas", quietFlag])
    if parsed.has("--safe-formulas") && parsed.has("--no-safe-formulas") {
      throw UsageError("--safe-formulas and --no-safe-formulas exclude each other")
    }
    var readerOptions = CDRReader.Options()
    if let limit = try parsed.integer("--max-record-bytes") {
      guard limit > 0 else { throw UsageError("--max-record-bytes must be positive") }
      readerOptions.maximumRecordBytes = limit
    }
    let listingOptions = CDRListingOptions(timeAdjustment: try TimeCommand.timeAdjustment(parsed))
    let columns: CDRCSVColumns
    switch parsed.value("--columns") ?? "kazoo" {
    case "kazoo": columns = .kazoo(options: listingOptions)
    case "reseller": columns = .reseller(options: listingOptions)
    case let names:
      columns = CDRCSVColumns(names: names, options: listingOptions)
      guard !columns.columns.isEmpty else { throw UsageError("--columns needs at least one name") }
    }
    var writer = CSVWriter(
      header: columns.header,
      options: CSVWriter.Options(
        guardsFormulas: !parsed.has("--no-safe-formulas"),
        writesHeader: !parsed.has("--no-header")))
    let inputs = InputSet(parsed.operands)
    let progress = ProgressMeter(
      context: context, operands: inputs.operands, quiet: parsed.has(quietFlag))
    if !usesRecordPath {
      return renderRows(
        inputs, columns: columns, writer: writer, options: readerOptions, context: context,
        progress: progress)
    }
    let read = writeRows(
      inputs, columns: columns, writer: &writer, options: readerOptions, context: context,
      progress: progress)
    var buffer: [UInt8] = []
    writer.finish(into: &buffer)
    context.output.write(buffer)
    context.writeSummary(read.totals.summary)
    return read.totals.exitCode(allOpened: read.allOpened)
  }

  /// Reads each record of `inputs` in turn and writes its row (the record path, and
  /// standard input when the context gives no source for the windowed path).
  private static func writeRows(
    _ inputs: InputSet, columns: CDRCSVColumns, writer: inout CSVWriter,
    options: CDRReader.Options, context: CommandContext, progress: ProgressMeter
  ) -> (totals: ReadTotals, allOpened: Bool) {
    var buffer: [UInt8] = []
    buffer.reserveCapacity(1 << 16)
    let read = inputs.forEachEvent(context: context, options: options, progress: progress) {
      event in
      switch event {
      case .record(let record, _):
        writer.writeRow(columns.cells(for: record), into: &buffer)
        if buffer.count >= 1 << 16 {
          context.output.write(buffer)
          buffer.removeAll(keepingCapacity: true)
        }
      case .rejection(let rejection):
        context.report(rejection.description)
      }
    }
    context.output.write(buffer)
    return read
  }

  /// Tests set this to compare the parallel path with writing each record's row in turn.
  @TaskLocal static var usesRecordPath = false

  /// The header first (when wanted), then every input's rows rendered on every core with
  /// `CDRReader.renderRecords` (standard input too, unless the context gives no
  /// ``CommandContext/standardInputSource``): with listing columns, each plain NDJSON
  /// line's row straight from its bytes (`CDRCSVColumns.lineRenderer`), every other
  /// record's from its decoded record.
  private static func renderRows(
    _ inputs: InputSet, columns: CDRCSVColumns, writer: CSVWriter, options: CDRReader.Options,
    context: CommandContext, progress: ProgressMeter
  ) -> ExitCode {
    var writer = writer
    var buffer: [UInt8] = []
    // The header goes out before any row, as the writer puts it before the first one.
    writer.finish(into: &buffer)
    context.output.write(buffer)
    buffer.removeAll(keepingCapacity: true)
    let guardsFormulas = writer.options.guardsFormulas
    let render: @Sendable (CallDetailRecord, inout [UInt8]) -> Void = { record, output in
      CSVWriter.appendLine(
        columns.cells(for: record), guardsFormulas: guardsFormulas, into: &output)
    }
    // Rows of listing columns are written straight from each plain line's bytes; the
    // reader's records (every other line) go through `render`.
    let renderLine = columns.lineRenderer(
      guardsFormulas: guardsFormulas, maximumDepth: options.maximumDepth)
    let read = inputs.readWindowed(
      context: context, progress: progress,
      sequential: {
        writeRows(
          InputSet(["-"]), columns: columns, writer: &writer, options: options,
          context: context, progress: progress
        ).totals
      },
      read: { input, rejected, write throws(CDRReaderError) in
        let source: _RecordInput =
          switch input {
          case .file(let path): .file(path)
          case .fileDescriptor(let descriptor): .fileDescriptor(descriptor, sourceName: "<stdin>")
          case .bytes(let bytes): .bytes(bytes, sourceName: "<stdin>")
          }
        return try CDRReader.renderRecords(
          source, options: options, renderLine: renderLine, rejected: rejected, render: render,
          write: write)
      })
    context.writeSummary(read.totals.summary)
    return read.totals.exitCode(allOpened: read.allOpened)
  }
}
