import CDRInteractions
import CDRModel
import CDRTestSupport
import CDRTime
import Foundation
import Testing

@testable import CDRInteractions

/// Statistics from the leg table against the record path (the reference): the same totals,
/// the same groups with the same label bytes, for every dimension.
@Suite struct TableStatisticsTests {
  static let dimensions: [StatisticsDimension] = [
    .account, .owner, .direction, .day(TimeZone(identifier: "UTC")!),
    .day(TimeZone(identifier: "America/New_York")!),
    .day(TimeZone(identifier: "Asia/Kathmandu")!),
    .day(TimeZone(secondsFromGMT: -(3 * 3600 + 1800))!),
  ]

  typealias Groups = [(key: String, statistics: InteractionStatistics)]

  /// Labels compared by their bytes: `String`'s `==` would hide a group shown with the
  /// wrong one of two canonically equivalent labels.
  static func bytes(_ groups: Groups) -> [[UInt8]] { groups.map { Array($0.key.utf8) } }
  static func bytes(_ keys: [String]) -> [[UInt8]] { keys.map { Array($0.utf8) } }

  /// What the record path (the reference) gives for `records` under `links`: computed once
  /// and compared with every table made of those records.
  struct Reference {
    let records: [CallDetailRecord]
    let links: InteractionLinkOptions
    let interactions: [Interaction]
    /// The interactions in component order, to compare one call's keys.
    let built: [Interaction]
    let statistics: InteractionStatistics
    let legStatistics: InteractionStatistics
    /// Per dimension: the groups of interactions and of legs, and the keys of each
    /// interaction (component order) and of each leg.
    let groups: [Groups]
    let legGroups: [Groups]
    let callKeys: [[[[UInt8]]]]
    let legKeys: [[[[UInt8]]]]
    /// The legs' texts of each interaction, in the reference's order.
    let legTexts: [[String]]

    init(_ records: [CallDetailRecord], links: InteractionLinkOptions) {
      let interactions = InteractionGrouper(links: links).group(records).interactions
      let built = _GroupingCore.interactions(records, options: links)
      self.records = records
      self.links = links
      self.interactions = interactions
      self.built = built
      statistics = InteractionStatistics(interactions: interactions)
      legStatistics = InteractionStatistics(legs: records)
      groups = dimensions.map { InteractionStatistics.grouped(interactions, by: $0) }
      legGroups = dimensions.map { InteractionStatistics.grouped(legs: records, by: $0) }
      callKeys = dimensions.map { dimension in built.map { bytes(dimension.keys(of: $0)) } }
      legKeys = dimensions.map { dimension in records.map { bytes(dimension.keys(of: $0)) } }
      legTexts = interactions.map { $0.legs.map(\.jsonText) }
    }
  }

  /// Checks every statistic of `table` against the reference over `records` (the records
  /// the table holds, in order).
  static func check(
    _ table: CDRLegTable, against records: [CallDetailRecord], links: InteractionLinkOptions,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    check(table, against: Reference(records, links: links), sourceLocation: sourceLocation)
  }

