import CDRModel
import CDRTestSupport
import CDRTime
import Foundation
import Testing

@testable import CDRPaging

func leg(_ id: String, created: Int64, interaction: String, direction: String = "inbound")
  -> CallDetailRecord
{
  let json: JSONValue = [
    "_id": .string(id), "call_id": .string(id), "pvt_created": .number(JSONNumber(created)),
    "interaction_id": .string(interaction), "call_direction": .string(direction),
  ]
  // The object always has a string call_id.
  return (try? CallDetailRecord(json: json)) ?? CallDetailRecord(callID: id)
}

@Suite struct PaginatorTests {
  // 2020-01-31 23:00:00 .. 2020-02-01 01:00:00 (a month boundary) in gregorian seconds.
  let base: Int64 = 63_748_508_400

  @Test(arguments: 0..<40)
  func pagesCoverEveryLegExactlyOnce(seed: UInt64) throws {
    var random = SeededGenerator(seed: seed)
    var serial = 0
    func newLeg(at time: Int64) -> CallDetailRecord {
      serial += 1
      let kind = Int.random(in: 0..<3, using: &random) == 0 ? "outbound" : "inbound"
      return leg(
        String(format: "2020%02d-%05d", time < base + 3600 ? 1 : 2, serial), created: time,
        interaction: "\(base)-k\(serial % 7)", direction: kind)
    }
    // Few distinct times, so equal timestamps are common.
    let times = (0..<8).map { base + 900 * Int64($0) }
    var source = InMemoryCDRSource(
      records: (0..<Int.random(in: 0..<60, using: &random)).map { _ in
        newLeg(at: times.randomElement(using: &random)!)
      })
    let direction: PageDirection = Bool.random(using: &random) ? .ascending : .descending
    let filtered = Bool.random(using: &random)
    let filter =
      filtered ? try CDRFilter(query: QueryString("filter_call_direction=inbound")) : CDRFilter()
    // KAZOO-style keys are inclusive keys of the next row, so a leg inserted between the last
    // row and that key is skipped (KAZOO's behaviour); inserts are only made with CDRKit cursors.
    let kazooStyle = Bool.random(using: &random)
    let paginator = CDRPaginator(filter: filter, keyStyle: kazooStyle ? .kazoo : .cdrkit)
    let range = times[1]...times[6]
    var request = try PageRequest(
      pageSize: Int.random(in: 1...7, using: &random), createdFrom: range.lowerBound,
      createdTo: range.upperBound,
      direction: direction)
    var expected = Set(
      source.sorted.filter { range.contains($0.key.time) && filter.matches($0.record) }.map(\.key))
    var seen: [PageKey] = []
    var pages = 0
    while true {
      let page = try paginator.legs(request, from: source)
      pages += 1
      let keys = page.rows.compactMap { LegSortKey.created.key(of: $0) }
      #expect(keys == (direction == .ascending ? keys.sorted() : keys.sorted().reversed()))
      if let last = keys.last, let previous = seen.last {
        #expect(direction == .ascending ? previous < keys[0] : keys[0] < previous)
        _ = last
      }
      seen += keys
      guard let next = page.nextStartKey else { break }
      #expect(page.rows.count == request.pageSize)
      request.startKey = next
      // Insert a few legs between pages, older and newer than the cursor.
      for _ in 0..<(kazooStyle ? 0 : Int.random(in: 0...3, using: &random)) {
        let record = newLeg(at: times.randomElement(using: &random)!)
        guard source.insert(record), let key = LegSortKey.created.key(of: record) else { continue }
        let ahead = direction == .ascending ? key > seen.last! : key < seen.last!
        if ahead && range.contains(key.time) && filter.matches(record) { expected.insert(key) }
      }
      #expect(pages < 1000)
    }
    #expect(seen.count == Set(seen).count, "a leg was repeated")
    #expect(Set(seen) == expected, "a leg was skipped or an extra one appeared")
  }

