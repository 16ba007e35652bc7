import CDRInteractions
import CDRModel
import CDRTestSupport
import Foundation
import Testing

@testable import CDRInteractions

/// The leg table against the record path (the reference): the same partition, the same
/// summary bytes, the same rejections and counts.
@Suite struct LegTableTests {
  /// What the record path gives for `bytes`.
  struct Reference {
    var records: [CallDetailRecord]
    var rejections: [String]
    var counts: [Int]
  }

  static func reference(_ bytes: [UInt8]) -> Reference {
    let result = CDRReader(bytes: bytes, sourceName: "t").readAll()
    return Reference(
      records: result.records, rejections: result.rejections.map(\.description),
      counts: [result.statistics.read, result.statistics.accepted, result.statistics.rejected])
  }

  static func referenceLines(_ records: [CallDetailRecord], links: InteractionLinkOptions)
    -> [UInt8]
  {
    var text: [UInt8] = []
    var builder = JSONTextBuilder()
    for interaction in InteractionGrouper(links: links).group(records).interactions {
      builder.removeAll()
      interaction.writeSummaryJSON(to: &builder)
      text.append(contentsOf: builder.bytes)
      text.append(0x0A)
    }
    return text
  }

  static func tableLines(_ table: CDRLegTable, links: InteractionLinkOptions) -> [UInt8] {
    var text: [UInt8] = []
    InteractionGrouper(links: links, maximumConcurrency: 2).writeSummaryLines(of: table) {
      text.append(contentsOf: $0)
    }
    return text
  }

  /// Checks every way of building a table from `bytes` against the record path.
  static func check(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
    let reference = reference(bytes)
    for window in [1 << 12, 16 << 20] {
      var rejections: [String] = []
      let (table, statistics) = CDRLegTable.read(
        bytes: bytes, sourceName: "t", windowBytes: window, maximumConcurrency: 2
      ) { rejections.append($0.description) }
      #expect(rejections == reference.rejections, sourceLocation: sourceLocation)
      #expect(
        [statistics.read, statistics.accepted, statistics.rejected] == reference.counts,
        sourceLocation: sourceLocation)
      #expect(table.count == reference.records.count, sourceLocation: sourceLocation)
      for links in [InteractionLinkOptions.default, [.default, .interactionID]] {
        let grouper = InteractionGrouper(links: links)
        #expect(
          grouper.partition(table) == grouper.partition(reference.records),
          sourceLocation: sourceLocation)
        let expected = referenceLines(reference.records, links: links)
        let got = tableLines(table, links: links)
        #expect(
          String(decoding: got, as: UTF8.self) == String(decoding: expected, as: UTF8.self),
          sourceLocation: sourceLocation)
        let fromRecords = CDRLegTable(reference.records)
        #expect(tableLines(fromRecords, links: links) == expected, sourceLocation: sourceLocation)
      }
    }
  }

  static let fixtureNames = [
    "bridged-pair.ndjson", "ring-group-fork.ndjson", "attended-transfer.ndjson",
    "loopback.ndjson", "unanswered.ndjson", "other-leg-missing.ndjson", "voicemail.ndjson",
    "fax.ndjson", "legacy-string-typed.ndjson", "api-envelope.json", "export-array.json",
  ]

  @Test(arguments: fixtureNames) func fixture(_ name: String) throws {
    let url = Fixtures.root.appendingPathComponent("Fixtures/calls/\(name)")
    Self.check([UInt8](try Data(contentsOf: url)))
  }

  @Test func allFixturesTogether() throws {
    var bytes: [UInt8] = []
    for name in Self.fixtureNames where name.hasSuffix(".ndjson") {
      let url = Fixtures.root.appendingPathComponent("Fixtures/calls/\(name)")
      bytes.append(contentsOf: try Data(contentsOf: url))
      if bytes.last != 0x0A { bytes.append(0x0A) }
    }
    Self.check(bytes)
  }

  @Test(arguments: [1, 2, 3, 4, 5, 6]) func generated(_ seed: UInt64) {
    Self.check(HardLegs.ndjson(seed: seed, calls: 300))
  }

  @Test func fileReaderMatches() throws {
    let bytes = HardLegs.ndjson(seed: 42, calls: 200)
    let path = NSTemporaryDirectory() + "leg-table-\(UInt64.random(in: 0...UInt64.max)).ndjson"
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    defer { try? FileManager.default.removeItem(atPath: path) }
    let reference = Self.reference(bytes)
    var rejections: [String] = []
    let (table, statistics) = try CDRLegTable.read(
      contentsOfFile: path, windowBytes: 1 << 13, maximumConcurrency: 2
    ) { rejections.append($0.description) }
    #expect(statistics.read == reference.counts[0])
    #expect(rejections.count == reference.rejections.count)
    #expect(
      Self.tableLines(table, links: .default)
        == Self.referenceLines(reference.records, links: .default))
  }

  @Test func channelTimesMatchTheRecordProperties() {
    var random = SeededGenerator(seed: 9)
    let extremes = [0, 1, -1, Int.max, Int.min, 63_746_438_500, 1_600_000_000_000_000]
    func value() -> Int? {
      switch random.below(4) {
      case 0: return nil
      case 1: return extremes[random.below(extremes.count)]
      default: return random.below(2_000_000_000) - 1_000_000_000
      }
    }
    for _ in 0..<2000 {
      var leg = CallDetailRecord(callID: "x")
      leg.channelCreatedTime = value()
      leg.timestamp = value()
      leg.durationSeconds = value()
      let time = _LegTime.channelTime(
        created: leg.channelCreatedTime, timestamp: leg.timestamp, duration: leg.durationSeconds)
      #expect(time == leg.channelTimeMicroseconds)
      #expect(
        _LegTime.end(channelTime: time, timestamp: leg.timestamp, duration: leg.durationSeconds)
          == leg.channelEndTime.rawValue)
    }
  }
}

