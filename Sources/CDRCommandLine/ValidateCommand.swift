import CDRKit

/// `cdr validate`: check every record against KAZOO's `cdrs` schema.
enum ValidateCommand: Subcommand {
  static let name = "validate"
  static let summary = "Validate CDRs against KAZOO's cdrs schema (exact, lenient or strict)"
  static let help = """
    USAGE: cdr validate [FILE...] [--mode exact|lenient|strict] [--format text|ndjson]
                        [--schema 4.3|master] [--max-record-bytes N] [--quiet]

    Validates every record from each FILE (no FILE or '-': standard input) against KAZOO's
    cdrs schema and prints one result per record on standard output.

    Modes:
      exact    KAZOO's draft-4 schema as written, after removing private keys (_*, pvt_*):
               unknown top-level keys, "12" in an integer field, a bad call_direction,
               non-string channel variables and bad custom_sip_headers are errors.
      lenient  For stored documents: unknown keys allowed; numeric strings in integer
               fields, numbers in string fields, "true"/"false" Booleans and the like are
               warnings.
      strict   exact, plus custom_sip_headers names must be RFC 3261 tokens and values
               strings without control characters (tab excepted), DEL, C1 controls or
               U+2028/U+2029 (rules named strict.*).

    Formats:
      text     FILE:LINE: record I (CALL_ID): valid|invalid, then one indented line per
               violation: SEVERITY /json/pointer [rule] message. Control, line-separator
               and bidirectional characters from records are shown as escapes (\\n,
               \\u{1B}, \\u{202E}).
      ndjson   One JSON object per record:
               {"file":...,"line":N,"index":I,"call_id":...,"valid":true|false,
                "violations":[{"path":"/...","rule":"...","message":"...","severity":"..."}]}
               A record that could not be read gives call_id null, valid false and one
               violation with rule "unreadable".

    Records that cannot be read are also reported on standard error as FILE:LINE: reason.
    Standard error ends with: N read, A accepted, R rejected; V valid, I invalid.

    OPTIONS:
      --mode M               exact (default), lenient or strict.
      --format F             text (default) or ndjson.
      --schema S             4.3 (default: master's list plus the 4.3 additions) or master.
      --max-record-bytes N   Reject records larger than N bytes (default 67108864).
      --quiet                No progress line (shown on standard error when it is a terminal).
      -h, --help             Show this help.

    EXIT STATUS: 0 all records valid, 1 some record invalid or unreadable, 2 usage error,
    3 a file could not be opened, 4 standard output could not be written, 141 standard
    output was closed (| head).
    """

  static func run(_ arguments: [String], context: CommandContext) throws(UsageError) -> ExitCode {
    let parsed = try ParsedArguments(
      arguments, valued: ["--mode", "--format", "--schema", "--max-record-bytes"],
      flags: [quietFlag])
    let modeName = try parsed.choice("--mode", of: CDRValidationMode.allCases.map(\.rawValue))
    let schemaName = try parsed.choice("--schema", of: CDRSchemaVersion.allCases.map(\.rawValue))
    let ndjson = try parsed.choice("--format", of: ["text", "ndjson"]) == "ndjson"
    let validator = CDRValidator(
      mode: modeName.flatMap(CDRValidationMode.init(rawValue:)) ?? .exact,
      schemaVersion: schemaName.flatMap(CDRSchemaVersion.init(rawValue:)) ?? .kazoo43)
    var options = CDRReader.Options()
    if let limit = try parsed.integer("--max-record-bytes") {
      guard limit > 0 else { throw UsageError("--max-record-bytes must be positive") }
      options.maximumRecordBytes = limit
    }
    let verdicts = _VerdictCounts()
    let inputs = InputSet(parsed.operands)
    let progress = ProgressMeter(
      context: context, operands: inputs.operands, quiet: parsed.has(quietFlag))
    // The record path's handling of one event: the reference for the byte-level path.
    func handle(_ event: CDRReadEvent) {
      switch event {
      case .record(let record, let location):
        let report = validator.validate(record)
        if report.isValid { verdicts.valid += 1 } else { verdicts.invalid += 1 }
        if ndjson {
          context.output.writeLine(
            ndjsonLine(
              location: location, callID: .string(record.callID), valid: report.isValid,
              violations: report.violations))
        } else {
          context.output.writeLine(textResult(location: location, record: record, report: report))
        }
      case .rejection(let rejection):
        verdicts.invalid += 1
        context.report(rejection.description)
        if ndjson {
          let unreadable = CDRViolation(
            path: rejection.location.pointer, rule: .unreadable, severity: .error,
            message: rejection.reason.message)
          context.output.writeLine(
            ndjsonLine(
              location: rejection.location, callID: .null, valid: false,
              violations: [unreadable]))
        }
      }
    }
    let read: (totals: ReadTotals, allOpened: Bool)
    if usesRecordPath {
      read = inputs.forEachEvent(context: context, options: options, progress: progress, handle)
    } else {
      read = readOnBytes(
        inputs, validator: validator, ndjson: ndjson, options: options, context: context,
        progress: progress, verdicts: verdicts, handle)
    }
    context.writeSummary(
      "\(read.totals.summary); \(verdicts.valid) valid, \(verdicts.invalid) invalid")
    if !read.allOpened { return .cannotOpen }
    return verdicts.invalid > 0 ? .recordsRejected : .success
  }

