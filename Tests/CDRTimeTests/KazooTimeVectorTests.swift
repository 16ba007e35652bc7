import Foundation
import Testing

@testable import CDRTime

private func civil(_ y: Int64, _ mo: Int, _ d: Int, _ h: Int = 0, _ mi: Int = 0, _ s: Int = 0)
  -> GregorianSeconds
{
  GregorianSeconds(CivilDateTime(year: y, month: mo, day: d, hour: h, minute: mi, second: s)!)!
}

@Suite("KAZOO time vectors (Appendix A)")
struct KazooTimeVectorTests {
  @Test func prettyPrint() {
    #expect(GregorianSeconds(63_652_662_294).prettyPrinted() == "2017-01-26_15:04:54")
    #expect(
      GregorianSeconds(63_652_662_294).prettyPrinted(style: .kazoo43) == "2017-01-26 15:04:54")
    #expect(
      GregorianSeconds(63_652_662_294).prettyPrinted(style: .kazoo42) == "2017-01-26_15-04-54")
    #expect(GregorianSeconds(0).prettyPrinted() == "0000-01-01_00:00:00")
  }

  @Test func unpaddedFormats() {
    let t = GregorianSeconds(63_652_663_232)
    #expect(t.unpaddedDate == "2017-1-26")
    #expect(t.unpaddedTime == "15:20:32")
  }

  @Test func unixConversions() {
    #expect(GregorianSeconds(unixSeconds: 1_000_000_000).rawValue == 63_167_219_200)
    #expect(GregorianSeconds(63_167_219_200).unixSeconds == 1_000_000_000)
    #expect(GregorianSeconds(unixMicroseconds: 1_310_157_838_405_890).unixSeconds == 1_310_157_838)
  }

  @Test func rfc1036() {
    #expect(civil(2015, 4, 7, 1, 3, 2).rfc1036() == "Tue, 07 Apr 2015 01:03:02 GMT")
    #expect(civil(2015, 12, 12, 12, 13, 12).rfc1036() == "Sat, 12 Dec 2015 12:13:12 GMT")
    #expect(GregorianSeconds(63_595_733_389).rfc1036() == "Wed, 08 Apr 2015 17:29:49 GMT")
    // Section 9.2: year not padded.
    #expect(GregorianSeconds(0).rfc1036() == "Sat, 01 Jan 0 00:00:00 GMT")
  }

  @Test func iso8601() {
    #expect(civil(2015, 4, 7).iso8601Date == "2015-04-07")
    #expect(civil(2015, 4, 7).iso8601Combined() == "2015-04-07T00:00:00Z")
    #expect(civil(2015, 4, 7, 1, 3, 2).iso8601Combined() == "2015-04-07T01:03:02Z")
    #expect(civil(2015, 12, 12, 12, 13, 12).iso8601Combined() == "2015-12-12T12:13:12Z")
    #expect(GregorianSeconds(63_595_733_389).iso8601Combined() == "2015-04-08T17:29:49Z")
    #expect(GregorianSeconds(63_595_733_389).iso8601Time == "17:29:49")
    #expect(civil(2015, 4, 7, 1, 3, 2).iso8601Time == "01:03:02")
    #expect(civil(2015, 12, 12, 12, 13, 12).iso8601BasicDate == "20151212")
    #expect(GregorianSeconds(63_595_733_389).iso8601BasicDate == "20150408")
    #expect(GregorianSeconds(63_595_733_389).iso8601Date == "2015-04-08")
  }

  @Test func iso8601WithZones() throws {
    let midnight = civil(2015, 4, 7)
    #expect(
      midnight.iso8601Combined(in: try TimeAdjustment(kazooZone: "UTC")) == "2015-04-07T00:00:00Z")
    #expect(
      midnight.iso8601Combined(in: try TimeAdjustment(kazooZone: "America/Los_Angeles"))
        == "2015-04-06T17:00:00-07:00")
    #expect(
      civil(2015, 4, 7, 1, 3, 2).iso8601Combined(in: try TimeAdjustment(kazooZone: "+03:30"))
        == "2015-04-07T04:33:02+03:30")
    #expect(
      civil(2015, 12, 12, 12, 13, 12).iso8601Combined(offsetSeconds: 10800)
        == "2015-12-12T15:13:12+03:00")
    #expect(
      GregorianSeconds(63_595_733_389).iso8601Combined(offsetSeconds: -18000)
        == "2015-04-08T12:29:49-05:00")
  }

  @Test(arguments: ["+2:03", "+w", "-we:03", "-18000"])
  func invalidOffsets(text: String) {
    #expect(throws: TimeAdjustmentError.invalidOffset(text)) { try TimeAdjustment(kazooZone: text) }
  }

  @Test func unknownZone() {
    #expect(throws: TimeAdjustmentError.unknownTimeZone("no")) {
      try TimeAdjustment(kazooZone: "no")
    }
  }

  @Test func toGregorianSecondsFromZone() throws {
    // kz_time:to_gregorian_seconds({{2017,4,1},{12,0,0}}, Zone): wall time in the zone → UTC.
    for (zone, expected) in [
      ("America/Los_Angeles", 63_658_292_400), ("America/New_York", 63_658_281_600),
    ] {
      let wall = civil(2017, 4, 1, 12)
      let adjustment = try TimeAdjustment(kazooZone: zone)
      let utc = wall.adding(-adjustment.offsetSeconds(at: wall))
      #expect(utc.rawValue == Int64(expected))
    }
  }

  @Test func utcOffsetVectors() throws {
    let t = GregorianSeconds(63_687_252_084)
    #expect(t.prettyPrinted() == "2018-03-02_23:21:24")
    #expect(try UTCOffset(parsing: "0").seconds == 0)
    let minus = try UTCOffset(parsing: "-14400")
    #expect(t.adding(minus.seconds).rawValue == 63_687_237_684)
    #expect(t.adding(minus.seconds).prettyPrinted() == "2018-03-02_19:21:24")
    let plus = try UTCOffset(parsing: "14400")
    #expect(t.adding(plus.seconds).rawValue == 63_687_266_484)
    #expect(t.adding(plus.seconds).prettyPrinted() == "2018-03-03_03:21:24")
    #expect(try UTCOffset(parsing: "+3600").seconds == 3600)
    #expect(try UTCOffset(parsing: "3600.0").seconds == 3600)
  }

  @Test(arguments: ["bla", "", "1e3", ".5", "5.", "--1", "1.5e", " 1"])
  func utcOffsetNotANumber(text: String) {
    #expect(throws: UTCOffsetError.notANumber(text)) { try UTCOffset(parsing: text) }
    #expect(UTCOffsetError.notANumber(text).message == "utc_offset must be a number")
  }

  @Test func utcOffsetEdgeCases() {
    #expect(throws: UTCOffsetError.missingValue) { try UTCOffset(parsing: nil) }
    #expect(throws: UTCOffsetError.notWholeSeconds("1.5")) { try UTCOffset(parsing: "1.5") }
    #expect(throws: UTCOffsetError.outOfRange("99999999999999999999")) {
      try UTCOffset(parsing: "99999999999999999999")
    }
  }

  @Test func utcOffsetRange() throws {
    // ±18 hours are the limits; one second more either way is refused.
    #expect(try UTCOffset(parsing: "64800").seconds == 64800)
    #expect(try UTCOffset(parsing: "-64800").seconds == -64800)
    #expect(try UTCOffset(parsing: "-64800.0").seconds == -64800)
    for text in ["64801", "-64801", "9223372036854775807", "-9223372036854775808", "1.0e6"] {
      #expect(throws: UTCOffsetError.outOfRange(text)) { try UTCOffset(parsing: text) }
    }
    #expect(
      UTCOffsetError.outOfRange("64801").message
        == "utc_offset must be between -64800 and 64800 seconds (18 hours either side of UTC), got 64801"
    )
  }

  @Test func fromISO8601Valid() throws {
    let midnight = civil(2015, 4, 7)
    #expect(try KazooISO8601.parse("2015-04-07T00:00:00") == midnight)
    #expect(try KazooISO8601.parse("20150407T000000Z") == midnight)
    #expect(try KazooISO8601.parse("2015-04-07") == midnight)
    #expect(try KazooISO8601.parse("2015-04-07T04:33:02+03:30") == civil(2015, 4, 7, 1, 3, 2))
    #expect(try KazooISO8601.parse("2015-04-07T04:33:02-05:00") == civil(2015, 4, 7, 9, 33, 2))
    #expect(try KazooISO8601.parse("2015-04-07T04:33:02-0500") == civil(2015, 4, 7, 9, 33, 2))
    #expect(try KazooISO8601.parse("20150407T043302-05") == civil(2015, 4, 7, 9, 33, 2))
  }

  @Test(arguments: [
    ("2015/04/07T00.00.00", "invalid_date"),
    ("2015-04-07T04.33.02-05:00", "invalid_time"),
    ("2015-04-07T04:33:02-5:0", "invalid_offset"),
    ("15-4-7T04:33:02-05:00", "invalid_date"),
    ("2015-04-07T04:3:2-5:00", "invalid_time"),
    ("201r-04-07T04:33:02-5:0", "invalid_date"),
    ("2015-04-0704:33:02-05:00", "invalid_date"),
    ("2015-04-07T0433:02-05:00", "invalid_time"),
    ("2015-02-30", "invalid_date"),
  ])
  func fromISO8601Invalid(text: String, kind: String) {
    do {
      _ = try KazooISO8601.parse(text)
      Issue.record("\(text) parsed")
    } catch {
      #expect(error.kazooName == kind)
    }
  }

  @Test func floatText() {
    #expect(KazooFloatText.format(0.01) == "0.01")
    #expect(KazooFloatText.format(0) == "0.0")
    #expect(KazooFloatText.format(0.0175) == "0.0175")
    #expect(KazooFloatText.format(0.0001) == "0.0001")
    #expect(KazooFloatText.format(0.000001) == "0.000001")
    #expect(KazooFloatText.format(0.0000001) == "1.0e-7")
    #expect(KazooFloatText.format(12_000_000) == "1.2e+7")
    #expect(KazooFloatText.format(1_200_000) == "1200000.0")
    #expect(KazooFloatText.format(1) == "1.0")
    #expect(KazooFloatText.format(-2.5) == "-2.5")
    #expect(kazooUnixTimestampMicroText(1_579_219_200_123_456) == "1579219200.123456")
    #expect(kazooUnixTimestampMicroText(1_579_219_200_000_000) == "1579219200.0")
  }
}

@Suite("ISO 8601 milliseconds (Appendix A)")
struct ISO8601MillisecondTests {
  static let pairs = [
    ("2019-10-09T18:36:13.000Z", "2019-10-09T18:36:13Z"),
    ("2019-10-09T18:36:13.000-05:00", "2019-10-09T18:36:13-05:00"),
    ("20191009T183613.000Z", "20191009T183613Z"),
    ("20191009T183613.000-05", "20191009T183613-05"),
  ]

  @Test(arguments: pairs)
  func trimAndAdd(withMilliseconds: String, without: String) {
    #expect(KazooISO8601.trimmingMilliseconds(withMilliseconds) == without)
    #expect(KazooISO8601.addingMilliseconds(without) == withMilliseconds)
  }

  @Test(arguments: ["hello", "2019-10-09", "2019-10-09T18:36:13.0000Z"])
  func otherTextUnchangedByTrim(text: String) {
    #expect(KazooISO8601.trimmingMilliseconds(text) == text)
  }
}
