import CDRKit

/// Reading shared by `cdr interactions`, `cdr legs` and `cdr stats`.
enum InteractionCommandSupport {
  /// Options every interaction command accepts.
  static let valuedOptions: Set<String> = ["--link", "--max-record-bytes"]

  /// The `--link` option, or the default links.
  static func links(_ parsed: ParsedArguments) throws(UsageError) -> InteractionLinkOptions {
    guard let text = parsed.value("--link") else { return .default }
    guard let links = InteractionLinkOptions(names: text) else {
      throw UsageError(
        "--link takes a comma-separated list of other-leg, bridge, loopback, interaction-id; got '\(text)'"
      )
    }
    return links
  }

  /// The reader options from `--max-record-bytes`.
  static func readerOptions(_ parsed: ParsedArguments) throws(UsageError) -> CDRReader.Options {
    var options = CDRReader.Options()
    if let limit = try parsed.integer("--max-record-bytes") {
      guard limit > 0 else { throw UsageError("--max-record-bytes must be positive") }
      options.maximumRecordBytes = limit
    }
    return options
  }

  /// Reads every record of `operands`, reporting rejections on standard error; calls
  /// `body` with each accepted record in input order.
  ///
  /// Files are read with ``CDRReader/readConcurrently(contentsOfFile:options:windowBytes:maximumConcurrency:_:)``
  /// (NDJSON parsed on every core, a window at a time; the same events, in the same order, as
  /// a sequential reader); standard input is read sequentially.
  static func forEachRecord(
    _ operands: [String], options: CDRReader.Options, context: CommandContext,
    windowBytes: Int = 16 << 20, _ body: (CallDetailRecord) -> Void
  ) -> (totals: ReadTotals, allOpened: Bool) {
    var totals = ReadTotals()
    var allOpened = true
    func handle(_ event: CDRReadEvent) {
      switch event {
      case .record(let record, _): body(record)
      case .rejection(let rejection): context.errors.writeLine(rejection.description)
      }
    }
    for operand in InputSet(operands).operands {
      if operand == "-" {
        let reader = context.standardInput(options)
        for event in reader { handle(event) }
        totals.add(reader.statistics)
        continue
      }
      do {
        let (statistics, _) = try CDRReader.readConcurrently(
          contentsOfFile: operand, options: options, windowBytes: windowBytes, handle)
        totals.add(statistics)
      } catch {
        context.errors.writeLine("cdr: \(error.message)")
        allOpened = false
      }
    }
    return (totals, allOpened)
  }

  /// Reads every operand into one leg table, reporting rejections on standard error as
  /// ``forEachRecord(_:options:context:windowBytes:_:)`` does. Files are projected on every
  /// core (``CDRLegTable/read(contentsOfFile:options:windowBytes:maximumConcurrency:rejected:)``);
  /// standard input is read by its reader and its records made into rows.
  static func readTable(
    _ operands: [String], options: CDRReader.Options, context: CommandContext
  ) -> (totals: ReadTotals, allOpened: Bool, table: CDRLegTable) {
    var totals = ReadTotals()
    var allOpened = true
    var table = CDRLegTable()
    for operand in InputSet(operands).operands {
      if operand == "-" {
        let reader = context.standardInput(options)
        var records: [CallDetailRecord] = []
        for event in reader {
          switch event {
          case .record(let record, _): records.append(record)
          case .rejection(let rejection): context.errors.writeLine(rejection.description)
          }
        }
        totals.add(reader.statistics)
        table.append(contentsOf: CDRLegTable(records))
        continue
      }
      do {
        let (read, statistics) = try CDRLegTable.read(contentsOfFile: operand, options: options) {
          context.errors.writeLine($0.description)
        }
        totals.add(statistics)
        if table.isEmpty { table = read } else { table.append(contentsOf: read) }
      } catch {
        context.errors.writeLine("cdr: \(error.message)")
        allOpened = false
      }
    }
    return (totals, allOpened, table)
  }

  /// Writes `value` as one compact JSON line.
  static func writeLine(_ value: JSONValue, to output: CommandOutput) {
    var bytes: [UInt8] = []
    value.write(to: &bytes)
    bytes.append(0x0A)
    output.write(bytes)
  }
}