  /// Forces the record path: every record decoded and validated on the calling thread
  /// (tests compare the two paths).
  @TaskLocal static var usesRecordPath = false

  /// How much of a file the byte-level path reads at once (tests make it small, so that a
  /// file spans many windows).
  @TaskLocal static var windowBytes = CDRReader.defaultWindowBytes

  /// The byte-level path: each NDJSON file is read a window at a time on every core
  /// (``_ValidationMerger``); a line the byte-level check is sure of is written from its
  /// bytes, any other is read and validated as on the record path, in its piece. Standard
  /// input and files that are not NDJSON go through `handle`, one event at a time. The
  /// same bytes on standard output and standard error as the record path, and the same
  /// counts; like it, nothing more is read, written or reported once standard output has
  /// failed.
  static func readOnBytes(
    _ inputs: InputSet, validator: CDRValidator, ndjson: Bool, options: CDRReader.Options,
    context: CommandContext, progress: ProgressMeter, verdicts: _VerdictCounts,
    _ handle: (CDRReadEvent) -> Void
  ) -> (totals: ReadTotals, allOpened: Bool) {
    var totals = ReadTotals()
    var allOpened = true
    for operand in inputs.operands {
      guard !context.outputFailed else { break }
      if operand == "-" {
        let reader = context.standardInput(options)
        while let event = reader.next() {
          handle(event)
          progress.update(
            records: totals.read + reader.statistics.read, bytes: reader.statistics.bytesRead)
          if context.outputFailed { break }
        }
        totals.add(reader.statistics)
        progress.finishInput(bytes: reader.statistics.bytesRead)
        continue
      }
      do {
        let file = try _WindowFile(path: operand)
        let renderer = _ValidationRenderer(
          validator: validator, ndjson: ndjson, sourceName: operand, options: options)
        var events = totals.read
        let (statistics, _) = try CDRReader.readWindows(
          from: file, sourceName: operand, options: options, windowBytes: windowBytes,
          concurrency: CDRReader.defaultConcurrency,
          sequential: { () throws(CDRReaderError) in
            try CDRReader(contentsOfFile: operand, options: options)
          },
          merger: { _ValidationMerger(renderer: renderer, line: $0) },
          drain: { merger in
            merger.drain(context: context, verdicts: verdicts)
            // The meter looks at its clock every 64 updates; a window is one step.
            for _ in 0..<64 {
              progress.update(records: events + merger.index, bytes: file.bytesRead)
            }
          },
          { event in
            guard !context.outputFailed else { return }
            handle(event)
            events += 1
            progress.update(records: events, bytes: nil)
          })
        totals.add(statistics)
        progress.finishInput(bytes: statistics.bytesRead)
      } catch {
        context.report("cdr: \(error.message)")
        allOpened = false
      }
    }
    progress.finish()
    return (totals, allOpened)
  }

  /// The valid and invalid results so far, shared by both ways of reading.
  final class _VerdictCounts {
    var valid = 0
    var invalid = 0
  }

  /// One NDJSON result, keys in the documented order.
  static func ndjsonLine(
    location: CDRSourceLocation, callID: JSONValue, valid: Bool, violations: [CDRViolation]
  ) -> String {
    let items = violations.map { violation in
      "{\"path\":\(JSONValue.string(violation.path).jsonText)"
        + ",\"rule\":\(JSONValue.string(violation.rule.rawValue).jsonText)"
        + ",\"message\":\(JSONValue.string(violation.message).jsonText)"
        + ",\"severity\":\(JSONValue.string(violation.severity.rawValue).jsonText)}"
    }
    return "{\"file\":\(JSONValue.string(location.source).jsonText)"
      + ",\"line\":\(location.line),\"index\":\(location.index)"
      + ",\"call_id\":\(callID.jsonText),\"valid\":\(valid)"
      + ",\"violations\":[\(items.joined(separator: ","))]}"
  }

  /// `FILE:LINE: record I (CALL_ID): valid|invalid` and one indented line per violation,
  /// record strings escaped for display (`DisplayText`).
  static func textResult(
    location: CDRSourceLocation, record: CallDetailRecord, report: CDRValidationReport
  ) -> String {
    var text = DisplayText.escaped(
      "\(location.source):\(location.line): record \(location.index) (\(record.callID)): "
        + (report.isValid ? "valid" : "invalid"))
    for violation in report.violations {
      text += "\n  " + DisplayText.escaped(violation.description)
    }
    return text
  }
}
