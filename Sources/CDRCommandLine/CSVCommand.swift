import CDRKit

/// `cdr csv`: KAZOO's listing columns (or chosen ones) as RFC 4180 CSV, streaming.
enum CSVCommand: Subcommand {
  static let name = "csv"
  static let summary = "Write CDRs as RFC 4180 CSV with KAZOO's listing columns or chosen ones"
  static let help = """
    USAGE: cdr csv [FILE...] [--columns kazoo|reseller|NAME,NAME...] [--utc-offset SECONDS]
                   [--time-zone ID] [--no-header] [--safe-formulas] [--max-record-bytes N]

    Reads every record from each FILE (no FILE or '-': standard input) and writes one CSV
    row per accepted record to standard output as it goes: comma separated, CRLF line
    ends, fields quoted when they hold a comma, quote, CR or LF, UTF-8, the header once.
    Each rejected record is reported on standard error as FILE:LINE: reason, followed by
    a summary line: N read, A accepted, R rejected.

    COLUMNS:
      kazoo     KAZOO's 35 listing columns (default), derived as KAZOO derives them.
      reseller  The 35 plus reseller_cost and reseller_call_type.
      NAME,...  Any listing column, a stored top-level field (raw.NAME forces the stored
                value), a channel variable (custom_channel_vars.NAME), or any other name:
                the top-level field of that name, else the channel variable.

    OPTIONS:
      --utc-offset SECONDS  KAZOO's utc_offset, applied to the datetime column only.
      --time-zone ID        An IANA zone for datetime, DST applied per record.
      --no-header           Do not write the header line.
      --safe-formulas       Prefix cells starting with = + - @ TAB CR with ' (OWASP CSV injection).
      --max-record-bytes N  Reject records larger than N bytes (default 67108864).
      -h, --help            Show this help.

    EXIT STATUS: 0 all accepted, 1 some rejected, 2 usage error, 3 a file could not be opened.
    """

  static func run(_ arguments: [String], context: CommandContext) throws(UsageError) -> ExitCode {
    let parsed = try ParsedArguments(
      arguments, valued: ["--columns", "--utc-offset", "--time-zone", "--max-record-bytes"],
      flags: ["--no-header", "--safe-formulas"])
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
        guardsFormulas: parsed.has("--safe-formulas"), writesHeader: !parsed.has("--no-header")))
    var totals = ReadTotals()
    var buffer: [UInt8] = []
    buffer.reserveCapacity(1 << 16)
    let allOpened = InputSet(parsed.operands).forEachReader(
      context: context, options: readerOptions
    ) {
      reader in
      for event in reader {
        switch event {
        case .record(let record, _):
          writer.writeRow(columns.cells(for: record), into: &buffer)
          if buffer.count >= 1 << 16 {
            context.output.write(buffer)
            buffer.removeAll(keepingCapacity: true)
          }
        case .rejection(let rejection):
          context.errors.writeLine(rejection.description)
        }
      }
      totals.add(reader.statistics)
    }
    writer.finish(into: &buffer)
    context.output.write(buffer)
    context.errors.writeLine(totals.summary)
    return totals.exitCode(allOpened: allOpened)
  }
}