/// Seeded NDJSON with every hard case the table must get right.
enum HardLegs {
  static func ndjson(seed: UInt64, calls: Int) -> [UInt8] {
    var random = SeededGenerator(seed: seed)
    var lines: [String] = []
    func pick<T>(_ values: [T]) -> T { values[random.below(values.count)] }
    for call in 0..<calls {
      let legCount = 1 + random.below(4)
      let base = 1_700_000_000_000_000 + random.below(50) * 1_000_000
      let aLeg = "c\(call)-0"
      let shared = "i\(call % 97)"
      for legNumber in 0..<legCount {
        var callID = "c\(call)-\(legNumber)"
        if random.below(20) == 0 { callID = aLeg }  // a duplicate call id
        if random.below(40) == 0 { callID = "cé\(call)-\(legNumber)" }  // not ASCII
        var members: [String] = []
        if random.below(25) == 0 {
          // The same call id, escaped: decoded to the same text.
          members.append("\"call_id\":\"c\\u0030\(callID.dropFirst(2))\"")
        } else {
          members.append("\"call_id\":\"\(callID)\"")
        }
        switch random.below(8) {
        case 0: members.append("\"other_leg_call_id\":\"\(aLeg)\"")
        case 1: members.append("\"other_leg_call_id\":\"missing-\(call)\"")
        case 2: members.append("\"other_leg_call_id\":\"\(callID)\"")
        case 3: members.append("\"other_leg_call_id\":\"\"")
        case 4: members.append("\"other_leg_call_id\":null")
        default: break
        }
        var vars: [String] = []
        switch random.below(4) {
        case 0: vars.append("\"bridge_id\":\"\(aLeg)\"")
        case 1: vars.append("\"bridge_id\":\"\(callID)\"")
        default: break
        }
        if random.below(3) > 0 {
          vars.append("\"account_id\":\"\(pick(["acc1", "acc2", "äcc"]))\"")
        }
        if random.below(2) == 0 { vars.append("\"owner_id\":\"\(pick(["own1", "own2"]))\"") }
        if random.below(10) == 0 { vars.append("\"owner_id\":5") }
        if random.below(6) == 0 { vars.append("\"other\":{\"deep\":[1,2,{\"x\":\"y\"}]}") }
        if !vars.isEmpty || random.below(3) == 0 {
          members.append("\"custom_channel_vars\":{\(vars.joined(separator: ","))}")
        }
        if random.below(4) == 0 { members.append("\"pvt_account_id\":\"pvt\(call % 3)\"") }
        if random.below(5) == 0 {
          members.append("\"channel_loopback_leg\":\"\(pick(["A", "B", "C"]))\"")
          members.append(
            "\"channel_loopback_other_leg_id\":\"\(pick([aLeg, callID, "lb\(call)"]))\"")
        }
        switch random.below(6) {
        case 0: members.append("\"interaction_id\":\"\(shared)\"")
        case 1: members.append("\"interaction_id\":\"\(shared)-\(legNumber)\"")
        case 2: members.append("\"interaction_id\":\"\"")
        default: break
        }
        let created = base + pick([0, 0, 1, 500_000, 2_000_000])
        switch random.below(6) {
        case 0: break
        case 1: members.append("\"channel_created_time\":\"\(created)\"")
        case 2: members.append("\"channel_created_time\":0")
        default: members.append("\"channel_created_time\":\(created)")
        }
        let timestamp = 63_870_000_000 + random.below(100)
        members.append(
          random.below(8) == 0 ? "\"timestamp\":\"\(timestamp)\"" : "\"timestamp\":\(timestamp)")
        if random.below(5) > 0 { members.append("\"duration_seconds\":\(random.below(300))") }
        switch random.below(5) {
        case 0: members.append("\"billing_seconds\":\"\(random.below(100))\"")
        case 1: break
        default:
          members.append("\"billing_seconds\":\(random.below(3) == 0 ? 0 : random.below(200))")
        }
        if random.below(2) == 0 { members.append("\"ringing_seconds\":\(random.below(30))") }
        switch random.below(6) {
        case 0: members.append("\"caller_id_number\":5551234")
        case 1: members.append("\"caller_id_name\":\"Zoë \\\"Z\\\"\"")
        default:
          members.append("\"caller_id_number\":\"+1555\(random.below(10000))\"")
          members.append("\"caller_id_name\":\"Caller \(call)\"")
        }
        if random.below(2) == 0 { members.append("\"callee_id_number\":\"200\(legNumber)\"") }
        if random.below(3) == 0 { members.append("\"callee_id_name\":\"Desk \(legNumber)\"") }
        members.append(
          "\"call_direction\":\"\(pick(["inbound", "outbound", "outbound", "sideways"]))\"")
        switch random.below(8) {
        case 0: members.append("\"disposition\":\"ATTENDED_TRANSFER\"")
        case 1: members.append("\"disposition\":\"blind_transfer\"")
        case 2: members.append("\"transfer_history\":{\"1\":{\"t\":1},\"2\":{\"t\":2}}")
        default: members.append("\"disposition\":\"SUCCESS\"")
        }
        if random.below(3) > 0 { members.append("\"_id\":\"202401-\(callID)\"") }
        if random.below(4) == 0 { members.append("\"media_server\":\"fs\(call % 4)\"") }
        if random.below(30) == 0 { members.append("\"billing_seconds\":7") }  // repeated key
        members.shuffle(using: &random)
        let line = "{" + members.joined(separator: ",") + "}"
        lines.append(line)
        if random.below(30) == 0 { lines.append(line) }  // an exact duplicate document
      }
      switch random.below(40) {
      case 0: lines.append("{not json")
      case 1: lines.append("[1,2]")
      case 2: lines.append("{\"no_call_id\":1}")
      case 3: lines.append("{\"call_id\":5}")
      case 4: lines.append("")
      case 5: lines.append("   ")
      case 6: lines.append("{\"call_id\":\"bad\",}")
      default: break
      }
    }
    var text = ""
    for line in lines {
      text += line
      text += random.below(10) == 0 ? "\r\n" : "\n"
    }
    return Array(text.utf8)
  }
}
