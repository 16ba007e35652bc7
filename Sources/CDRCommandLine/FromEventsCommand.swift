import CDRKit

/// `cdr from-events`: build stored CDR documents from `CHANNEL_DESTROY` events, as KAZOO's
/// cdr app does.
enum FromEventsCommand: Subcommand {
  static let name = "from-events"
  static let summary = "Build stored CDRs from CHANNEL_DESTROY events as KAZOO's cdr app does"
  static let help = """
    USAGE: cdr from-events [FILE...] [--now G] [--seed N] [--node NAME]
                           [--ignore-app NAME]... [--no-ignore-apps]
                           [--no-ignore-loopback-bowout] [--store-anonymous]
                           [--max-record-bytes N] [--quiet]

    Reads KAZOO events from each FILE (no FILE or '-': standard input): CHANNEL_DESTROY
    events with Title-Case keys (AMQP form, or {"name", "args"} as blackhole shows them),
    2011 call_detail/cdr events, and webhook channel_destroy payloads. Each becomes the
    document KAZOO's cdr app stores (cdr_channel_destroy:prepare_and_save, in order):
    private channel variables moved up; Recording-Url, Call-Priority, E164-Destination,
    E164-Origination, DID-Classifier and a true Is-Conference moved up; the interaction
    from Call-Interaction-ID, or invented (now, '-', 8 hex); interaction_time,
    interaction_key, interaction_id, _id (YYYYMM-call_id from the interaction time),
    pvt_type, pvt_vsn 2, pvt_account_id, pvt_account_db (the month database), pvt_created,
    pvt_modified, pvt_node; every key normalized (kz_json:normalize_jobj). Documents that are
    already stored CDRs (pvt_type cdr) are passed on unchanged. The output is NDJSON that
    every other command reads; it passes 'cdr validate --mode lenient' (exact mode rejects
    it, as KAZOO's own schema rejects KAZOO's stored CDRs: they keep event keys such as
    msg_id that the schema lacks). pvt_document_hash is not written.

    What KAZOO skips is skipped, and each skip is reported on standard error with the
    event's location and the reason: an Application-Name in cdr.ignore_apps, a loopback
    leg that bowed out, a leg without an account id (KAZOO's cdr.store_anonymous is off).
    Other events (CHANNEL_CREATE, ...) are rejected with a reason naming the event, and an
    interaction id KAZOO's handler would crash on is rejected too. The summary line is
    N read, B built, P passed through, S skipped, R rejected (N = B + P + S + R).

    OPTIONS:
      --now G                      The save time, in gregorian seconds (11 digits), for
                                   invented interaction ids and pvt_created/pvt_modified
                                   (default: the system clock, as KAZOO).
      --seed N                     Invent interaction keys from this seed (reproducible;
                                   default: random, as KAZOO).
      --node NAME                  pvt_node (default kazoo_apps@ and this host's name).
      --ignore-app NAME            Skip events whose Application-Name is NAME; repeat for
                                   more. Replaces the default list (milliwatt).
      --no-ignore-apps             Skip no application.
      --no-ignore-loopback-bowout  Build CDRs for loopback legs that bowed out too.
      --store-anonymous            Build CDRs without an account id too (pvt_account_db
                                   anonymous_cdrs).
      --max-record-bytes N         Reject records larger than N bytes (default 67108864).
      --quiet                      No progress line (shown on standard error when it is a
                                   terminal).
      -h, --help                   Show this help.

    EXIT STATUS: 0 every event built, passed on or skipped as KAZOO skips it, 1 some
    rejected, 2 usage error, 3 a file could not be opened, 4 standard output could not be
    written, 141 standard output was closed (| head).
    """

  static func run(_ arguments: [String], context: CommandContext) throws(UsageError) -> ExitCode {
    let parsed = try ParsedArguments(
      arguments,
      valued: ["--now", "--seed", "--node", "--ignore-app", "--max-record-bytes"],
      flags: [
        quietFlag, "--no-ignore-apps", "--no-ignore-loopback-bowout", "--store-anonymous",
      ])
    var readerOptions = CDRReader.Options()
    if let limit = try parsed.integer("--max-record-bytes") {
      guard limit > 0 else { throw UsageError("--max-record-bytes must be positive") }
      readerOptions.maximumRecordBytes = limit
    }
    var options = CDRBuilder.Options(node: parsed.value("--node"))
    if parsed.has("--no-ignore-apps") {
      guard parsed.allValues("--ignore-app").isEmpty else {
        throw UsageError("give --ignore-app or --no-ignore-apps, not both")
      }
      options.ignoredApplications = []
    } else if !parsed.allValues("--ignore-app").isEmpty {
      options.ignoredApplications = Set(parsed.allValues("--ignore-app"))
    }
    options.ignoresLoopbackBowout = !parsed.has("--no-ignore-loopback-bowout")
    options.storesAnonymous = parsed.has("--store-anonymous")
    let now = try parsed.integer("--now").map { GregorianSeconds($0) }
    if let now, !(10_000_000_000...99_999_999_999).contains(now.rawValue) {
      // KAZOO's interaction ids start with 11 digits (years 317 to 3168).
      throw UsageError("--now must be gregorian seconds of 11 digits, got \(now.rawValue)")
    }
    var keys = InteractionKeySource.system
    if let text = parsed.value("--seed") {
      guard let seed = UInt64(text) else {
        throw UsageError("--seed needs a non-negative integer, got '\(text)'")
      }
      keys = .seeded(seed)
    }
    var builder = CDRBuilder(options: options, now: now, keys: keys)

    let inputs = InputSet(parsed.operands)
    let progress = ProgressMeter(
      context: context, operands: inputs.operands, quiet: parsed.has(quietFlag))
    var counts = (built: 0, passed: 0, skipped: 0, rejected: 0)
    var line: [UInt8] = []
    let read = inputs.forEachEvent(context: context, options: readerOptions, progress: progress) {
      event in
      switch event {
      case .record(let leg, let location):
        let outcome = builder.build(leg)
        switch outcome {
        case .built(let cdr), .alreadyStored(let cdr):
          if case .built = outcome { counts.built += 1 } else { counts.passed += 1 }
          line.removeAll(keepingCapacity: true)
          cdr.json.write(to: &line)
          line.append(0x0A)
          context.output.write(line)
        case .skipped(let reason):
          let pointer = location.pointer.isEmpty ? "" : " at \(location.pointer)"
          let place = "\(location.source):\(location.line): record \(location.index)\(pointer)"
          switch reason {
          case .malformedInteractionID, .unreadable:
            counts.rejected += 1
            context.report("\(place): \(reason.message)")
          default:
            counts.skipped += 1
            context.report("\(place): skipped: \(reason.message)")
          }
        }
      case .rejection(let rejection):
        counts.rejected += 1
        context.report(rejection.description)
      }
    }
    context.writeSummary(
      "\(read.totals.read) read, \(counts.built) built, \(counts.passed) passed through, "
        + "\(counts.skipped) skipped, \(counts.rejected) rejected")
    if !read.allOpened { return .cannotOpen }
    return counts.rejected > 0 ? .recordsRejected : .success
  }
}
