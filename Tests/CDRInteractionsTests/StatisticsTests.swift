import CDRInteractions
import CDRModel
import Foundation
import Testing

@Suite("KPIs")
struct StatisticsTests {
  func sample() throws -> [CallDetailRecord] {
    try ["bridged-pair", "ring-group-fork", "attended-transfer", "unanswered"].flatMap {
      try Fixtures.calls($0)
    }
  }

  @Test func interactionKPIs() throws {
    let grouping = InteractionGrouper().group(try sample())
    let kpis = InteractionStatistics(interactions: grouping.interactions)
    #expect(kpis.calls == 4)
    #expect(kpis.answeredCalls == 3)
    #expect(kpis.answerSeizureRatio == 0.75)
    #expect(kpis.billingSeconds == 121 + 80 + 296)
    #expect(kpis.averageCallDurationSeconds == 497.0 / 3)
    #expect(kpis.billedMinutes == 497.0 / 60)
    #expect(kpis.averageRingingSeconds == 43.0 / 4)  // 4 + 15 + 4 + 20
    #expect(kpis.legsPerCall == 3)
    #expect(kpis.transfers == 1)
  }

  @Test func rawLegKPIs() throws {
    let kpis = InteractionStatistics(legs: try sample())
    #expect(kpis.calls == 12)
    #expect(kpis.answeredCalls == 8)
    #expect(kpis.billingSeconds == 121 + 117 + 80 + 80 + 296 + 112 + 35 + 215)
    #expect(kpis.legsPerCall == 1)
  }

  @Test func groupedByDayInATimeZone() throws {
    let interactions = InteractionGrouper().group(try sample()).interactions
    // Starts: 00:00Z, 01:00Z, 02:00Z and 06:00Z on 2020-01-17.
    let utc = InteractionStatistics.grouped(interactions, by: .day(TimeZone(secondsFromGMT: 0)!))
    #expect(utc.map(\.key) == ["2020-01-17"])
    let newYork = InteractionStatistics.grouped(
      interactions, by: .day(TimeZone(secondsFromGMT: -5 * 3600)!))
    #expect(newYork.map(\.key) == ["2020-01-16", "2020-01-17"])
    #expect(newYork.map(\.statistics.calls) == [3, 1])
  }

  @Test func groupedByDirectionAndOwner() throws {
    let interactions = InteractionGrouper().group(try sample()).interactions
    let byDirection = InteractionStatistics.grouped(interactions, by: .direction)
    #expect(byDirection.map(\.key) == ["inbound"])
    let byOwner = InteractionStatistics.grouped(interactions, by: .owner)
    let owner1 = byOwner.first { $0.key == "user0000000000000000000000000001" }
    // Fork, transfer and unanswered each have a leg of user ...001.
    #expect(owner1?.statistics.calls == 3)
  }
}
