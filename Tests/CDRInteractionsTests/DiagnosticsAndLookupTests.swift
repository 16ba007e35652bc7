import CDRInteractions
import CDRModel
import Testing

@Suite("Diagnostics and lookups")
struct DiagnosticsAndLookupTests {
  @Test func duplicateCallIDsKeepBothDocuments() {
    var first = makeLeg("dup", created: 1_000_000_000_000_000)
    first.billingSeconds = 10
    var second = makeLeg("dup", created: 1_000_000_000_000_000)
    second.billingSeconds = 20
    let grouping = InteractionGrouper().group([first, second])
    #expect(grouping.interactions.count == 1)
    #expect(grouping.interactions.first?.legCount == 2)
    #expect(grouping.interactions.first?.diagnostics.duplicateCallIDs == ["dup"])
    #expect(grouping.interactions.first?.billingSeconds == 20)
  }

  @Test func selfReferenceIsFlagged() {
    let grouping = InteractionGrouper().group([makeLeg("me", otherLeg: "me", bridge: "me")])
    #expect(
      grouping.interactions.first?.diagnostics.selfReferences == [
        InteractionLink(from: "me", to: "me", kind: .otherLeg)
      ])
  }

  @Test func disagreeingInteractionIDsGiveADerivedID() {
    let legs = [
      makeLeg("a", created: 1_579_219_200_000_000, interactionID: "63746438400-aaaa"),
      makeLeg(
        "b", created: 1_579_219_201_000_000, otherLeg: "a", interactionID: "63746438400-bbbb"),
    ]
    let call = InteractionGrouper().group(legs).interactions.first
    #expect(call?.id == "63746438400-a")
    #expect(call?.diagnostics.interactionIDDisagreements == ["b"])
  }

  @Test func interactionIDLinkingIsOptIn() {
    let legs = [
      makeLeg("x", interactionID: "63746438400-shared"),
      makeLeg("y", interactionID: "63746438400-shared"),
    ]
    #expect(InteractionGrouper().group(legs).interactions.count == 2)
    let joined = InteractionGrouper(links: [.otherLeg, .bridge, .interactionID]).group(legs)
    #expect(joined.interactions.count == 1)
    #expect(
      joined.interactions.first?.diagnostics.links == [
        InteractionLink(from: "x", to: "63746438400-shared", kind: .interactionID),
        InteractionLink(from: "y", to: "63746438400-shared", kind: .interactionID),
      ])
  }

  @Test func phantomReferenceJoinsLegsThatShareIt() {
    let legs = [makeLeg("l1", bridge: "ghost"), makeLeg("l2", bridge: "ghost")]
    let grouping = InteractionGrouper().group(legs)
    #expect(grouping.interactions.count == 1)
    #expect(grouping.interactions.first?.diagnostics.missingReferences.count == 2)
  }

  @Test func lookupsByCallIDDocumentIDAndInteractionID() throws {
    let grouping = InteractionGrouper().group(try Fixtures.all())
    let byCall = grouping.interaction(withCallID: "7d2e9f10-1c3b-4a5d-9e8f-abcdef012345")
    #expect(byCall?.id == "63746438400-1a2b3c4d")
    let byDocument = grouping.interaction(
      withDocumentID: "202001-7d2e9f10-1c3b-4a5d-9e8f-abcdef012345")
    #expect(byDocument?.id == "63746438400-1a2b3c4d")
    // The legacy legs have no _id: the YYYYMM- prefix is stripped to find the call id.
    #expect(grouping.interaction(withDocumentID: "202001-legacy-0002@10.1.2.3")?.legCount == 2)
    #expect(grouping.interaction(withInteractionID: "63746445600-9c0d1e2f")?.legCount == 4)
    #expect(
      grouping.legs(of: "63746442000-5e6f7a8b")?.first?.callID
        == "f0a1b2c3-d4e5-4f60-8172-839405a6b7c8")
    #expect(grouping.legs(of: "no-such-id") == nil)
  }

  @Test func ownerScope() throws {
    let grouping = InteractionGrouper().group(try Fixtures.all())
    let owner = "user0000000000000000000000000001"
    // Attended transfer (002, 003), ring-group fork, loopback, unanswered, other-leg-missing.
    #expect(grouping.interactions(ownedBy: owner).count == 5)
    #expect(grouping.legs(ownedBy: owner).count == 6)
    #expect(grouping.legs(ownedBy: owner).allSatisfy { $0.customChannelVars?.ownerID == owner })
  }
}
