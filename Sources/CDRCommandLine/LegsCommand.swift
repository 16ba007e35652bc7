import CDRKit

/// `cdr legs ID`: the legs of one interaction, in order (KAZOO's `cdrs/legs/{id}`).
enum LegsCommand: Subcommand {
  static let name = "legs"
  static let summary =
    "Print the legs of the call that holds a call id, document id or interaction id"
  static let help = """
    USAGE: cdr legs ID [FILE...] [--graph [--link KEYS]] [--max-record-bytes N] [--quiet]

    Reads CDRs from each FILE (no FILE or '-': standard input) and writes the legs of one
    call, one document per line, as KAZOO's GET /cdrs/legs/{ID} returns them: every leg
    whose interaction_id is ID, whatever links the legs have. ID is an interaction id
    (<gregorian seconds>-<key>) or a CDR document id (YYYYMM-call_id), which stands for
    that document's interaction_id. Like KAZOO, legs are ordered earliest channel time
    first, ties by document id; each is written as KAZOO's public document (_id, _rev and
    every pvt_* key removed, id added); legs KAZOO's view does not list (pvt_deleted, or
    pvt_type not cdr) are left out and counted on standard error.
    Rejected records are reported on standard error, then: N read, A accepted, R rejected.

    OPTIONS:
      --graph              Instead: group the legs by their links and write the stored
                           documents of the call that holds ID — a call id, a document id
                           or an interaction id, tried in that order — in KAZOO's leg order.
      --link KEYS          With --graph: comma-separated keys that join legs: other-leg,
                           bridge, loopback, interaction-id (default other-leg,bridge,loopback).
      --max-record-bytes N Reject records larger than N bytes (default 67108864).
      --quiet              No progress line (shown on standard error when it is a terminal).
      -h, --help           Show this help.

    EXIT STATUS: 0 found and all accepted, 1 some rejected or no leg found (KAZOO's 404),
    2 usage error, 3 a file could not be opened, 4 standard output could not be written,
    141 standard output was closed (| head).
    """

  static func run(_ arguments: [String], context: CommandContext) throws(UsageError) -> ExitCode {
    let parsed = try ParsedArguments(
      arguments, valued: InteractionCommandSupport.valuedOptions,
      flags: InteractionCommandSupport.flags.union(["--graph"]))
    guard let id = parsed.operands.first else { throw UsageError("missing ID") }
    if parsed.value("--link") != nil && !parsed.has("--graph") {
      throw UsageError("--link needs --graph (KAZOO's legs follow interaction_id alone)")
    }
    let links = try InteractionCommandSupport.links(parsed)
    let options = try InteractionCommandSupport.readerOptions(parsed)
    var records: [CallDetailRecord] = []
    let operands = Array(parsed.operands.dropFirst())
    let read = InteractionCommandSupport.forEachRecord(
      operands, options: options, context: context,
      progress: InteractionCommandSupport.progress(parsed, operands: operands, context: context)
    ) { records.append($0) }
    defer { context.keepUntilExit(records) }
    guard parsed.has("--graph") else {
      context.writeSummary(read.totals.summary)
      let found = Self.kazooLegs(of: id, in: records)
      switch found {
      case .failure(let notFound):
        context.report("cdr legs: \(notFound.message)")
        let code = read.totals.exitCode(allOpened: read.allOpened)
        return code == .success ? .recordsRejected : code
      case .success(let (legs, unlisted)):
        if unlisted > 0 {
          context.report(
            "cdr legs: \(unlisted) leg\(unlisted == 1 ? "" : "s") with interaction_id \(DisplayText.escaped(id)) "
              + "not listed: pvt_deleted, or pvt_type not cdr (KAZOO's view skips them)")
        }
        for leg in legs {
          guard !context.outputFailed else { break }
          InteractionCommandSupport.writeLine(leg.publicDocument, to: context.output)
        }
      }
      return read.totals.exitCode(allOpened: read.allOpened)
    }
    let grouping = InteractionGrouper(links: links).group(records)
    defer { context.keepUntilExit(grouping) }
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

  /// KAZOO's `cb_cdrs:load_legs/2`: the interaction id an ID names (a CDR id stands for
  /// its document's `interaction_id`), then every listed leg with that interaction id, in
  /// channel-time order (one unit, see `channelTimeMicroseconds`), ties by document id then
  /// call id; and how many legs with that id KAZOO's view would not list. A failure is
  /// KAZOO's 404, as a message.
  static func kazooLegs(
    of id: String, in records: [CallDetailRecord]
  ) -> Result<(legs: [CallDetailRecord], unlisted: Int), LegsNotFound> {
    let bytes = Array(id.utf8)
    let shown = DisplayText.escaped(id)
    let interactionID: String
    if bytes.count > 7, bytes[6] == UInt8(ascii: "-") {
      // A CDR id (YYYYMM-call_id): its document's interaction id.
      guard let document = records.first(where: { $0.documentID == id }) else {
        return .failure(LegsNotFound("could not find legs for supplied id '\(shown)'"))
      }
      guard let shared = document.interactionID, !shared.isEmpty else {
        return .failure(
          LegsNotFound("bad identifier '\(shown)': that document has no interaction_id"))
      }
      interactionID = shared
    } else if bytes.count > 12, bytes[11] == UInt8(ascii: "-"),
      bytes[0..<11].allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
    {
      interactionID = id
    } else {
      return .failure(
        LegsNotFound(
          "bad identifier '\(shown)': give an interaction id (gregorian seconds-key) or a CDR id "
            + "(YYYYMM-call_id); --graph finds the call of a call id"))
    }
    var legs: [CallDetailRecord] = []
    var unlisted = 0
    for index in records.indices where records[index].interactionID == interactionID {
      let leg = records[index]
      if leg.privateType != "cdr" || leg.otherField("pvt_deleted") == .bool(true) {
        unlisted += 1
      } else {
        legs.append(leg)
      }
    }
    guard !legs.isEmpty else {
      return .failure(LegsNotFound("could not find legs for supplied id '\(shown)'"))
    }
    legs.sort { left, right in
      let (leftTime, rightTime) = (left.channelTimeMicroseconds, right.channelTimeMicroseconds)
      if leftTime != rightTime { return leftTime < rightTime }
      let (leftDocument, rightDocument) = (left.documentID ?? "", right.documentID ?? "")
      if leftDocument != rightDocument {
        return leftDocument.utf8.lexicographicallyPrecedes(rightDocument.utf8)
      }
      return left.callID.utf8.lexicographicallyPrecedes(right.callID.utf8)
    }
    return .success((legs, unlisted))
  }

  /// KAZOO's 404 for `legs/{ID}`, as a message.
  struct LegsNotFound: Error {
    let message: String
    init(_ message: String) { self.message = message }
  }

}