  @Test(arguments: 0..<20)
  func interactionPagesNeverSplitInteractions(seed: UInt64) throws {
    var random = SeededGenerator(seed: seed &+ 1000)
    var legs: [CallDetailRecord] = []
    for index in 0..<Int.random(in: 1..<50, using: &random) {
      let interactionTime = base + Int64.random(in: 0..<4, using: &random) * 600
      let key = "k\(Int.random(in: 0..<5, using: &random))"
      legs.append(
        leg(
          "202001-\(index)", created: base + Int64(index), interaction: "\(interactionTime)-\(key)")
      )
    }
    let source = InMemoryCDRSource(records: legs.shuffled(using: &random))
    var request = try PageRequest(
      pageSize: Int.random(in: 1...3, using: &random), createdFrom: base, createdTo: base + 3600)
    var groups: [InteractionGroup] = []
    while true {
      let page = try CDRPaginator().interactions(request, from: source)
      groups += page.rows
      guard let next = page.nextStartKey else { break }
      request.startKey = next
    }
    // Independent expectation: group the input by interaction_id directly.
    let reference = Dictionary(grouping: legs) { $0.interactionID ?? "" }.mapValues {
      Set($0.map(\.callID))
    }
    #expect(groups.count == reference.count)
    for group in groups { #expect(Set(group.legs.map(\.callID)) == reference[group.interactionID]) }
    #expect(groups.map(\.key) == groups.map(\.key).sorted().reversed())
  }

  @Test func startKeyErrorsAndKazooKeys() throws {
    let legs = (0..<5).map {
      leg("202001-\($0)", created: base + Int64($0), interaction: "\(base)-a")
    }
    let source = InMemoryCDRSource(records: legs)
    var request = try PageRequest(pageSize: 2, createdFrom: base, createdTo: base + 10)
    let first = try CDRPaginator(keyStyle: .kazoo).legs(request, from: source)
    #expect(first.rows.map(\.callID) == ["202001-4", "202001-3"])
    let next = try #require(first.nextStartKey)
    #expect(
      try KazooStartKey(parsing: next).viewKey?.json == [.number(JSONNumber(base + 2)), "202001-2"])
    request.startKey = next
    #expect(
      try CDRPaginator().legs(request, from: source).rows.map(\.callID) == ["202001-2", "202001-1"])
    // KAZOO's initial descending key [created_to, {}] starts at the newest leg at that time.
    request.startKey = KazooStartKey.encoded([.integer(base + 3), ErlangTerm.emptyJSONObject]).text
    #expect(
      try CDRPaginator().legs(request, from: source).rows.map(\.callID) == ["202001-3", "202001-2"])
    request.startKey = "63748508402"
    #expect(
      try CDRPaginator().legs(request, from: source).rows.map(\.callID) == ["202001-2", "202001-1"])

    func message(_ key: String, direction: PageDirection = .descending) -> String? {
      do {
        var bad = request
        bad.startKey = key
        bad.direction = direction
        _ = try CDRPaginator().legs(bad, from: source)
        return nil
      } catch { return error.message }
    }
    let cursor = try #require(try CDRPaginator().legs(request, from: source).nextStartKey)
    #expect(
      message(cursor, direction: .ascending)
        == "start_key belongs to another listing: it is for legs by created, descending, this request is for legs by created, ascending"
    )
    #expect(
      message(Base64URL.encode(Base64URL.decode(cursor)!.dropLast(5)))
        == "start_key is not a valid cursor: it is truncated")
    #expect(message("%%%") == "start_key is not a valid cursor: not base64url text")
    #expect(
      message("aGVsbG8") == "start_key is not a valid cursor: it was not issued by CDRKit or KAZOO")
    #expect(
      message(Base64URL.encode([131, 109, 0]))
        == "start_key is not a valid KAZOO key: Erlang term is truncated at byte 2")
    #expect(
      message(KazooStartKey.encoded(.binary("x")).text)
        == "start_key has a KAZOO key shape this listing does not use: \"x\"")
  }

  @Test func paginateOffAndAsyncSequence() async throws {
    let legs = (0..<7).map {
      leg("202001-\($0)", created: base + Int64($0), interaction: "\(base)-a")
    }
    let source = InMemoryCDRSource(records: legs)
    var request = try PageRequest(
      pageSize: 3, createdFrom: base, createdTo: base + 10, direction: .ascending)
    var all: [String] = []
    var pageCount = 0
    for try await page in CDRPageSequence(request: request, source: source) {
      all += page.rows.map(\.callID)
      pageCount += 1
    }
    #expect(pageCount == 3)
    #expect(all == legs.map(\.callID))
    request.paginate = false
    let page = try CDRPaginator().legs(request, from: source)
    #expect(page.rows.count == 7)
    #expect(page.nextStartKey == nil)
  }

  @Test func sourceBookkeeping() {
    let dup = leg("202001-1", created: base, interaction: "\(base)-a")
    let noCreated =
      (try? CallDetailRecord(jsonText: #"{"call_id":"x","interaction_id":"bad"}"#))
      ?? CallDetailRecord(callID: "x")
    let source = InMemoryCDRSource(records: [dup, dup, noCreated])
    #expect(source.sorted.count == 1)
    #expect(source.duplicates.count == 1)
    #expect(source.unsortable.map(\.callID) == ["x"])
    let listing = InMemoryCDRSource(records: [noCreated], sortKey: .listingStart)
    #expect(listing.withoutInteraction.map(\.callID) == ["x"])
  }
}

/// Issue "KAZOO fidelity", item 1: the interaction listing's filters test the leg the
/// `interaction_listing` reduce picks (earliest channel time, then loopback A < B < none),
/// not the first leg by `(pvt_created, _id)`.
@Suite struct InteractionFilterTests {
  static func leg(
    _ id: String, created: Int64, channel: Int?, loopback: String? = nil, direction: String
  ) throws -> CallDetailRecord {
    var members: [String: JSONValue] = [
      "_id": .string("202001-" + id), "call_id": .string(id),
      "pvt_created": .number(JSONNumber(created)), "interaction_id": "63746438400-k",
      "call_direction": .string(direction), "timestamp": 63_746_438_500, "duration_seconds": 100,
    ]
    if let channel { members["channel_created_time"] = .number(JSONNumber(channel)) }
    if let loopback { members["channel_loopback_leg"] = .string(loopback) }
    return try CallDetailRecord(json: .object(members))
  }

  static func page(_ legs: [CallDetailRecord], filter: String) throws -> [String] {
    let source = InMemoryCDRSource(records: legs)
    let request = try PageRequest(
      query: QueryString("created_from=63746438000&created_to=63746439000&" + filter),
      now: GregorianSeconds(63_746_439_000))
    let paginator = CDRPaginator(filter: try CDRFilter(query: QueryString(filter)))
    return try paginator.interactions(request, from: source).rows.map(\.interactionID)
  }

  @Test func filtersTestTheRepresentative() throws {
    // Saved first (smallest pvt_created) but started last: not the representative.
    let legs = [
      try Self.leg(
        "z", created: 63_746_438_600, channel: 1_579_219_300_000_000, direction: "outbound"),
      try Self.leg(
        "b", created: 63_746_438_700, channel: 1_579_219_200_000_000, loopback: "B",
        direction: "outbound"),
      try Self.leg(
        "a", created: 63_746_438_800, channel: 1_579_219_200_000_000, loopback: "A",
        direction: "inbound"),
      try Self.leg(
        "n", created: 63_746_438_900, channel: 1_579_219_200_000_000, direction: "outbound"),
    ]
    let group = InteractionGroup(
      key: PageKey(time: 63_746_438_400, id: "k"), interactionID: "63746438400-k", legs: legs)
    #expect(group.representative?.callID == "a")
    #expect(try Self.page(legs, filter: "filter_call_direction=inbound") == ["63746438400-k"])
    #expect(try Self.page(legs, filter: "filter_call_direction=outbound") == [])
    // Without loopback markers, the earliest channel time wins; ties go by call id.
    let plain = legs.map { leg in
      var copy = leg
      copy.channelLoopbackLeg = nil
      return copy
    }
    #expect(
      InteractionGroup(key: group.key, interactionID: group.interactionID, legs: plain)
        .representative?.callID == "a")
  }
}
