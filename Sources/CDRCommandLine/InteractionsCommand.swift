import CDRKit
import CDRModel

/// `cdr interactions`: group legs into calls and list them.
enum InteractionsCommand: Subcommand {
  static let name = "interactions"
  static let summary = "Group legs into calls (interactions) and list them"
  static let help = """
    USAGE: cdr interactions [FILE...] [--link KEYS] [--format ndjson|json|table]
                            [--stream [--window SECONDS]] [--owner ID] [--max-record-bytes N]
                            [--quiet]

    Reads CDRs from each FILE (no FILE or '-': standard input), joins legs into
    interactions and writes one interaction per line (NDJSON) with: id, call_ids (sorted),
    first_call_id, legs (call ids in KAZOO's order), leg_count, start, end (gregorian
    seconds), duration_seconds, billing_seconds, ringing_seconds, answered, caller and
    callee ids, direction, account_id, account_ids, owner_ids, transfers, diagnostics.
    Interactions are ordered by start time, then id. Rejected records are reported on
    standard error, then: N read, A accepted, R rejected; and I interactions, L legs[, K late].

    OPTIONS:
      --link KEYS          Comma-separated keys that join legs: other-leg, bridge, loopback,
                           interaction-id (default other-leg,bridge,loopback).
      --format F           ndjson (default), json (one array) or table. The table shows
                           control, line-separator and bidirectional characters from
                           records as escapes (\\n, \\u{1B}, \\u{202E}).
      --stream             Group incrementally, emitting a call once no leg can join it:
                           input must be in (roughly) leg end-time order. Legs arriving
                           after their call was emitted are reported on standard error as
                           late, with the call they belong to.
      --window SECONDS     With --stream: how far behind the newest leg end a call must end
                           to be emitted (default 3600).
      --owner ID           Only interactions with a leg whose owner_id is ID, each shown
                           whole: all its legs, and the call's own representative (the
                           first leg of all, which may be another user's). For KAZOO's
                           per-user rows (the user's own legs, the user's first leg as the
                           representative) use cdr page --user ID.
      --max-record-bytes N Reject records larger than N bytes (default 67108864).
      --quiet              No progress line (shown on standard error when it is a terminal).
      -h, --help           Show this help.

    EXIT STATUS: 0 all accepted, 1 some rejected, 2 usage error, 3 a file could not be opened,
    4 standard output could not be written, 141 standard output was closed (| head).
    """

  /// Forces the record path for batch NDJSON output (tests compare the two paths).
  @TaskLocal static var usesRecordPath = false

