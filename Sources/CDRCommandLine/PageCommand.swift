import CDRKit

/// `cdr page`: one page of KAZOO's CDR listing over the records read, as KAZOO's envelope.
enum PageCommand: Subcommand {
  static let name = "page"
  static let summary = "Print one page of KAZOO's CDR listing (summary rows, next_start_key)"
  static let help = """
    USAGE: cdr page [FILE...] [--page-size N] [--start-key CURSOR] [--created-from G]
                    [--created-to G] [--filter KEY=VALUE ...] [--query 'URL query string']
                    [--ascending | --descending] [--interactions] [--user ID]
                    [--sort created|start]
                    [--max-range SECONDS] [--max-record-bytes N] [--quiet]

    Reads every record from each FILE (no FILE or '-': standard input), lists them as
    KAZOO's GET /cdrs does, and prints ONE KAZOO envelope (JSON) on standard output:
    data (KAZOO's summary rows), page_size, start_key and, unless this is the last
    page, next_start_key. Pass next_start_key back as --start-key (with the same other
    options) for the next page; no leg is skipped or repeated across the pages.
    Each rejected record is reported on standard error as FILE:LINE: reason, followed
    by a summary line: N read, A accepted, R rejected.

    TIME RANGE: legs are selected on their sort time, from created_from to created_to
    (gregorian seconds, inclusive), at most --max-range seconds long (KAZOO's limit,
    2682000 = 31 days + 1 hour). KAZOO's default created_to is "now"; a file has no
    "now", so here it is the newest sort time in the input, and created_from defaults
    to created_to minus the maximum range, as in KAZOO. Legs older than that are not
    listed: pass --created-from/--created-to, or a larger --max-range, to reach them.

    OPTIONS:
      --page-size N         Rows per page, at least 1 (default 50, KAZOO's).
      --start-key CURSOR    Continue after a previous page: its next_start_key.
                            KAZOO's own start_key values are accepted too.
      --created-from G      Oldest sort time to list, gregorian seconds.
      --created-to G        Newest sort time to list, gregorian seconds.
      --filter KEY=VALUE    A crossbar filter; repeatable. KEY is a field path
                            (custom_channel_vars.owner_id) and becomes filter_KEY;
                            not_PATH excludes; KEY may also be written in full:
                            filter_*, has_key, key_missing, has_value, value_missing.
      --query QUERY         KAZOO query parameters ('page_size=5&filter_call_direction=inbound'),
                            read as KAZOO reads them: utc_offset (seconds) shifts the datetime
                            column and must be a number; numbers with a fraction (1.5,
                            1.0e3) are rounded; a bare flag (descending, paginate) means
                            true. The options above win over the same parameters here.
      --ascending           Oldest first.
      --descending          Newest first (KAZOO's default).
      --interactions        Page interactions (as /cdrs/interaction): a page never
                            splits an interaction; data holds the rows of all its legs.
      --user ID             One user's listing (as /users/{ID}/cdrs, and with
                            --interactions /users/{ID}/cdrs/interaction): only legs whose
                            custom_channel_vars.owner_id is ID, so an interaction holds the
                            user's own legs and its representative is the user's first leg.
      --sort created|start  Sort legs on pvt_created (default, KAZOO's view) or on the
                            call's start time (for documents never stored by KAZOO;
                            created_from/created_to then apply to the start time).
      --max-range SECONDS   The longest allowed range (default 2682000).
      --max-record-bytes N  Reject records larger than N bytes (default 67108864).
      --quiet               No progress line (shown on standard error when it is a terminal).
      -h, --help            Show this help.

    Legs that cannot be listed (no pvt_created with --sort created, or a document id
    already taken by an earlier leg) are reported on standard error and make the exit
    status 1. So are, with --sort created, the documents KAZOO's listing views skip:
    pvt_deleted ones, those whose pvt_type is not cdr, those without
    custom_channel_vars, and those whose pvt_created (interaction_time with
    --interactions) is a string. A bad page size, range or start key is reported with KAZOO's message and
    exit status 2.

    EXIT STATUS: 0 all listed, 1 some rejected or not listable, 2 usage or paging error,
    3 a file could not be opened, 4 standard output could not be written, 141 standard
    output was closed (| head).
    """

  /// Query keys that `--filter` passes through unprefixed.
  static let fullFilterKeys: Set<String> = [
    "has_key", "key_missing", "has_value", "value_missing", "missing_value",
  ]

