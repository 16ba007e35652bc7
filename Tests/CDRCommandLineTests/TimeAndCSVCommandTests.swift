import Foundation
import Testing

@testable import CDRCommandLine

@Suite("cdr time and cdr csv")
struct TimeAndCSVCommandTests {
  static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  static func run(_ arguments: [String], input: String = "") -> (
    code: Int32, out: String, err: String
  ) {
    let context = CommandContext.inMemory(input: Array(input.utf8))
    let code = CDRTool.run(arguments, context: context)
    return (code, context.output.text, context.errors.text)
  }

  static func object(_ text: String) throws -> [String: Any] {
    try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
  }

  @Test func timeFromGregorianWithOffset() throws {
    let result = Self.run(["time", "63746438400", "--utc-offset", "-18000"])
    #expect(result.code == 0)
    let object = try Self.object(result.out)
    #expect(object["datetime"] as? String == "2020-01-16_19:00:00")
    #expect(object["datetime_utc"] as? String == "2020-01-17_00:00:00")
    #expect(object["unix_timestamp"] as? String == "1579219200")
    #expect(object["rfc_1036"] as? String == "Fri, 17 Jan 2020 00:00:00 GMT")
    #expect(object["iso_8601"] as? String == "2020-01-17")
    #expect(object["iso_8601_local"] as? String == "2020-01-16T19:00:00-05:00")
    #expect((object["unix_seconds"] as? NSNumber)?.int64Value == 1_579_219_200)
  }

  @Test func timeFromOtherKinds() throws {
    let micro = try Self.object(Self.run(["time", "--from", "unix-micro", "1579219200123456"]).out)
    #expect(micro["unix_timestamp_micro"] as? String == "1579219200.123456")
    #expect((micro["gregorian_seconds"] as? NSNumber)?.int64Value == 63_746_438_400)
    let iso = try Self.object(Self.run(["time", "2015-04-07T04:33:02+03:30"]).out)
    #expect(iso["iso_8601_combined"] as? String == "2015-04-07T01:03:02Z")
    let unix = try Self.object(Self.run(["time", "--from", "unix", "--", "-86400"]).out)
    #expect(unix["datetime"] as? String == "1969-12-31_00:00:00")
    let zone = try Self.object(
      Self.run(["time", "2024-11-03T06:00:00Z", "--time-zone", "America/New_York"]).out)
    #expect(zone["datetime"] as? String == "2024-11-03_01:00:00")
    #expect(zone["time_zone"] as? String == "America/New_York")
  }

  @Test func timeUsageErrors() {
    let bad = Self.run(["time", "5", "--utc-offset", "bla"])
    #expect(bad.code == 2)
    #expect(bad.err.contains("utc_offset must be a number"))
    #expect(Self.run(["time", "2015-04-07T0433:02-05:00"]).err.contains("invalid_time"))
    #expect(Self.run(["time", "x", "--from", "unix"]).code == 2)
    #expect(Self.run(["time", "5", "--time-zone", "Mars/Base"]).code == 2)
    #expect(Self.run(["time", "5", "--time-zone", "UTC", "--utc-offset", "0"]).code == 2)
    #expect(Self.run(["time"]).code == 2)
  }

  @Test func csvKazooColumnsFromStandardInput() throws {
    let input = """
      {"call_id":"c1","call_direction":"inbound","caller_id_name":"Zoë, \\"Z\\"","request":"100@x","timestamp":63746438525,"duration_seconds":125}
      not json
      {"call_id":"c2"}

      """
    let result = Self.run(["csv", "--utc-offset", "-18000"], input: input)
    #expect(result.code == 1)
    #expect(result.err.contains("3 read, 2 accepted, 1 rejected"))
    let lines = result.out.components(separatedBy: "\r\n")
    #expect(lines.count == 4)  // header, 2 rows, empty after the last CRLF
    #expect(lines[0].hasPrefix("ID,call_id,caller_id_number,caller_id_name,"))
    #expect(lines[1].contains(",\"Zoë, \"\"Z\"\"\","))
    #expect(lines[1].contains(",2020-01-16_19:00:00,"))
    #expect(lines[1].contains(",100,"))  // dialed_number
  }

  @Test func csvChosenColumnsAndFlags() {
    let input = #"{"call_id":"=cmd","custom_channel_vars":{"account_id":"acc"}}"# + "\n"
    let result = Self.run(
      ["csv", "--columns", "call_id,account_id,reseller_cost", "--no-header", "--safe-formulas"],
      input: input)
    #expect(result.code == 0)
    #expect(result.out == "'=cmd,acc,0\r\n")
    let empty = Self.run(["csv", "--columns", "reseller"], input: "")
    #expect(empty.code == 0)
    #expect(empty.out.hasSuffix("reseller_cost,reseller_call_type\r\n"))
  }

  @Test func csvFixtureFilesAndMissingFile() {
    let fixture = Self.packageRoot.appendingPathComponent("Fixtures/calls/bridged-pair.ndjson").path
    let result = Self.run(["csv", fixture])
    #expect(result.code == 0)
    #expect(result.out.components(separatedBy: "\r\n").count == 4)
    let missing = Self.run(["csv", "/nonexistent/file.ndjson"])
    #expect(missing.code == 3)
    #expect(Self.run(["csv", "--columns", ","]).code == 2)
  }
}
