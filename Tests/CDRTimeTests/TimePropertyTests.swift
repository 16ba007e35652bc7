import CDRTestSupport
import Foundation
import Testing

@testable import CDRTime

@Suite("Time properties")
struct TimePropertyTests {
  /// Gregorian seconds of 0001-01-01 (year 0 is a leap year: 366 days).
  static let yearOne: Int64 = 366 * 86_400
  /// Gregorian seconds of 10000-01-01: years 0...9999 have 2500 − 100 + 25 = 2425 leap days.
  static let yearTenThousand: Int64 = (10_000 * 365 + 2425) * 86_400

  /// Gregorian seconds of 1582-10-15, where Foundation's `.gregorian` calendar starts:
  /// before it Foundation counts Julian dates (checked: it shows proleptic 1000-06-21 as
  /// 1000-06-27), so it is a reference only from this day on.
  static let foundationGregorianStart: Int64 = GregorianSeconds.unixEpoch - 12_219_292_800

  /// An independent, slow reference: walks years and months from 0001-01-01.
  static func referenceFields(_ raw: Int64) -> (Int64, Int, Int, Int, Int, Int) {
    var days = (raw - yearOne) / 86_400
    let secondOfDay = Int((raw - yearOne) % 86_400)
    var year: Int64 = 1
    func leap(_ y: Int64) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }
    while days >= (leap(year) ? 366 : 365) {
      days -= leap(year) ? 366 : 365
      year += 1
    }
    let lengths = [31, leap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    var month = 0
    while days >= Int64(lengths[month]) {
      days -= Int64(lengths[month])
      month += 1
    }
    return (
      year, month + 1, Int(days) + 1, secondOfDay / 3600, secondOfDay / 60 % 60, secondOfDay % 60
    )
  }

  @Test func randomInstantsRoundTripAndMatchReference() throws {
    var random = SeededGenerator(seed: 0x5EED_CAFE)
    for _ in 0..<300 {
      let raw = Int64.random(in: Self.yearOne..<Self.yearTenThousand, using: &random)
      let instant = GregorianSeconds(raw)
      let fields = instant.dateTime
      #expect(GregorianSeconds(fields) == instant)
      #expect(try KazooISO8601.parse(instant.iso8601Combined()) == instant)
      let reference = Self.referenceFields(raw)
      #expect(
        reference
          == (fields.year, fields.month, fields.day, fields.hour, fields.minute, fields.second))
    }
  }

  @Test func randomInstantsMatchFoundation() throws {
    var random = SeededGenerator(seed: 0xF00D_1234)
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
    for _ in 0..<2000 {
      let raw = Int64.random(
        in: Self.foundationGregorianStart..<Self.yearTenThousand, using: &random)
      let instant = GregorianSeconds(raw)
      let fields = instant.dateTime
      let components = calendar.dateComponents(
        [.era, .year, .month, .day, .hour, .minute, .second, .weekday], from: instant.date)
      #expect(components.era == 1)
      #expect(Int64(components.year ?? -1) == fields.year)
      #expect(components.month == fields.month)
      #expect(components.day == fields.day)
      #expect(components.hour == fields.hour)
      #expect(components.minute == fields.minute)
      #expect(components.second == fields.second)
      // Foundation: 1 = Sunday; ours: ISO 1 = Monday ... 7 = Sunday.
      #expect(components.weekday.map { ($0 + 5) % 7 + 1 } == fields.weekday)
      #expect(GregorianSeconds(instant.date) == instant)
    }
    #expect(GregorianSeconds(Self.foundationGregorianStart).iso8601Date == "1582-10-15")
  }

  @Test func boundaries() {
    #expect(GregorianSeconds(Self.yearOne).iso8601Date == "0001-01-01")
    #expect(GregorianSeconds(Self.yearTenThousand - 1).iso8601Combined() == "9999-12-31T23:59:59Z")
    #expect(
      GregorianSeconds(GregorianSeconds.unixEpoch).iso8601Combined() == "1970-01-01T00:00:00Z")
  }

  @Test func newYorkDSTRangeIsCorrectPerRecord() throws {
    // 2024-03-10: clocks go from 02:00 EST to 03:00 EDT at 07:00 UTC.
    let zone = try TimeAdjustment(timeZoneIdentifier: "America/New_York")
    let before = GregorianSeconds(unixSeconds: 1_710_053_999)  // 06:59:59Z
    let after = GregorianSeconds(unixSeconds: 1_710_054_000)  // 07:00:00Z
    #expect(zone.localTime(before).prettyPrinted() == "2024-03-10_01:59:59")
    #expect(zone.localTime(after).prettyPrinted() == "2024-03-10_03:00:00")
    #expect(before.iso8601Combined(in: zone) == "2024-03-10T01:59:59-05:00")
    #expect(after.iso8601Combined(in: zone) == "2024-03-10T03:00:00-04:00")
    // KAZOO's fixed utc_offset=-18000 shows the later record an hour early.
    #expect(
      TimeAdjustment.fixedOffset(-18000).localTime(after).prettyPrinted() == "2024-03-10_02:00:00")
    // November 3 2024: back from EDT to EST at 06:00 UTC.
    let fallBefore = GregorianSeconds(unixSeconds: 1_730_613_599)
    let fallAfter = GregorianSeconds(unixSeconds: 1_730_613_600)
    #expect(zone.localTime(fallBefore).prettyPrinted() == "2024-11-03_01:59:59")
    #expect(zone.localTime(fallAfter).prettyPrinted() == "2024-11-03_01:00:00")
  }
}
