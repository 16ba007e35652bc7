import CDRInteractions
import CDRModel
import Testing

@Suite("The direct summary writer matches summaryJSON")
struct SummaryWriterTests {
  func directBytes(_ interaction: Interaction) -> [UInt8] {
    var builder = JSONTextBuilder()
    interaction.writeSummaryJSON(to: &builder)
    return builder.bytes
  }

  @Test func everyFixtureInteraction() throws {
    let grouping = InteractionGrouper(links: [.otherLeg, .bridge, .loopback, .interactionID])
      .group(try Fixtures.all())
    #expect(grouping.interactions.count > 5)
    for interaction in grouping.interactions {
      #expect(directBytes(interaction) == Array(interaction.summaryJSON.jsonText.utf8))
    }
  }

  @Test func escapesAndFindingsAreWrittenTheSameWay() throws {
    // A self reference, a missing reference, a duplicated call id, disagreeing interaction
    // ids and caller names that need escaping.
    var first = makeLeg("a\"1", created: 5, otherLeg: "a\"1", interactionID: "i1")
    first.callerIDName = "Q\u{1}\t\"\\ é 😀"
    first.calleeIDNumber = "+1\n"
    let second = makeLeg("b2", created: 6, otherLeg: "a\"1", bridge: "gone", interactionID: "i2")
    let duplicate = makeLeg("b2", created: 7, interactionID: "i2")
    let grouping = InteractionGrouper(links: .default).group([first, second, duplicate])
    let interaction = try #require(grouping.interactions.first)
    #expect(grouping.interactions.count == 1)
    #expect(interaction.diagnostics.hasFindings)
    let bytes = directBytes(interaction)
    #expect(bytes == Array(interaction.summaryJSON.jsonText.utf8))
    // Parsed back, the summary carries the values themselves.
    let parsed = try JSONValue(parsing: bytes)
    #expect(parsed["caller_id_name"] == .string("Q\u{1}\t\"\\ é 😀"))
    #expect(parsed["callee_id_number"] == .string("+1\n"))
    #expect(parsed["call_ids"] == ["a\"1", "b2"])
    #expect(parsed["diagnostics"]?["duplicate_call_ids"] == ["b2"])
  }
}