  static func run(_ arguments: [String], context: CommandContext) throws(UsageError) -> ExitCode {
    let parsed = try ParsedArguments(
      arguments,
      valued: [
        "--page-size", "--start-key", "--created-from", "--created-to", "--filter", "--query",
        "--sort", "--max-range", "--max-record-bytes", "--user",
      ],
      flags: ["--ascending", "--descending", "--interactions", quietFlag])
    var readerOptions = CDRReader.Options()
    if let limit = try parsed.integer("--max-record-bytes") {
      guard limit > 0 else { throw UsageError("--max-record-bytes must be positive") }
      readerOptions.maximumRecordBytes = limit
    }
    let query = try query(parsed)
    // KAZOO validates utc_offset before anything else (404 "utc_offset must be a number")
    // and shifts the datetime column by it.
    var listingOptions = CDRListingOptions()
    if query.contains("utc_offset") {
      do {
        let text = query.isFlag("utc_offset") ? nil : query.value(for: "utc_offset")
        listingOptions.timeAdjustment = .fixedOffset(try UTCOffset(parsing: text).seconds)
      } catch {
        throw UsageError(error.message)
      }
    }
    let maximumRange =
      try parsed.integer("--max-range").map(Int64.init) ?? PageRequest.defaultMaximumRange
    guard maximumRange >= 0 else { throw UsageError("--max-range must not be negative") }
    let sortKey: LegSortKey =
      try parsed.choice("--sort", of: ["created", "start"]) == "start" ? .listingStart : .created
    let listsInteractions = parsed.has("--interactions")
    let user = parsed.value("--user")
    if let user, user.isEmpty { throw UsageError("--user needs a user id") }

    var source = InMemoryCDRSource(records: [], sortKey: sortKey)
    // KAZOO's views (sorted on pvt_created) list only what their map functions emit.
    var skipped: [String: Int] = [:]
    var skippedOrder: [String] = []
    let inputs = InputSet(parsed.operands)
    let progress = ProgressMeter(
      context: context, operands: inputs.operands, quiet: parsed.has(quietFlag))
    let (totals, allOpened) = inputs.forEachEvent(
      context: context, options: readerOptions, progress: progress
    ) { event in
      switch event {
      case .record(let record, _):
        // A user's listing (listing_by_owner) holds only that user's legs.
        if let user, record.customChannelVars?.ownerID != user { break }
        if sortKey == .created,
          let reason = Self.kazooSkipReason(record, interactions: listsInteractions)
        {
          if skipped[reason] == nil { skippedOrder.append(reason) }
          skipped[reason, default: 0] += 1
        } else {
          source.insert(record)
        }
      case .rejection(let rejection): context.report(rejection.description)
      }
    }
    context.writeSummary(totals.summary)
    var unlisted = reportUnlisted(source, interactions: listsInteractions, context: context)
    for reason in skippedOrder {
      let count = skipped[reason] ?? 0
      context.report(
        "cdr page: \(count) leg\(count == 1 ? "" : "s") not listed: \(reason) (KAZOO's listing skips them)"
      )
      unlisted += count
    }

    let envelope: KazooEnvelope<JSONValue>
    do {
      let request = try PageRequest(
        query: query, now: GregorianSeconds(newestTime(source, interactions: listsInteractions)),
        maximumRange: maximumRange)
      let paginator = CDRPaginator(filter: filter(query, sortKey: sortKey))
      let options = listingOptions
      let rows: [JSONValue]
      let page: (startKey: String?, next: String?)
      if listsInteractions {
        let result = try paginator.interactions(request, from: source)
        rows = result.rows.flatMap { group in
          group.legs.map { .object(CDRListingRow(record: $0, options: options).jsonObject()) }
        }
        page = (result.startKey, result.nextStartKey)
      } else {
        let result = try paginator.legs(request, from: source)
        rows = result.rows.map { .object(CDRListingRow(record: $0, options: options).jsonObject()) }
        page = (result.startKey, result.nextStartKey)
      }
      envelope = KazooEnvelope(
        rows: rows, startKey: page.startKey, nextStartKey: page.next, paginated: request.paginate)
    } catch {
      throw UsageError(explanation(error, maximumRange: maximumRange))
    }
    var bytes: [UInt8] = []
    json(envelope).write(to: &bytes)
    bytes.append(0x0A)
    context.output.write(bytes)
    let code = totals.exitCode(allOpened: allOpened)
    return code == .success && unlisted > 0 ? .recordsRejected : code
  }

  /// The request's query: `--query` first, then the options, so the options win
  /// (``QueryString/value(for:)`` reads the last value).
  static func query(_ parsed: ParsedArguments) throws(UsageError) -> QueryString {
    var query = QueryString()
    for text in parsed.allValues("--query") {
      do {
        query.append(contentsOf: try QueryString(text))
      } catch {
        throw UsageError("--query: \(error.message)")
      }
    }
    if let text = parsed.value("--page-size") { query.append(key: "page_size", value: text) }
    if let text = parsed.value("--start-key") { query.append(key: "start_key", value: text) }
    for (option, key) in [("--created-from", "created_from"), ("--created-to", "created_to")] {
      guard let text = parsed.value(option) else { continue }
      guard let value = Int64(text), value > 0 else {
        throw UsageError("\(option) needs gregorian seconds (an integer above 0), got '\(text)'")
      }
      query.append(key: key, value: String(value))
    }
    for (key, value) in try crossbarFilters(parsed.allValues("--filter")) {
      query.append(key: key, value: value)
    }
    if parsed.has("--ascending") && parsed.has("--descending") {
      throw UsageError("--ascending and --descending exclude each other")
    }
    if parsed.has("--ascending") {
      query.append(key: "descending", value: "false")
      query.append(key: "ascending", value: "true")
    } else if parsed.has("--descending") {
      query.append(key: "descending", value: "true")
    }
    return query
  }