  static func run(_ arguments: [String], context: CommandContext) throws(UsageError) -> ExitCode {
    let parsed = try ParsedArguments(
      arguments,
      valued: InteractionCommandSupport.valuedOptions.union(["--format", "--window", "--owner"]),
      flags: InteractionCommandSupport.flags.union(["--stream"]))
    let links = try InteractionCommandSupport.links(parsed)
    let options = try InteractionCommandSupport.readerOptions(parsed)
    let format = try parsed.choice("--format", of: ["ndjson", "json", "table"]) ?? "ndjson"
    let owner = parsed.value("--owner")
    let window = try parsed.integer("--window")
    if window != nil && !parsed.has("--stream") {
      throw UsageError("--window needs --stream")
    }
    if let window, window < 0 { throw UsageError("--window must not be negative") }
    let writer = Writer(format: format, owner: owner, output: context.output)
    let progress = InteractionCommandSupport.progress(
      parsed, operands: parsed.operands, context: context)
    let read: (totals: ReadTotals, allOpened: Bool, table: CDRLegTable)
    var late = 0
    let inputs = InputSet(parsed.operands).operands
    if parsed.has("--stream") && format == "ndjson" && owner == nil && !usesRecordPath
      && !inputs.contains("-")
    {
      // Leg-table rows for the open calls, no record or interaction values: the same bytes.
      let streamed = streamSummaryLines(
        inputs, links: links, window: Int64(window ?? 3600), options: options,
        context: context, progress: progress)
      read = (streamed.totals, streamed.allOpened, CDRLegTable())
      writer.interactions = streamed.run.interactions
      writer.legs = streamed.run.legs
      late = streamed.run.lateLegs
    } else if parsed.has("--stream") {
      var grouper = StreamingInteractionGrouper(links: links, window: Int64(window ?? 3600))
      // Smaller read windows keep the streaming run's memory low.
      let streamed = InteractionCommandSupport.forEachRecord(
        parsed.operands, options: options, context: context, windowBytes: 1 << 20,
        progress: progress
      ) { record in
        for event in grouper.add(record) { writer.handle(event, context: context, late: &late) }
      }
      read = (streamed.totals, streamed.allOpened, CDRLegTable())
      for event in grouper.finish() { writer.handle(event, context: context, late: &late) }
    } else if format == "ndjson" && owner == nil && !usesRecordPath {
      // The leg table: no record or interaction values, the same bytes.
      read = InteractionCommandSupport.readTable(
        parsed.operands, options: options, context: context, joining: links, progress: progress)
      let table = read.table
      let count = InteractionGrouper(links: links).writeSummaryBlocks(of: table) {
        context.output.write($0)
      }
      writer.interactions = count
      writer.legs = table.count
      context.keepUntilExit(table)
    } else {
      var records: [CallDetailRecord] = []
      let streamed = InteractionCommandSupport.forEachRecord(
        parsed.operands, options: options, context: context, progress: progress
      ) { records.append($0) }
      read = (streamed.totals, streamed.allOpened, CDRLegTable())
      let grouping = InteractionGrouper(links: links).group(records)
      writer.write(contentsOf: grouping.interactions)
      context.keepUntilExit(grouping)
      context.keepUntilExit(records)
    }
    writer.finish()
    context.writeSummary(read.totals.summary)
    var counts = "\(writer.interactions) interactions, \(writer.legs) legs"
    if late > 0 { counts += ", \(late) late" }
    context.writeSummary(counts)
    return read.totals.exitCode(allOpened: read.allOpened)
  }

  /// `--stream` with NDJSON output from files: the lines the streaming grouper's
  /// interactions give, from leg-table rows (`_StreamingSummaryRun`); rejections and late
  /// legs are reported on standard error in input order. Once standard output has failed,
  /// later files are not read and nothing more is reported.
  static func streamSummaryLines(
    _ files: [String], links: InteractionLinkOptions, window: Int64,
    options: CDRReader.Options, context: CommandContext, progress: ProgressMeter
  ) -> (totals: ReadTotals, allOpened: Bool, run: _StreamingSummaryRun) {
    var run = _StreamingSummaryRun(links: links, window: window)
    var totals = ReadTotals()
    var allOpened = true
    var recordsBefore = 0
    func handle(_ event: _StreamingSummaryEvent) -> Bool {
      guard !context.outputFailed else { return false }
      switch event {
      case .lines(let lines): context.output.write(lines)
      case .rejection(let rejection): context.report(rejection.description)
      case .lateLeg(let callID, let joining):
        context.report("late leg \(callID): belongs to emitted interaction \(joining)")
      case .progress(let records): progress.update(records: recordsBefore + records, bytes: nil)
      }
      return !context.outputFailed
    }
    for file in files {
      guard !context.outputFailed else { break }
      do {
        let statistics = try run.read(contentsOfFile: file, options: options, handle)
        totals.add(statistics)
        recordsBefore += statistics.read
      } catch {
        context.report("cdr: \(error.message)")
        allOpened = false
      }
    }
    progress.finish()
    run.finish(handle)
    return (totals, allOpened, run)
  }

  /// Writes interactions in the chosen format, counting them.
  final class Writer {
    let format: String
    let owner: String?
    let output: CommandOutput
    var interactions = 0
    var legs = 0
    private var arrayOpened = false

    init(format: String, owner: String?, output: CommandOutput) {
      self.format = format
      self.owner = owner
      self.output = output
      if format == "table" {
        output.writeLine(
          Self.row([
            "ID", "START (UTC)", "LEGS", "DURATION", "BILLED", "ANSWERED", "CALLER", "CALLEE",
          ]))
      }
    }

    func handle(_ event: StreamingGroupingEvent, context: CommandContext, late: inout Int) {
      switch event {
      case .interaction(let interaction): write(interaction)
      case .lateLeg(let leg, let joining):
        late += 1
        context.report("late leg \(leg.callID): belongs to emitted interaction \(joining)")
      }
    }

