import CDRInteractions
import CDRModel
import CDRTestSupport
import CDRTime
import Testing

@Suite("Grouping the fixture call shapes")
struct FixtureGroupingTests {
  let grouper = InteractionGrouper()

  @Test func bridgedPair() throws {
    let grouping = grouper.group(try Fixtures.calls("bridged-pair"))
    try #require(grouping.interactions.count == 1)
    let call = grouping.interactions[0]
    #expect(call.id == "63746438400-1a2b3c4d")
    #expect(
      call.legs.map(\.callID) == [
        "3a1f0c2e-9b7d-4c1e-8f00-123456789abc", "7d2e9f10-1c3b-4a5d-9e8f-abcdef012345",
      ])
    #expect(call.representative.callID == "3a1f0c2e-9b7d-4c1e-8f00-123456789abc")
    // channel_created_time 1579219200250000 µs => unix 1579219200 => +62167219200.
    #expect(call.start == GregorianSeconds(63_746_438_400))
    #expect(call.end == GregorianSeconds(63_746_438_525))
    #expect(call.durationSeconds == 125)
    #expect(call.billingSeconds == 121)
    #expect(call.ringingSeconds == 4)
    #expect(call.answered)
    #expect(call.direction == .inbound)
    #expect(call.callerIDNumber == "+14155550100")
    #expect(call.calleeIDNumber == "+14155550199")
    #expect(call.accountID == "4b8c3f1e2d7a4c9b8e6f5a4d3c2b1a09")
    #expect(call.ownerIDs == ["699ed7e3d583e2577ac017c575f87262"])
    #expect(call.transferCount == 0)
    let a = "3a1f0c2e-9b7d-4c1e-8f00-123456789abc"
    let b = "7d2e9f10-1c3b-4a5d-9e8f-abcdef012345"
    #expect(
      call.diagnostics.links == [
        InteractionLink(from: a, to: b, kind: .otherLeg),
        InteractionLink(from: b, to: a, kind: .bridge),
        InteractionLink(from: b, to: a, kind: .otherLeg),
      ])
    #expect(!call.diagnostics.hasFindings)
  }

  @Test func ringGroupForkJoinsLosingLegsByBridgeID() throws {
    let grouping = grouper.group(try Fixtures.calls("ring-group-fork"))
    try #require(grouping.interactions.count == 1)
    let call = grouping.interactions[0]
    #expect(call.id == "63746442000-5e6f7a8b")
    // A-leg first; the three callee legs share channel_created_time and sort by call id.
    #expect(
      call.legs.map(\.callID) == [
        "f0a1b2c3-d4e5-4f60-8172-839405a6b7c8", "0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9",
        "1c2d3e4f-5061-4728-93a4-b5c6d7e8f90a", "2d3e4f50-6172-4839-a4b5-c6d7e8f90a1b",
      ])
    #expect(call.billingSeconds == 80)
    #expect(call.ringingSeconds == 15)
    #expect(call.durationSeconds == 95)
    let aLeg = "f0a1b2c3-d4e5-4f60-8172-839405a6b7c8"
    #expect(
      call.diagnostics.links.contains(
        InteractionLink(from: "1c2d3e4f-5061-4728-93a4-b5c6d7e8f90a", to: aLeg, kind: .bridge)))
    #expect(
      call.diagnostics.links.contains(
        InteractionLink(from: "2d3e4f50-6172-4839-a4b5-c6d7e8f90a1b", to: aLeg, kind: .bridge)))
    #expect(call.ownerIDs.count == 3)
  }

  /// Transfers as KAZOO counts them: `transfer_history` entries, else a disposition that
  /// mentions a transfer in any case (non-ASCII spellings upper-cased as Unicode does).
  @Test(
    arguments: [
      ("ATTENDED_TRANSFER", 1), ("blind_transfer", 1), ("Blind Transfer", 1), ("xTrAnSfErx", 1),
      ("TRANSFE", 0), ("NORMAL_CLEARING", 0), ("", 0), ("TRANSFER", 1), ("tran\u{17F}fer", 1),
      ("tr\u{E4}nsfer", 0), ("\u{E9}TRANSFER\u{E9}", 1),
    ])
  func transferCountFromTheDisposition(_ disposition: String, _ expected: Int) {
    var leg = CallDetailRecord(callID: "leg")
    leg.disposition = disposition
    #expect(leg.transferCount == expected)
  }

  @Test func transferCountFromTheHistoryReadFromBytes() throws {
    let text = #"""
      {"call_id":"leg","app_log":[1,2],"disposition":"ATTENDED_TRANSFER",\#
      "transfer_history":{"1579219200":"a","1579219260":"b"},"zz":{"k":null}}
      """#
    let leg = try #require(CDRReader(bytes: Array(text.utf8)).readAll().records.first)
    #expect(leg.transferCount == 2)
    #expect(leg.otherField("zz") == .object(["k": .null]))
    #expect(leg.otherField("disposition") == nil)
    #expect(leg.otherField("missing") == nil)
  }

  @Test func attendedTransfer() throws {
    let grouping = grouper.group(try Fixtures.calls("attended-transfer"))
    try #require(grouping.interactions.count == 1)
    let call = grouping.interactions[0]
    #expect(call.legCount == 4)
    #expect(call.legs.map { String($0.callID.suffix(3)) } == ["001", "002", "003", "004"])
    #expect(call.transferCount == 1)
    #expect(call.start == GregorianSeconds(63_746_445_600))
    #expect(call.end == GregorianSeconds(63_746_445_900))
    #expect(call.billingSeconds == 296)
    #expect(call.id == "63746445600-9c0d1e2f")
  }

  @Test func loopbackPairIsOneCallWithTheALegFirst() throws {
    let grouping = grouper.group(try Fixtures.calls("loopback"))
    try #require(grouping.interactions.count == 1)
    let call = grouping.interactions[0]
    // Three legs share a channel time: loopback A, then B, then the ordinary leg.
    #expect(call.legs.map { String($0.callID.suffix(2)) } == ["aa", "bb", "01", "02"])
    #expect(call.representative.channelLoopbackLeg == .a)
    #expect(call.accountIDs.count == 2)
    #expect(
      call.diagnostics.links.contains(
        InteractionLink(
          from: "b2000000-0000-4000-8000-0000000000aa", to: "b2000000-0000-4000-8000-0000000000bb",
          kind: .loopback)))
  }

  @Test func loopbackWithoutLoopbackLinkingSplitsAtTheAccountBoundary() throws {
    let grouping = InteractionGrouper(links: [.otherLeg, .bridge]).group(
      try Fixtures.calls("loopback"))
    #expect(grouping.interactions.count == 2)
    #expect(grouping.interactions.map(\.legCount) == [2, 2])
    // Both halves carry the same shared interaction_id: the first keeps it, the second is
    // made unique with its first call id, and both report the split (KAZOO fidelity, item 4).
    let first = grouping.interactions[0]
    let second = grouping.interactions[1]
    #expect(first.id == "63746449200-3e4f5a6b")
    #expect(second.id == "63746449200-3e4f5a6b~" + second.representative.callID)
    #expect(
      grouping.interactions.allSatisfy {
        $0.diagnostics.splitInteractionID == "63746449200-3e4f5a6b"
      })
    #expect(Set(grouping.interactions.map(\.id)).count == 2)
    #expect(grouping.interaction(withInteractionID: "63746449200-3e4f5a6b")?.id == first.id)
    // Linked by interaction id, they are one call and nothing is split.
    let joined = InteractionGrouper(links: [.otherLeg, .bridge, .interactionID]).group(
      try Fixtures.calls("loopback"))
    #expect(joined.interactions.count == 1)
    #expect(joined.interactions[0].diagnostics.splitInteractionID == nil)
    // The summary line names the split.
    var builder = JSONTextBuilder()
    second.writeSummaryJSON(to: &builder)
    #expect(
      String(decoding: builder.bytes, as: UTF8.self).contains(
        #""split_interaction_id":"63746449200-3e4f5a6b""#))
  }

  @Test func unanswered() throws {
    let grouping = grouper.group(try Fixtures.calls("unanswered"))
    try #require(grouping.interactions.count == 1)
    let call = grouping.interactions[0]
    #expect(!call.answered)
    #expect(call.billingSeconds == 0)
    #expect(call.ringingSeconds == 20)
    #expect(call.legCount == 2)
  }

  @Test func otherLegMissingIsReportedAndStillSingle() throws {
    let grouping = grouper.group(try Fixtures.calls("other-leg-missing"))
    try #require(grouping.interactions.count == 1)
    let call = grouping.interactions[0]
    let leg = "f6000000-0000-4000-8000-0000000000d1"
    let missing = "f6000000-0000-4000-8000-0000000000d0"
    #expect(call.id == "63746463600-5f6a7b8c")
    #expect(
      call.diagnostics.missingReferences == [
        InteractionLink(from: leg, to: missing, kind: .bridge),
        InteractionLink(from: leg, to: missing, kind: .otherLeg),
      ])
    #expect(call.diagnostics.links.isEmpty)
  }

  @Test func voicemailLegsAreSeparateCalls() throws {
    let grouping = grouper.group(try Fixtures.calls("voicemail"))
    #expect(grouping.interactions.map(\.id) == ["63746456400-1b2c3d4e", "63746457000-2c3d4e5f"])
  }

  @Test func mixedUnitsOrderByInstantNotByRawNumber() throws {
    let legs = try Fixtures.calls("legacy-string-typed")
    let second = try #require(legs.first { $0.callID == "legacy-0002@10.1.2.3" })
    #expect(second.channelCreatedTime == nil)
    #expect(second.durationSeconds == 60)  // 59.5 rounded half away from zero
    // Fallback start 63746467261 - 60 = 63746467201 gregorian = unix 1579248001: one
    // second after the other leg's channel_created_time 1579248000000000 µs.
    #expect(second.channelTimeMicroseconds == 1_579_248_001_000_000)
    let grouping = grouper.group(legs)
    try #require(grouping.interactions.count == 1)
    let call = grouping.interactions[0]
    #expect(call.legs.map(\.callID) == ["legacy-0001@10.1.2.3", "legacy-0002@10.1.2.3"])
    // No interaction_id: derived from the representative's start and call id.
    #expect(call.id == "63746467200-legacy-0001@10.1.2.3")
  }

  @Test func longTransferChainIsOneInteraction() {
    var random = SeededGenerator(seed: 7)
    let count = 200
    var legs = (0..<count).map { index in
      makeLeg(
        "chain-\(index)", created: 1_579_219_200_000_000 + index * 1_000_000,
        otherLeg: index + 1 < count ? "chain-\(index + 1)" : nil)
    }
    legs.shuffle(using: &random)
    let grouping = InteractionGrouper().group(legs)
    #expect(grouping.interactions.count == 1)
    #expect(grouping.interactions.first?.legs.map(\.callID) == (0..<count).map { "chain-\($0)" })
  }

  @Test func fullFixtureSetCounts() throws {
    let grouping = grouper.group(try Fixtures.all())
    // bridged 1, fork 1, transfer 1, loopback 1, unanswered 1, missing 1, voicemail 2,
    // fax 1, legacy 1.
    #expect(grouping.interactions.count == 10)
    #expect(grouping.interactions.map(\.legCount).reduce(0, +) == 22)
  }
}