  /// The query's filter. With `--sort start` the range already selects on the start time,
  /// so the `created_from`/`created_to` clauses (which test `pvt_created`) are dropped.
  static func filter(_ query: QueryString, sortKey: LegSortKey) -> CDRFilter {
    var filter = CDRFilter(query: query)
    if sortKey == .listingStart {
      filter.clauses.removeAll { clause in
        switch clause {
        case .createdFrom, .createdTo: true
        default: false
        }
      }
    }
    return filter
  }

  /// The newest sort time in the listing (KAZOO's "now" stand-in), 0 when it is empty.
  static func newestTime(_ source: InMemoryCDRSource, interactions: Bool) -> Int64 {
    let all = Int64.min...Int64.max
    if interactions {
      return source.interactions(from: nil, direction: .descending, in: all, limit: 1).first?.key
        .time ?? 0
    }
    return source.legs(from: nil, direction: .descending, in: all, limit: 1).first?.key.time ?? 0
  }

  /// Reports legs the source cannot list on standard error; returns how many.
  static func reportUnlisted(
    _ source: InMemoryCDRSource, interactions: Bool, context: CommandContext
  ) -> Int {
    for leg in source.duplicates {
      context.report(
        "cdr page: leg \(leg.documentID ?? leg.callID) not listed: an earlier leg has the same key")
    }
    var count = source.duplicates.count
    if !source.unsortable.isEmpty {
      context.report(
        "cdr page: \(source.unsortable.count) leg\(source.unsortable.count == 1 ? "" : "s") not listed: "
          + "no pvt_created (use --sort start)")
      count += source.unsortable.count
    }
    if interactions, !source.withoutInteraction.isEmpty {
      context.report(
        "cdr page: \(source.withoutInteraction.count) legs not listed: no interaction_time/interaction_key"
      )
      count += source.withoutInteraction.count
    }
    return count
  }

  /// Why KAZOO's listing view would not list `record`, or `nil`: its map functions
  /// (`crossbar_listing`, `interaction_listing`) emit nothing for a deleted document, one
  /// whose `pvt_type` is not `cdr`, one without `custom_channel_vars`, and one whose
  /// `pvt_created` (or, for interactions, `interaction_time`) is text.
  static func kazooSkipReason(_ record: CallDetailRecord, interactions: Bool) -> String? {
    if record.otherField("pvt_deleted") == .bool(true) { return "pvt_deleted" }
    if record.privateType != "cdr" { return "pvt_type is not cdr" }
    if record.customChannelVars == nil { return "no custom_channel_vars" }
    let textual = interactions ? "/interaction_time" : "/pvt_created"
    if record.drifts.contains(where: { $0.path == textual && $0.original.stringValue != nil }) {
      return "\(textual.dropFirst()) is a string"
    }
    return nil
  }

  /// KAZOO's message, and for a too long range what to do about it.
  static func explanation(_ error: PagingError, maximumRange: Int64) -> String {
    switch error {
    case .rangeTooLong:
      "\(error.message) (KAZOO's maximum range): narrow --created-from/--created-to or raise --max-range"
    default: error.message
    }
  }

  /// The envelope as JSON, keys sorted, numbers kept as written.
  static func json(_ envelope: KazooEnvelope<JSONValue>) -> JSONValue {
    var object: [String: JSONValue] = [:]
    if let data = envelope.data { object["data"] = .array(data) }
    if let pageSize = envelope.pageSize { object["page_size"] = .number(JSONNumber(pageSize)) }
    let texts: [(String, String?)] = [
      ("start_key", envelope.startKey), ("next_start_key", envelope.nextStartKey),
      ("status", envelope.status), ("revision", envelope.revision),
      ("request_id", envelope.requestID),
    ]
    for (key, value) in texts { if let value { object[key] = .string(value) } }
    return .object(object)
  }
}

/// The query pairs of `--filter KEY=VALUE` options (`cdr page`'s and `cdr fetch`'s), in
/// order: `KEY` becomes `filter_KEY` unless it is written in full (`filter_*`, or one of
/// ``PageCommand/fullFilterKeys``).
package func crossbarFilters(_ options: [String]) throws(UsageError) -> [(
  key: String, value: String
)] {
  var pairs: [(key: String, value: String)] = []
  for filter in options {
    guard let equals = filter.firstIndex(of: "="), equals != filter.startIndex else {
      throw UsageError("--filter needs KEY=VALUE, got '\(filter)'")
    }
    let key = String(filter[..<equals])
    let value = String(filter[filter.index(after: equals)...])
    let full = key.hasPrefix("filter_") || PageCommand.fullFilterKeys.contains(key)
    pairs.append((full ? key : "filter_" + key, value))
  }
  return pairs
}
