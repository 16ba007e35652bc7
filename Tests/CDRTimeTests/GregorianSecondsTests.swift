import CDRModel
import CDRTestSupport
import Foundation
import Testing

@testable import CDRTime

@Suite("GregorianSeconds and CivilDateTime")
struct GregorianSecondsTests {
  @Test("KAZOO's conversion vectors")
  func kazooVectors() {
    #expect(GregorianSeconds(unixSeconds: 1_000_000_000).rawValue == 63_167_219_200)
    #expect(GregorianSeconds(63_167_219_200).unixSeconds == 1_000_000_000)
    #expect(GregorianSeconds(unixMicroseconds: 1_310_157_838_405_890).unixSeconds == 1_310_157_838)
    #expect(GregorianSeconds.unixEpoch == 62_167_219_200)
    let pretty = GregorianSeconds(63_652_662_294).dateTime
    #expect(pretty == CivilDateTime(year: 2017, month: 1, day: 26, hour: 15, minute: 4, second: 54))
    #expect(
      GregorianSeconds(63_595_733_389).dateTime
        == CivilDateTime(year: 2015, month: 4, day: 8, hour: 17, minute: 29, second: 49))
    #expect(
      GregorianSeconds(63_687_252_084).dateTime
        == CivilDateTime(year: 2018, month: 3, day: 2, hour: 23, minute: 21, second: 24))
  }

  @Test("year 0 and the proleptic calendar")
  func yearZero() {
    let origin = GregorianSeconds(0).dateTime
    #expect(origin == CivilDateTime(year: 0, month: 1, day: 1))
    #expect(origin.weekday == 6)  // Saturday
    #expect(CivilDateTime.isLeapYear(0))
    #expect(!CivilDateTime.isLeapYear(1900))
    #expect(CivilDateTime.isLeapYear(2000))
    // Year 0 has 366 days.
    #expect(
      GregorianSeconds(CivilDateTime(year: 1, month: 1, day: 1)!)?.rawValue == Int64(366 * 86_400))
    #expect(
      GregorianSeconds(-1).dateTime
        == CivilDateTime(year: -1, month: 12, day: 31, hour: 23, minute: 59, second: 59))
    #expect(CivilDateTime(year: 2019, month: 2, day: 29) == nil)
    #expect(CivilDateTime(year: 2020, month: 2, day: 29) != nil)
  }

  /// Round trips cover years 1 to 9999. Foundation's `.gregorian` calendar switches to the
  /// Julian calendar before 1582-10-15 (as ICU does), so agreement is checked from 1583.
  @Test("round trips over random instants, and agreement with Foundation's calendar")
  func randomRoundTrips() throws {
    var random = SeededGenerator(seed: 2026)
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    let low = GregorianSeconds(try #require(CivilDateTime(year: 1, month: 1, day: 1)))!.rawValue
    let high = GregorianSeconds(
      try #require(CivilDateTime(year: 9999, month: 12, day: 31, hour: 23, minute: 59, second: 59)))!
      .rawValue
    for _ in 0..<2000 {
      let instant = GregorianSeconds(Int64.random(in: low...high, using: &random))
      let fields = instant.dateTime
      #expect(GregorianSeconds(fields) == instant)
      guard fields.year >= 1583 else { continue }
      let components = calendar.dateComponents(
        [.year, .month, .day, .hour, .minute, .second, .weekday], from: instant.date)
      #expect(Int64(components.year!) == fields.year)
      #expect(components.month == fields.month)
      #expect(components.day == fields.day)
      #expect(components.hour == fields.hour)
      #expect(components.minute == fields.minute)
      #expect(components.second == fields.second)
      // Foundation: 1 = Sunday ... 7 = Saturday; ISO: 1 = Monday ... 7 = Sunday.
      #expect((components.weekday! + 5) % 7 + 1 == fields.weekday)
    }
  }

  @Test("the extremes of Int64 convert without trapping")
  func extremes() {
    #expect(GregorianSeconds(Int64.max).dateTime.year > 292_000_000_000)
    #expect(GregorianSeconds(Int64.min).dateTime.year < -292_000_000_000)
    #expect(GregorianSeconds(Int64.min).unixSeconds == Int64.min)
    #expect(GregorianSeconds(exactlyUnixSeconds: Int64.max) == nil)
    #expect(GregorianSeconds(unixSeconds: Int64.max).rawValue == Int64.max)
  }

  @Test("the listing start rule: timestamp minus duration, missing values as 0")
  func listingStart() throws {
    let leg = try CallDetailRecord(
      jsonText: #"{"call_id":"a","timestamp":63746438525,"duration_seconds":125}"#)
    #expect(leg.listingStartTime.rawValue == 63_746_438_400)
    #expect(leg.hangupTime?.rawValue == 63_746_438_525)
    let bare = try CallDetailRecord(jsonText: #"{"call_id":"a","duration_seconds":5}"#)
    #expect(bare.listingStartTime.rawValue == -5)
    let micro = try CallDetailRecord(
      jsonText: #"{"call_id":"a","channel_created_time":1579219200123456}"#)
    #expect(micro.channelCreatedGregorianSeconds?.rawValue == 63_746_438_400)
  }
}