    func write(_ interaction: Interaction) {
      guard !output.failed else { return }
      guard format == "table" else {
        emit(Self.render([interaction][...], format: format, owner: owner))
        return
      }
      if let owner, !interaction.ownerIDs.contains(owner) { return }
      interactions += 1
      legs += interaction.legCount
      let time = interaction.start.dateTime
      func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
      let start =
        "\(time.year)-\(two(time.month))-\(two(time.day)) "
        + "\(two(time.hour)):\(two(time.minute)):\(two(time.second))"
      output.writeLine(
        Self.row([
          interaction.id, start, "\(interaction.legCount)", "\(interaction.durationSeconds)",
          "\(interaction.billingSeconds)", interaction.answered ? "yes" : "no",
          interaction.callerIDNumber ?? "-", interaction.calleeIDNumber ?? "-",
        ]))
    }

    /// Writes `interactions` in order, as ``write(_:)`` one by one would. NDJSON and JSON
    /// text is rendered on every core, a round of interactions at a time (so the output
    /// held in memory stays small), and written in order.
    func write(contentsOf interactions: [Interaction]) {
      guard format != "table" else {
        for interaction in interactions {
          guard !output.failed else { return }
          write(interaction)
        }
        return
      }
      let round = 1 << 13
      var roundStart = 0
      while roundStart < interactions.count, !output.failed {
        let roundEnd = min(interactions.count, roundStart + round)
        let pieces = _OrderedParallelWork.map(
          count: roundEnd - roundStart, concurrency: CDRReader.defaultConcurrency,
          minimumRange: 1024
        ) { [format, owner, roundStart] range in
          Self.render(
            interactions[(roundStart + range.lowerBound)..<(roundStart + range.upperBound)],
            format: format, owner: owner)
        }
        for piece in pieces { emit(piece) }
        roundStart = roundEnd
      }
    }

    /// Writes rendered text and counts it.
    private func emit(_ piece: (text: [UInt8], interactions: Int, legs: Int)) {
      guard piece.interactions > 0 else { return }
      interactions += piece.interactions
      legs += piece.legs
      if format == "json" && !arrayOpened {
        // Every rendered element starts with a comma: the first one opens the array.
        arrayOpened = true
        output.write("[")
        output.write(Array(piece.text.dropFirst()))
      } else {
        output.write(piece.text)
      }
    }

    /// The text of `interactions` that pass the owner filter: NDJSON lines, or JSON array
    /// elements each preceded by a comma; with their interaction and leg counts.
    private static func render(
      _ interactions: ArraySlice<Interaction>, format: String, owner: String?
    ) -> (text: [UInt8], interactions: Int, legs: Int) {
      var text: [UInt8] = []
      var builder = JSONTextBuilder(reservingCapacity: 4096)
      var count = 0
      var legs = 0
      for index in interactions.indices {
        if let owner, !interactions[index].ownerIDs.contains(owner) { continue }
        count += 1
        legs += interactions[index].legCount
        builder.removeAll()
        interactions[index].writeSummaryJSON(to: &builder)
        if format == "json" { text.append(UInt8(ascii: ",")) }
        text.append(contentsOf: builder.bytes)
        if format != "json" { text.append(0x0A) }
      }
      return (text, count, legs)
    }

    func finish() {
      if format == "json" { output.write(arrayOpened ? "]\n" : "[]\n") }
    }

    /// One table line: each cell escaped for display (`DisplayText`), then padded to
    /// its column's width, so a record's control characters neither break the line nor
    /// shift the columns.
    static func row(_ cells: [String]) -> String {
      let widths = [36, 19, 4, 8, 6, 8, 16, 16]
      return zip(cells, widths).map { raw, width in
        let cell = DisplayText.escaped(raw)
        return cell.count >= width
          ? cell : cell + String(repeating: " ", count: width - cell.count)
      }.joined(separator: "  ").trimmingTrailingSpaces()
    }
  }
}

extension String {
  fileprivate func trimmingTrailingSpaces() -> String {
    var text = self
    while text.last == " " { text.removeLast() }
    return text
  }
}