  /// Checks every statistic of `table` against `reference` (of the records the table
  /// holds, in order).
  static func check(
    _ table: CDRLegTable, against reference: Reference,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let records = reference.records
    #expect(table.count == records.count, sourceLocation: sourceLocation)
    guard table.count == records.count else { return }
    let partition = InteractionGrouper(links: reference.links).partition(table)
    #expect(
      InteractionStatistics(interactionsOf: table, partition: partition) == reference.statistics,
      sourceLocation: sourceLocation)
    #expect(
      InteractionStatistics(legsOf: table) == reference.legStatistics,
      sourceLocation: sourceLocation)
    #expect(reference.built.count == partition.count, sourceLocation: sourceLocation)
    guard reference.built.count == partition.count else { return }
    for (position, dimension) in dimensions.enumerated() {
      let expected = reference.groups[position]
      let got = InteractionStatistics.grouped(
        interactionsOf: table, partition: partition, by: dimension)
      #expect(bytes(got) == bytes(expected), "\(dimension)", sourceLocation: sourceLocation)
      #expect(
        got.map(\.statistics) == expected.map(\.statistics), "\(dimension)",
        sourceLocation: sourceLocation)
      let expectedLegs = reference.legGroups[position]
      let gotLegs = InteractionStatistics.grouped(legsOf: table, by: dimension)
      #expect(bytes(gotLegs) == bytes(expectedLegs), "\(dimension)", sourceLocation: sourceLocation)
      #expect(
        gotLegs.map(\.statistics) == expectedLegs.map(\.statistics), "\(dimension)",
        sourceLocation: sourceLocation)
      let callKeys = partition.indices.map {
        bytes(dimension.keys(ofInteraction: $0, of: partition, in: table))
      }
      #expect(
        callKeys == reference.callKeys[position], "\(dimension)", sourceLocation: sourceLocation)
      let legKeys = records.indices.map { bytes(dimension.keys(ofLeg: $0, in: table)) }
      #expect(
        legKeys == reference.legKeys[position], "\(dimension)", sourceLocation: sourceLocation)
    }
    // The order the table path counts in when the order matters is the reference's.
    let order = _TableCalls(table: table, partition: partition).recordOrder()
    #expect(
      order.map { reference.built[$0].legs.map(\.jsonText) } == reference.legTexts,
      sourceLocation: sourceLocation)
  }

  /// The two link settings the tests group under.
  static let linkSettings: [InteractionLinkOptions] = [.default, [.default, .interactionID]]

  /// Checks every way of building a table from `bytes`, with and without the caller and
  /// callee texts, under each of `links` (both link settings unless told).
  static func check(
    _ bytes: [UInt8], links: [InteractionLinkOptions] = linkSettings,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let records = CDRReader(bytes: bytes, sourceName: "t").readAll().records
    var tables: [CDRLegTable] = []
    for keeps in [true, false] {
      for window in [1 << 12, 16 << 20] {
        tables.append(
          CDRLegTable.read(
            bytes: bytes, sourceName: "t", windowBytes: window, maximumConcurrency: 2,
            keepingCallerAndCallee: keeps
          ).table)
      }
      tables.append(CDRLegTable(records, keepingCallerAndCallee: keeps))
    }
    // The reference once per link setting, for all six tables.
    for links in links {
      let reference = Reference(records, links: links)
      for table in tables {
        check(table, against: reference, sourceLocation: sourceLocation)
      }
    }
  }

  static func fixture(_ path: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: Fixtures.root.appendingPathComponent("Fixtures/\(path)")))
  }

  @Test(arguments: LegTableTests.fixtureNames) func fixture(_ name: String) throws {
    Self.check(try Self.fixture("calls/\(name)"))
  }

  @Test func allFixturesTogetherAndTwice() throws {
    var bytes: [UInt8] = []
    for name in LegTableTests.fixtureNames where name.hasSuffix(".ndjson") {
      bytes.append(contentsOf: try Self.fixture("calls/\(name)"))
      if bytes.last != 0x0A { bytes.append(0x0A) }
    }
    bytes.append(contentsOf: try Self.fixture("bad/mixed-bad.ndjson"))
    if bytes.last != 0x0A { bytes.append(0x0A) }
    bytes.append(contentsOf: try Self.fixture("events/bridged-call-events.ndjson"))
    Self.check(bytes)
    // Every document twice: exact duplicates, ordered by their text.
    Self.check(bytes + bytes)
  }

  /// One link setting per seed, taking turns: each is checked on half of the seeds, in
  /// half the time of checking both on every seed.
  static func links(forSeed seed: UInt64) -> [InteractionLinkOptions] {
    [linkSettings[Int(seed % 2)]]
  }

  @Test(arguments: [1, 2, 3, 4]) func hardLegs(_ seed: UInt64) {
    Self.check(HardLegs.ndjson(seed: seed, calls: 250), links: Self.links(forSeed: seed))
  }

  @Test(arguments: [1, 2, 3, 4, 5, 6]) func statisticsLegs(_ seed: UInt64) {
    Self.check(StatisticsLegs.ndjson(seed: seed, calls: 120), links: Self.links(forSeed: seed))
  }

  static func lines(_ documents: [String]) -> [UInt8] {
    Array(documents.joined(separator: "\n").utf8) + [0x0A]
  }

  /// Ringing seconds that saturate: counted in component order the total would differ, so
  /// the table counts in the reference's order.
  @Test func saturatingRingingIsCountedInTheReferenceOrder() {
    // Input (component) order X, Z, Y; start order Y, X, Z.
    let bytes = Self.lines([
      #"{"call_id":"x","channel_created_time":1700000100000000,"ringing_seconds":9223372036854775807}"#,
      #"{"call_id":"z","channel_created_time":1700000200000000,"ringing_seconds":1}"#,
      #"{"call_id":"y","channel_created_time":1700000000000000,"ringing_seconds":-10}"#,
    ])
    let records = CDRReader(bytes: bytes).readAll().records
    let (table, _) = CDRLegTable.read(bytes: bytes)
    let interactions = InteractionGrouper().group(records).interactions
    let reference = InteractionStatistics(interactions: interactions)
    #expect(reference.ringingSeconds == Int.max - 9)
    var inInputOrder = InteractionStatistics()
    for id in ["x", "z", "y"] { inInputOrder.add(interactions.first { $0.id.hasSuffix(id) }!) }
    #expect(inInputOrder.ringingSeconds == Int.max - 10)
    let partition = InteractionGrouper().partition(table)
    #expect(InteractionStatistics(interactionsOf: table, partition: partition) == reference)
    Self.check(table, against: records, links: .default)
  }

  /// Two accounts `String` holds equal: a group shows the label the reference met first —
  /// the earliest call's for calls, the first leg's for legs.
  @Test func equivalentLabelsShowTheFirstSeen() {
    // x comes first in the input but starts after y.
    let bytes = Self.lines([
      #"{"call_id":"x","channel_created_time":1700000100000000,"pvt_account_id":"a\u0308cc","custom_channel_vars":{"owner_id":"o\u0301"}}"#,
      #"{"call_id":"y","channel_created_time":1700000000000000,"pvt_account_id":"\u00e4cc","custom_channel_vars":{"owner_id":"\u00f3"}}"#,
    ])
    let records = CDRReader(bytes: bytes).readAll().records
    let (table, _) = CDRLegTable.read(bytes: bytes)
    let partition = InteractionGrouper().partition(table)
    for (dimension, nfc, nfd) in [
      (StatisticsDimension.account, "\u{E4}cc", "a\u{308}cc"), (.owner, "\u{F3}", "o\u{301}"),
    ] {
      let calls = InteractionStatistics.grouped(
        interactionsOf: table, partition: partition, by: dimension)
      #expect(Self.bytes(calls) == [Array(nfc.utf8)])
      #expect(calls.first?.statistics.calls == 2)
      let legs = InteractionStatistics.grouped(legsOf: table, by: dimension)
      #expect(Self.bytes(legs) == [Array(nfd.utf8)])
    }
    Self.check(table, against: records, links: .default)
  }

  /// Labels are interned without a length limit: a 17 MB account is counted, shown and
  /// written in summary lines as the reference does.
  @Test func aLabelTooLongForTheTextArena() {
    let account = String(repeating: "a", count: (1 << 24) + 5)
    let bytes = Self.lines([
      #"{"call_id":"x","billing_seconds":5,"custom_channel_vars":{"account_id":"\#(account)"}}"#,
      #"{"call_id":"y","other_leg_call_id":"x","pvt_account_id":"b"}"#,
    ])
    let records = CDRReader(bytes: bytes).readAll().records
    #expect(records.count == 2)
    let (table, _) = CDRLegTable.read(bytes: bytes)
    Self.check(table, against: records, links: .default)
    #expect(
      LegTableTests.tableLines(table, links: .default)
        == LegTableTests.referenceLines(records, links: .default))
  }

  /// A table whose id lookup was released (as `cdr` does once every input is read) builds
  /// it again when more legs are appended: the same ids, the same grouping.
  @Test func appendingAfterReleasingTheLookup() {
    let first = HardLegs.ndjson(seed: 8, calls: 150)
    let second = StatisticsLegs.ndjson(seed: 9, calls: 150)
    var table = CDRLegTable.read(bytes: first, maximumConcurrency: 2).table
    table.releaseAppendingSpace()
    let idsBefore = table.ids.count
    table.append(contentsOf: CDRLegTable.read(bytes: second, maximumConcurrency: 2).table)
    table.releaseAppendingSpace()
    table.append(contentsOf: CDRLegTable.read(bytes: first, maximumConcurrency: 2).table)
    #expect(table.ids.count > idsBefore)
    let records = [first, second, first].flatMap { CDRReader(bytes: $0).readAll().records }
    #expect(
      LegTableTests.tableLines(table, links: .default)
        == LegTableTests.referenceLines(records, links: .default))
    Self.check(table, against: records, links: .default)
    // A released table appended to another gives its ids (hashed again) as before.
    var released = CDRLegTable.read(bytes: second, maximumConcurrency: 2).table
    released.releaseAppendingSpace()
    var combined = CDRLegTable.read(bytes: first, maximumConcurrency: 2).table
    combined.append(contentsOf: released)
    let combinedRecords = [first, second].flatMap { CDRReader(bytes: $0).readAll().records }
    #expect(
      LegTableTests.tableLines(combined, links: .default)
        == LegTableTests.referenceLines(combinedRecords, links: .default))
  }

  /// The zone offsets kept per hour are the ones `TimeZone` gives for every instant: around
  /// transitions (daylight saving, a changed standard offset, a skipped day), at local
  /// midnights, far in the past and the future, and at the ends of `Int64`.
  @Test func localDaysMatchTheZoneAtEveryInstant() {
    let zones =
      [
        "America/New_York", "Asia/Kathmandu", "Australia/Lord_Howe", "Pacific/Apia",
        "Europe/Moscow", "UTC", "Africa/Casablanca",
      ].map { TimeZone(identifier: $0)! } + [TimeZone(secondsFromGMT: 12_345)!]
    var instants: [Int64] = []
    // Unix seconds: 2011-12-29 (Apia), 2014-10-25 (Moscow), 2024-03-10 and 2024-11-03 (New
    // York), 2024-10-05 15:30Z (Lord Howe, half an hour off the UTC hour), 1883-11-18
    // 17:00Z (New York leaves local mean time, -4:56:02).
    for center in [
      1_325_030_400, 1_414_195_200, 1_710_054_000, 1_730_613_600, 1_728_142_200,
      -2_717_650_800,
    ] as [Int64] {
      for step in stride(from: -2 * 86_400, through: 2 * 86_400, by: 299) {
        instants.append(center + Int64(step))
      }
    }
    var random = SeededGenerator(seed: 5)
    for _ in 0..<3000 { instants.append(Int64(random.below(8_000_000_000)) - 2_500_000_000) }
    let gregorian =
      instants.map { GregorianSeconds(unixSeconds: $0) }
      + [GregorianSeconds(Int64.min), GregorianSeconds(Int64.max), GregorianSeconds(Int64(0))]
    for zone in zones {
      var days = _LocalDays(zone: zone)
      for time in gregorian {
        let expected = time.adding(Int64(zone.secondsFromGMT(for: time.date)))
        let local = days.local(time)
        #expect(local == expected, "\(zone.identifier) \(String(time.rawValue))")
        #expect(
          StatisticsDimension.localDay(local: local)
            == StatisticsDimension.localDay(time, in: zone))
      }
    }
  }
}
