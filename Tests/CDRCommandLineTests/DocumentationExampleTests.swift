import CDRCommandLine
import CDRKit
import Foundation
import Testing

/// The code examples of the DocC articles in `Sources/CDRKit/CDRKit.docc`, verbatim, so they
/// compile and what they print is checked against the output the articles show.
///
/// Each test declares the paths the article's code uses (absolute here, relative to the
/// package root in the article) and a local `print` that records the lines; the code between
/// the `// article:` markers is the article's code block, unchanged.
@Suite("Documentation examples")
struct DocumentationExampleTests {
  static let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  static func fixture(_ name: String) -> String {
    root.appendingPathComponent("Fixtures/calls").appendingPathComponent(name).path
  }

  /// Collects what the example code prints, one line per call, items joined by spaces.
  final class Printed: @unchecked Sendable {
    var lines: [String] = []
  }

  // MARK: Getting started

  @Test func gettingStartedReading() throws {
    let out = Printed()
    func print(_ items: Any...) { out.lines.append(items.map { "\($0)" }.joined(separator: " ")) }
    let path = Self.fixture("bridged-pair.ndjson")
    // article: GettingStarted, "Read a file"
    let reader = try CDRReader(contentsOfFile: path)
    for event in reader {
      switch event {
      case .record(let leg, let location):
        print(
          location.line, leg.callID, leg.callDirection?.rawValue ?? "-", leg.billingSeconds ?? 0)
      case .rejection(let rejection):
        print("rejected:", rejection.reason)
      }
    }
    print(reader.statistics.read, "read,", reader.statistics.rejected, "rejected")
    // end article
    #expect(
      out.lines == [
        "1 3a1f0c2e-9b7d-4c1e-8f00-123456789abc inbound 121",
        "2 7d2e9f10-1c3b-4a5d-9e8f-abcdef012345 outbound 117",
        "2 read, 0 rejected",
      ])
  }

  @Test func gettingStartedRejections() throws {
    let out = Printed()
    func print(_ items: Any...) { out.lines.append(items.map { "\($0)" }.joined(separator: " ")) }
    let badPath = Self.root.appendingPathComponent("Fixtures/bad/mixed-bad.ndjson").path
    // article: GettingStarted, "Read a file" (rejections)
    let result = try CDRReader(contentsOfFile: badPath).readAll()
    print(result.records.count, "accepted,", result.rejections.count, "rejected")
    print(result.rejections[0].location.line, result.rejections[0].reason)
    // end article
    #expect(out.lines == ["3 accepted, 6 rejected", "4 malformed JSON: unexpected character 'h'"])
  }

  @Test func gettingStartedValidating() throws {
    let out = Printed()
    func print(_ items: Any...) { out.lines.append(items.map { "\($0)" }.joined(separator: " ")) }
    let legacyPath = Self.fixture("legacy-string-typed.ndjson")
    // article: GettingStarted, "Validate"
    for leg in try CDRReader(contentsOfFile: legacyPath).readAll().records {
      let exact = leg.validate()  // KAZOO's schema as written
      let lenient = leg.validate(mode: .lenient)  // what KAZOO's own readers tolerate
      print(leg.callID, exact.isValid, exact.errors.count, lenient.isValid, lenient.warnings.count)
    }
    // end article
    #expect(
      out.lines == [
        "legacy-0001@10.1.2.3 false 7 true 7",
        "legacy-0002@10.1.2.3 false 3 true 3",
      ])
  }

  @Test func gettingStartedGrouping() throws {
    let out = Printed()
    func print(_ items: Any...) { out.lines.append(items.map { "\($0)" }.joined(separator: " ")) }
    let transferPath = Self.fixture("attended-transfer.ndjson")
    // article: GettingStarted, "Group legs into calls"
    let legs = try CDRReader(contentsOfFile: transferPath).readAll().records
    let grouping = InteractionGrouper().group(legs)
    for call in grouping.interactions {
      print(call.id, call.legCount, call.billingSeconds, call.transferCount)
    }
    // end article
    #expect(out.lines == ["63746445600-9c0d1e2f 4 296 1"])
  }

  @Test func gettingStartedCSV() throws {
    let out = Printed()
    func print(_ items: Any...) { out.lines.append(items.map { "\($0)" }.joined(separator: " ")) }
    let path = Self.fixture("bridged-pair.ndjson")
    // article: GettingStarted, "Export CSV"
    let columns = CDRCSVColumns(names: "call_id,datetime,cost,rate,dialed_number")
    var writer = CSVWriter(header: columns.header)
    var bytes: [UInt8] = []
    for leg in try CDRReader(contentsOfFile: path).readAll().records {
      writer.writeRow(columns.cells(for: leg), into: &bytes)
    }
    writer.finish(into: &bytes)
    print(String(decoding: bytes, as: UTF8.self))
    // end article
    #expect(
      out.lines == [
        "call_id,datetime,cost,rate,dialed_number\r\n"
          + "3a1f0c2e-9b7d-4c1e-8f00-123456789abc,2020-01-17_00:00:00,300,0.01,+14155550199\r\n"
          + "7d2e9f10-1c3b-4a5d-9e8f-abcdef012345,2020-01-17_00:00:04,0,0.0,user_wpxnx7am9w\r\n"
      ])
  }

  // MARK: Legs and interactions

  @Test func legsAndInteractionsTable() throws {
    let path = Self.fixture("attended-transfer.ndjson")
    let context = CommandContext.inMemory(input: [])
    let code = CDRTool.run(["interactions", "--format", "table", path], context: context)
    #expect(code == 0)
    #expect(
      context.output.text == """
        ID                                    START (UTC)          LEGS  DURATION  BILLED  ANSWERED  CALLER            CALLEE
        63746445600-9c0d1e2f                  2020-01-17 02:00:00  4     300       296     yes       +12125550100      +14155550142

        """)
    #expect(context.errors.text == "4 read, 4 accepted, 0 rejected\n1 interactions, 4 legs\n")
  }

  @Test func legsAndInteractionsNDJSON() throws {
    let path = Self.fixture("attended-transfer.ndjson")
    let context = CommandContext.inMemory(input: [])
    #expect(CDRTool.run(["interactions", path], context: context) == 0)
    let text = context.output.text
    for piece in [
      #""billing_seconds":296"#, #""transfers":1"#, #""leg_count":4"#, #""start":63746445600"#,
      #""end":63746445900"#, #""id":"63746445600-9c0d1e2f""#, #""ringing_seconds":4"#,
      #"{"from":"a1000000-0000-4000-8000-000000000001","kind":"other_leg_call_id","to":"a1000000-0000-4000-8000-000000000004"}"#,
      #""owner_ids":["user0000000000000000000000000001","user0000000000000000000000000002"]"#,
    ] {
      #expect(text.contains(piece), "\(piece)")
    }
  }

  @Test func legsAndInteractionsLinks() throws {
    let out = Printed()
    func print(_ items: Any...) { out.lines.append(items.map { "\($0)" }.joined(separator: " ")) }
    let transferPath = Self.fixture("attended-transfer.ndjson")
    // article: LegsAndInteractions
    let legs = try CDRReader(contentsOfFile: transferPath).readAll().records
    let byBridgeOnly = InteractionGrouper(links: .bridge).group(legs)
    print(byBridgeOnly.interactions.map(\.legCount))

    let grouping = InteractionGrouper().group(legs)
    let call = grouping.interactions[0]
    for link in call.diagnostics.links {
      print(link.from.suffix(4), "->", link.to.suffix(4), link.kind.rawValue)
    }
    print(grouping.legs(of: "a1000000-0000-4000-8000-000000000003")?.count ?? 0)
    // end article
    #expect(
      out.lines == [
        "[2, 2]",
        "0001 -> 0004 other_leg_call_id",
        "0002 -> 0001 bridge_id",
        "0002 -> 0001 other_leg_call_id",
        "0003 -> 0004 other_leg_call_id",
        "0004 -> 0003 bridge_id",
        "0004 -> 0001 other_leg_call_id",
        "4",
      ])
  }

  // MARK: Time in KAZOO

  @Test func timeConversions() throws {
    let out = Printed()
    func print(_ items: Any...) { out.lines.append(items.map { "\($0)" }.joined(separator: " ")) }
    // article: TimeInKazoo, "Gregorian and Unix seconds"
    let start = GregorianSeconds(63_746_438_400)
    print(start.unixSeconds, GregorianSeconds.unixEpoch)
    print(GregorianSeconds(unixSeconds: 1_000_000_000))
    print(GregorianSeconds(63_652_662_294).prettyPrinted())
    print(GregorianSeconds(63_595_733_389).rfc1036())
    print(GregorianSeconds(63_595_733_389).iso8601Combined(offsetSeconds: -18000))
    print(try KazooISO8601.parse("2015-04-07T04:33:02+03:30").prettyPrinted())
    // end article
    #expect(
      out.lines == [
        "1579219200 62167219200",
        "63167219200",
        "2017-01-26_15:04:54",
        "Wed, 08 Apr 2015 17:29:49 GMT",
        "2015-04-08T12:29:49-05:00",
        "2015-04-07_01:03:02",
      ])
  }

  @Test func timeFieldsAndOffsets() throws {
    let out = Printed()
    func print(_ items: Any...) { out.lines.append(items.map { "\($0)" }.joined(separator: " ")) }
    let path = Self.fixture("bridged-pair.ndjson")
    // article: TimeInKazoo, "Which instant each field means"
    let leg = try CDRReader(contentsOfFile: path).readAll().records[0]
    print(leg.timestamp ?? 0, leg.durationSeconds ?? 0, leg.channelCreatedTime ?? 0)
    print(leg.hangupTime?.rawValue ?? 0)
    print(leg.listingStartTime.rawValue)
    print(leg.channelCreatedGregorianSeconds?.rawValue ?? 0)
    // end article
    // article: TimeInKazoo, "utc_offset"
    let offset = try UTCOffset(parsing: "-14400")
    print(GregorianSeconds(63_687_252_084).adding(offset.seconds).prettyPrinted())

    let shifted = CDRListingRow(
      record: leg, options: CDRListingOptions(timeAdjustment: .fixedOffset(-18000)))
    print(
      shifted.cellText(.datetime), shifted.cellText(.timestamp), shifted.cellText(.iso8601Combined))
    // end article
    #expect(
      out.lines == [
        "63746438525 125 1579219200250000",
        "63746438525",
        "63746438400",
        "63746438400",
        "2018-03-02_19:21:24",
        "2020-01-16_19:00:00 63746438400 2020-01-17T00:00:00Z",
      ])
    #expect((try? UTCOffset(parsing: "1.5")) == nil)
  }

  @Test func timeZones() throws {
    let out = Printed()
    func print(_ items: Any...) { out.lines.append(items.map { "\($0)" }.joined(separator: " ")) }
    // article: TimeInKazoo, "Time zones and daylight saving time"
    let newYork = try TimeAdjustment(timeZoneIdentifier: "America/New_York")
    let january = GregorianSeconds(63_746_438_400)  // 2020-01-17 00:00:00 UTC
    let july = GregorianSeconds(63_762_076_800)  // 2020-07-16 00:00:00 UTC
    print(newYork.offsetSeconds(at: january), newYork.offsetSeconds(at: july))
    print(july.iso8601Combined(in: newYork))

    let losAngeles = try TimeAdjustment(kazooZone: "America/Los_Angeles")
    print(GregorianSeconds(63_595_584_000).iso8601Combined(in: losAngeles))
    // end article
    #expect(
      out.lines == [
        "-18000 -14400",
        "2020-07-15T20:00:00-04:00",
        "2015-04-06T17:00:00-07:00",
      ])
  }

  // MARK: Paging without losing legs

  @Test func pagingWhileLegsArrive() throws {
    let out = Printed()
    func print(_ items: Any...) { out.lines.append(items.map { "\($0)" }.joined(separator: " ")) }
    let files = ["bridged-pair", "ring-group-fork", "attended-transfer", "loopback"].map {
      Self.fixture("\($0).ndjson")
    }
    // article: PagingWithoutLosingLegs (after the `files` list)
    var legs: [CallDetailRecord] = []
    for file in files { legs += try CDRReader(contentsOfFile: file).readAll().records }
    let late = legs.removeFirst()  // saved while the client is paging

    var source = InMemoryCDRSource(records: legs)  // sorted on pvt_created, as KAZOO's view
    let paginator = CDRPaginator()
    var request = try PageRequest(
      pageSize: 3, createdFrom: 63_746_400_000, createdTo: 63_746_500_000)
    var listed: [String] = []
    var pages = 0
    repeat {
      let page = try paginator.legs(request, from: source)
      listed += page.rows.map(\.callID)
      pages += 1
      if pages == 1 { source.insert(late) }
      request.startKey = page.nextStartKey
    } while request.startKey != nil
    print(pages, "pages,", listed.count, "legs,", Set(listed).count, "distinct")
    print(listed.contains(late.callID))
    // end article
    #expect(out.lines == ["5 pages, 14 legs, 14 distinct", "true"])
  }

  @Test func pagingCommandFirstPage() throws {
    let paths = try FileManager.default.contentsOfDirectory(
      atPath: Self.root.appendingPathComponent("Fixtures/calls").path
    ).filter { $0.hasSuffix(".ndjson") }.sorted().map { Self.fixture($0) }
    let context = CommandContext.inMemory(input: [])
    _ = CDRTool.run(["page"] + paths + ["--page-size", "3"], context: context)
    #expect(
      context.output.text.contains(
        #""next_start_key":"Q0sBAAAAAAAADteVyXUAKzIwMjAwMS1lNTAwMDAwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMDAwYzHHMQ_X""#
      ))
    #expect(context.output.text.contains(#""page_size":3"#))
    #expect(
      context.errors.text == """
        22 read, 22 accepted, 0 rejected
        cdr page: 1 leg not listed: no pvt_created (use --sort start)
        cdr page: 1 leg not listed: pvt_type is not cdr (KAZOO's listing skips them)

        """)
  }

  // MARK: Validating custom SIP headers

  @Test func sipHeaderModes() throws {
    let out = Printed()
    func print(_ items: Any...) { out.lines.append(items.map { "\($0)" }.joined(separator: " ")) }
    // article: ValidatingCustomSIPHeaders, "RFC 3261 tokens and header injection"
    let document = try JSONValue(
      parsing: #"{"call_id":"c1","custom_sip_headers":{"X.Acc":"a1","X[1]":"x","X-Num":5}}"#)
    for mode in [CDRValidationMode.exact, .strict] {
      let report = CDRValidator(mode: mode).validate(document)
      print(mode.rawValue, report.isValid, report.errors.map(\.rule.rawValue))
    }
    // end article
    #expect(
      out.lines == [
        "exact true []",
        #"strict false ["strict.headerType", "strict.headerName", "strict.headerName"]"#,
      ])
  }

  @Test func sipHeaderStrictCommand() throws {
    let context = CommandContext.inMemory(
      input: Array(#"{"call_id":"c1","custom_sip_headers":{"X.Acc":"a1"}}"#.utf8) + [0x0A])
    #expect(CDRTool.run(["validate", "--mode", "strict"], context: context) == 1)
    #expect(
      context.output.text == #"""
        <stdin>:1: record 0 (c1): invalid
          error /custom_sip_headers/X.Acc [strict.headerName] header name "X.Acc" does not match ^[a-zA-z0-9_\-]+$; KAZOO's schema lets it through its second anyOf alternative

        """#)
    #expect(context.errors.text == "1 read, 1 accepted, 0 rejected; 0 valid, 1 invalid\n")
  }

  @Test func sipHeaderNamesAndBuilder() throws {
    let out = Printed()
    func print(_ items: Any...) { out.lines.append(items.map { "\($0)" }.joined(separator: " ")) }
    // article: ValidatingCustomSIPHeaders, "Checking one name"
    print(SIPHeaderName("X-Account-ID") != nil, SIPHeaderName("X.Acc") != nil)
    print(SIPHeaderName("X[1]") != nil, SIPHeaderName(token: "X[1]") != nil)
    print(SIPHeaderName.isToken("X.Acc"), SIPHeaderName.matchesKazooPattern("X.Acc"))
    print(SIPHeaderValue("a\r\nInjected: 1") == nil)
    // end article
    // article: ValidatingCustomSIPHeaders, "Building headers that are valid by construction"
    var builder = CustomSIPHeadersBuilder()
    if let name = SIPHeaderName(token: "X-Account"), let value = SIPHeaderValue("a1") {
      builder.set(name, value)
    }
    if let name = SIPHeaderName(token: "X-Out-Only"), let value = SIPHeaderValue("1") {
      builder.set(name, value, direction: .outbound)
    }
    let headers = builder.build()
    print(JSONValue.object(headers.rawValue).jsonText)
    print(headers.outbound["X-Out-Only"] ?? "-", headers.inbound["X-Out-Only"] ?? "-")

    var record = CallDetailRecord(callID: "c2")
    record.customSIPHeaders = headers
    print(record.validate(mode: .strict).isValid)
    // end article
    #expect(
      out.lines == [
        "true false", "true false", "true false", "true",
        #"{"in":{"X-Account":"a1"},"out":{"X-Account":"a1","X-Out-Only":"1"}}"#,
        "1 -",
        "true",
      ])
  }

  // MARK: CSV export

  @Test func csvColumns() throws {
    let out = Printed()
    func print(_ items: Any...) { out.lines.append(items.map { "\($0)" }.joined(separator: " ")) }
    let path = Self.fixture("bridged-pair.ndjson")
    // article: CSVExport, "Columns"
    print(CDRCSVColumns.kazoo().header.count, CDRCSVColumns.reseller().header.count)
    print(CDRCSVColumns.kazoo().header.prefix(4).joined(separator: ","))

    let leg = try CDRReader(contentsOfFile: path).readAll().records[0]
    let row = CDRListingRow(record: leg)
    print(
      row.cellText(.timestamp), row.cellText(.cost), row.cellText(.rate), row.cellText(.rfc1036))
    let mine = CDRCSVColumns(names: "call_id,custom_channel_vars.rate_name,hangup_code")
    print(mine.cells(for: leg))
    // end article
    #expect(
      out.lines == [
        "35 37",
        "ID,call_id,caller_id_number,caller_id_name",
        "63746438400 300 0.01 Fri, 17 Jan 2020 00:00:00 GMT",
        #"["3a1f0c2e-9b7d-4c1e-8f00-123456789abc", "US-DID", "sip:200"]"#,
      ])
  }

  @Test func csvWritingGuardAndName() throws {
    let out = Printed()
    func print(_ items: Any...) { out.lines.append(items.map { "\($0)" }.joined(separator: " ")) }
    // article: CSVExport, "Writing"
    var writer = CSVWriter(header: ["caller_id_name", "note"])
    var bytes: [UInt8] = []
    writer.writeRow(["Alice, A.", "said \"hi\""], into: &bytes)
    writer.writeRow(["=HYPERLINK(\"http://x\")", "-5"], into: &bytes)
    writer.writeRow(["", "+14155550100"], into: &bytes)
    print(String(decoding: bytes, as: UTF8.self).split(separator: "\r\n").joined(separator: " | "))
    // end article
    // article: CSVExport, "The formula guard"
    var exact = CSVWriter(
      header: ["caller_id_name", "note"], options: CSVWriter.Options(guardsFormulas: false))
    var raw: [UInt8] = []
    exact.writeRow(["=HYPERLINK(\"http://x\")", "-5"], into: &raw)
    print(String(decoding: raw, as: UTF8.self).split(separator: "\r\n").joined(separator: " | "))
    // end article
    // article: CSVExport, "The download name"
    print(CSVDownloadName.sanitized(nil))
    print(CSVDownloadName.sanitized("../../etc/passwd"))
    print(CSVDownloadName.contentDisposition(for: "März.csv"))
    // end article
    #expect(
      out.lines == [
        #"caller_id_name,note | "Alice, A.","said ""hi""" | "'=HYPERLINK(""http://x"")",-5 | ,+14155550100"#,
        #"caller_id_name,note | "=HYPERLINK(""http://x"")",-5"#,
        "result.csv",
        "passwd",
        "attachment; filename=\"M_rz.csv\"; filename*=UTF-8''M%C3%A4rz.csv",
      ])
  }

  @Test func csvCommandTour() throws {
    let context = CommandContext.inMemory(input: [])
    let code = CDRTool.run(
      [
        "csv", Self.fixture("bridged-pair.ndjson"), "--columns",
        "call_id,datetime,cost,rate,dialed_number",
      ],
      context: context)
    #expect(code == 0)
    #expect(
      context.output.text
        == "call_id,datetime,cost,rate,dialed_number\r\n"
        + "3a1f0c2e-9b7d-4c1e-8f00-123456789abc,2020-01-17_00:00:00,300,0.01,+14155550199\r\n"
        + "7d2e9f10-1c3b-4a5d-9e8f-abcdef012345,2020-01-17_00:00:04,0,0.0,user_wpxnx7am9w\r\n")
    #expect(context.errors.text == "2 read, 2 accepted, 0 rejected\n")
  }

  // MARK: Streaming and scaling out

  static let timeOrderedFiles = [
    "bridged-pair", "ring-group-fork", "attended-transfer", "loopback",
  ]
  .map { fixture("\($0).ndjson") }

  @Test func streamingPipeline() throws {
    let out = Printed()
    func print(_ items: Any...) { out.lines.append(items.map { "\($0)" }.joined(separator: " ")) }
    let files = Self.timeOrderedFiles
    // article: StreamingAndScalingOut, "Grouping a stream: the watermark"
    var streaming = StreamingInteractionGrouper(window: 3600)
    var calls: [Interaction] = []
    var accepted = 0
    for file in files {
      try CDRReader.readConcurrently(contentsOfFile: file, windowBytes: 1 << 18) { event in
        guard let leg = event.record else { return }
        accepted += 1
        for case .interaction(let call) in streaming.add(leg) { calls.append(call) }
      }
    }
    for case .interaction(let call) in streaming.finish() { calls.append(call) }
    print(accepted, "legs,", calls.count, "calls,", streaming.lateLegs, "late")
    // end article
    #expect(out.lines == ["14 legs, 4 calls, 0 late"])
  }

  @Test func partitionGroupMerge() throws {
    let out = Printed()
    func print(_ items: Any...) { out.lines.append(items.map { "\($0)" }.joined(separator: " ")) }
    let files = Self.timeOrderedFiles
    // article: StreamingAndScalingOut, "Scaling out: partition, group, merge"
    var legs: [CallDetailRecord] = []
    for file in files { legs += try CDRReader(contentsOfFile: file).readAll().records }
    let grouper = InteractionGrouper()
    let byAccount = Dictionary(grouping: legs) { $0.customChannelVars?.accountID ?? "" }
    let parts = byAccount.keys.sorted().map { grouper.group(byAccount[$0] ?? []) }
    print(parts.map(\.interactions.count))

    var merged = grouper.group([])
    for part in parts { merged = try merged.merged(with: part) }
    print(merged.interactions.count, merged == grouper.group(legs))
    // end article
    #expect(out.lines == ["[4, 1]", "4 true"])
  }

  // MARK: Migrating from KAZOO's API

  @Test func endpointEquivalents() throws {
    let out = Printed()
    func print(_ items: Any...) { out.lines.append(items.map { "\($0)" }.joined(separator: " ")) }
    let files = Self.timeOrderedFiles
    // article: MigratingFromKazoosAPI
    var legs: [CallDetailRecord] = []
    for file in files { legs += try CDRReader(contentsOfFile: file).readAll().records }

    // GET /cdrs/202001-3a1f0c2e-9b7d-4c1e-8f00-123456789abc
    let stored = legs.first { $0.documentID == "202001-3a1f0c2e-9b7d-4c1e-8f00-123456789abc" }
    let document = stored?.publicDocument
    print(document?["id"]?.stringValue ?? "-", document?["pvt_type"] == nil)

    // GET /cdrs/legs/63746445600-9c0d1e2f
    let grouping = InteractionGrouper().group(legs)
    print(grouping.legs(of: "63746445600-9c0d1e2f")?.count ?? 0)

    // GET /users/user0000000000000000000000000002/cdrs/interaction
    print(grouping.interactions(ownedBy: "user0000000000000000000000000002").map(\.id))

    // GET /cdrs?filter_call_direction=inbound
    let inbound = try CDRFilter(query: QueryString("filter_call_direction=inbound"))
    print(legs.filter { inbound.matches($0) }.count)
    // end article
    #expect(
      out.lines == [
        "202001-3a1f0c2e-9b7d-4c1e-8f00-123456789abc true",
        "4",
        #"["63746442000-5e6f7a8b", "63746445600-9c0d1e2f"]"#,
        "6",
      ])
  }

  // MARK: Events, webhooks and stored CDRs

  @Test func eventsReadingAndBuilding() throws {
    let out = Printed()
    func print(_ items: Any...) { out.lines.append(items.map { "\($0)" }.joined(separator: " ")) }
    let path = Self.root.appendingPathComponent(
      "Fixtures/realdata/kazoo-blackhole-doc-channel_destroy-event.json"
    ).path
    // article: EventsWebhooksAndStoredCDRs, "Reading any of them"
    let leg = try CDRReader(contentsOfFile: path).readAll().records[0]
    print(leg.callID, leg.billingSeconds ?? 0, leg.customChannelVars?.bridgeID ?? "-")
    for drift in leg.drifts.prefix(3) { print(drift) }
    // end article
    // article: EventsWebhooksAndStoredCDRs, "Building stored CDRs"
    var builder = CDRBuilder(
      options: CDRBuilder.Options(node: "kazoo_apps@wef.2600hz.com"),
      now: GregorianSeconds(63_610_891_989), keys: .constant("1a2b3c4d"))
    if case .built(let cdr) = builder.build(leg) {
      print(cdr.documentID ?? "-", cdr.interactionID ?? "-")
      print(cdr.privateAccountDB ?? "-", cdr.privateCreated ?? 0)
    }
    // end article
    #expect(
      out.lines == [
        "at6dmu4ffk97vnlp6qfq 31 at6dmu4ffk97vnlp6qfq",
        #"event envelope "CHANNEL_DESTROY" unwrapped: the record is its "args""#,
        #"/app_name: key "App-Name" normalized as KAZOO does"#,
        #"/app_version: key "App-Version" normalized as KAZOO does"#,
        "201510-at6dmu4ffk97vnlp6qfq 63610891989-1a2b3c4d",
        "account%2Fac%2Fco%2Funt0000000000000000000000002-201510 63610891989",
      ])
  }

  @Test func eventsRejected() {
    let out = Printed()
    func print(_ items: Any...) { out.lines.append(items.map { "\($0)" }.joined(separator: " ")) }
    // article: EventsWebhooksAndStoredCDRs, "Reading any of them" (other events)
    let events = """
      {"Event-Category":"call_event","Event-Name":"CHANNEL_CREATE","Call-ID":"a"}
      {"hook_event":"channel_answer","call_id":"b"}
      """
    let result = CDRReader(bytes: Array(events.utf8), sourceName: "events").readAll()
    for rejection in result.rejections { print(rejection) }
    // end article
    let reason =
      "not the end of a call leg; a CDR is built only from CHANNEL_DESTROY (or a 2011 "
      + "call_detail/cdr event)"
    #expect(
      out.lines == [
        "events:1: record 0: this is the KAZOO event call_event/CHANNEL_CREATE, " + reason,
        "events:2: record 1: this is the KAZOO event webhook channel_answer, " + reason,
      ])
  }

  @Test func eventsCommand() {
    let events = Self.root.appendingPathComponent("Fixtures/events/bridged-call-events.ndjson")
      .path
    let built = runTool(["from-events", "--now", "63745056200", "--seed", "1", events])
    #expect(built.errors.hasSuffix("5 read, 3 built, 0 passed through, 1 skipped, 1 rejected\n"))
    let table = runTool(["interactions", "--format", "table"], input: built.output)
    #expect(
      table.output.split(separator: "\n").map(String.init) == [
        "ID                                    START (UTC)          LEGS  DURATION  BILLED  ANSWERED  CALLER            CALLEE",
        "63745056035-0a1b2c3d                  2020-01-01 00:00:35  2     65        60      yes       +15550100         2001",
        "63745056200-910a2dec                  2020-01-01 00:02:30  1     20        0       no        -                 -",
      ])
  }
}
