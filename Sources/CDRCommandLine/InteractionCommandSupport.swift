import CDRKit

/// Reading shared by `cdr interactions`, `cdr legs` and `cdr stats`.
enum InteractionCommandSupport {
  /// Options every interaction command accepts.
  static let valuedOptions: Set<String> = ["--link", "--max-record-bytes"]
  /// Flags every interaction command accepts.
  static let flags: Set<String> = [quietFlag]

  /// The progress meter for `parsed`'s inputs.
  static func progress(_ parsed: ParsedArguments, operands: [String], context: CommandContext)
    -> ProgressMeter
  {
    ProgressMeter(
      context: context, operands: InputSet(operands).operands, quiet: parsed.has(quietFlag))
  }

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
  /// a sequential reader); standard input is read sequentially. Once standard output has
  /// failed, standard input and later files are not read any further, and the rest of a
  /// file being read concurrently is dropped without being handed to `body` (the
  /// concurrent reader has no way to stop early). `progress` counts records; it knows the
  /// bytes read only for standard input (the concurrent reader does not tell).
  static func forEachRecord(
    _ operands: [String], options: CDRReader.Options, context: CommandContext,
    windowBytes: Int = CDRReader.defaultWindowBytes, progress: ProgressMeter? = nil,
    _ body: (CallDetailRecord) -> Void
  ) -> (totals: ReadTotals, allOpened: Bool) {
    var totals = ReadTotals()
    var allOpened = true
    var events = 0
    func handle(_ event: CDRReadEvent, bytes: Int?) {
      guard !context.outputFailed else { return }
      switch event {
      case .record(let record, _): body(record)
      case .rejection(let rejection): context.report(rejection.description)
      }
      events += 1
      progress?.update(records: events, bytes: bytes)
    }
    for operand in InputSet(operands).operands {
      guard !context.outputFailed else { break }
      if operand == "-" {
        let reader = context.standardInput(options)
        while let event = reader.next() {
          handle(event, bytes: reader.statistics.bytesRead)
          if context.outputFailed { break }
        }
        totals.add(reader.statistics)
        continue
      }
      do {
        let (statistics, _) = try CDRReader.readConcurrently(
          contentsOfFile: operand, options: options, windowBytes: windowBytes
        ) { handle($0, bytes: nil) }
        totals.add(statistics)
      } catch {
        context.report("cdr: \(error.message)")
        allOpened = false
      }
    }
    progress?.finish()
    return (totals, allOpened)
  }

  /// Reads every operand into one leg table, reporting rejections on standard error as
  /// ``forEachRecord(_:options:context:windowBytes:_:)`` does. Files are projected on every
  /// core (``CDRLegTable/read(contentsOfFile:options:windowBytes:maximumConcurrency:rejected:)``);
  /// standard input is read by its reader and its records made into rows. Without the caller
  /// and callee texts when `keepingCallerAndCallee` is `false` (for statistics). With
  /// `links`, the table comes with its legs joined for a partition with those links.
  static func readTable(
    _ operands: [String], options: CDRReader.Options, context: CommandContext,
    keepingCallerAndCallee: Bool = true, joining links: InteractionLinkOptions? = nil,
    progress: ProgressMeter? = nil
  ) -> (totals: ReadTotals, allOpened: Bool, table: CDRLegTable) {
    var totals = ReadTotals()
    var allOpened = true
    var table = CDRLegTable(keepingCallerAndCallee: keepingCallerAndCallee)
    defer { progress?.finish() }
    for operand in InputSet(operands).operands {
      let recordsBefore = totals.read
      let windowDone = { (records: Int, bytes: Int) -> Void in
        progress?.updateBlock(records: recordsBefore + records, bytes: bytes)
      }
      if operand == "-", let bytes = standardInputBytes(context) {
        // Standard input is kept whole: a table goes back to its bytes for the rare legs
        // it decodes again, and a pipe cannot be read twice.
        let (read, statistics) = CDRLegTable.read(
          bytes: bytes.bytes, sourceName: "<stdin>", options: options,
          keepingCallerAndCallee: keepingCallerAndCallee, joining: links, progress: windowDone
        ) {
          context.report($0.description)
        }
        progress?.finishInput(bytes: bytes.bytes.count)
        totals.add(statistics)
        if let reason = bytes.readError {
          let location = CDRSourceLocation(
            source: "<stdin>", line: bytes.bytes.reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) },
            index: statistics.read, pointer: "")
          context.report(CDRRejection(location: location, reason: .readFailed(reason)).description)
          var failed = CDRReadStatistics()
          failed.rejected = 1
          totals.add(failed)
        }
        if table.isEmpty { table = read } else { table.append(contentsOf: read) }
        continue
      }
      if operand == "-" {
        let reader = context.standardInput(options)
        var records: [CallDetailRecord] = []
        for event in reader {
          switch event {
          case .record(let record, _): records.append(record)
          case .rejection(let rejection): context.report(rejection.description)
          }
        }
        totals.add(reader.statistics)
        table.append(
          contentsOf: CDRLegTable(records, keepingCallerAndCallee: keepingCallerAndCallee))
        continue
      }
      do {
        let (read, statistics) = try CDRLegTable.read(
          contentsOfFile: operand, options: options,
          keepingCallerAndCallee: keepingCallerAndCallee, joining: links, progress: windowDone
        ) {
          context.report($0.description)
        }
        totals.add(statistics)
        progress?.finishInput(bytes: statistics.bytesRead)
        if table.isEmpty { table = read } else { table.append(contentsOf: read) }
      } catch {
        context.report("cdr: \(error.message)")
        allOpened = false
      }
    }
    table.releaseAppendingSpace()
    return (totals, allOpened, table)
  }

  /// Every byte of standard input when the context gives its source
  /// (``CommandContext/standardInputSource``), with the reason reading stopped early, if it
  /// did; `nil` otherwise (it is then read through `CommandContext.standardInput`).
  static func standardInputBytes(_ context: CommandContext) -> (
    bytes: [UInt8], readError: String?
  )? {
    switch context.standardInputSource {
    case .bytes(let bytes)?: return (bytes, nil)
    case .fileDescriptor(let descriptor)?:
      let input = _WindowFile(descriptor: descriptor)
      var bytes: [UInt8] = []
      while input.read(into: &bytes, count: 16 << 20) {}
      return (bytes, input.readError)
    case nil: return nil
    }
  }

  /// Writes `value` as one compact JSON line.
  static func writeLine(_ value: JSONValue, to output: CommandOutput) {
    var bytes: [UInt8] = []
    value.write(to: &bytes)
    bytes.append(0x0A)
    output.write(bytes)
  }
}
