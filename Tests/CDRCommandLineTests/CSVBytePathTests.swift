import CDRKit
import CDRTestSupport
import Foundation
import Testing

@testable import CDRCommandLine

/// `cdr csv` writes the same bytes, reports and exit codes whether a plain line's row is
/// written straight from its bytes (the default) or every row from its decoded record (the
/// reference path), on every fixture and on seeded legs full of hard cases.
@Suite(.serialized) struct CSVBytePathTests {
  func run(_ arguments: [String], input: [UInt8] = [], recordPath: Bool)
    -> (code: Int32, output: String, errors: String)
  {
    CSVCommand.$usesRecordPath.withValue(recordPath) { runTool(arguments, bytes: input) }
  }

  /// Checks both paths agree for `arguments`.
  func expectSamePaths(_ arguments: [String], input: [UInt8] = []) {
    let fromRecords = run(arguments, input: input, recordPath: true)
    let fromBytes = run(arguments, input: input, recordPath: false)
    #expect(fromBytes.output == fromRecords.output, "\(arguments)")
    #expect(fromBytes.errors == fromRecords.errors, "\(arguments)")
    #expect(fromBytes.code == fromRecords.code, "\(arguments)")
  }

  static let optionSets: [[String]] = [
    [], ["--columns", "reseller"], ["--utc-offset", "3600"], ["--utc-offset", "-64800"],
    ["--time-zone", "America/New_York"], ["--no-safe-formulas", "--no-header"],
    ["--columns", "datetime,id,cost,media_recordings,rate"], ["--columns", "recording_url"],
  ]

  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")

  @Test func sameOutputOnEveryFixture() throws {
    let files =
      FileManager.default.enumerator(atPath: Self.fixtures.path)?
      .compactMap { $0 as? String }.filter { $0.hasSuffix(".json") || $0.hasSuffix(".ndjson") }
      .sorted() ?? []
    #expect(files.count > 15)
    for file in files {
      let path = Self.fixtures.appendingPathComponent(file).path
      for options in Self.optionSets {
        expectSamePaths(["csv"] + options + [path])
      }
    }
  }

  @Test(arguments: [1, 2, 3, 4] as [UInt64])
  func sameOutputOnSeededLegs(seed: UInt64) throws {
    let legs = CSVLegs.ndjson(seed: seed, count: 400)
    let path =
      NSTemporaryDirectory() + "csv-bytes-\(seed)-\(UInt64.random(in: 0...UInt64.max)).ndjson"
    try Data(legs).write(to: URL(fileURLWithPath: path))
    defer { try? FileManager.default.removeItem(atPath: path) }
    for options in Self.optionSets {
      expectSamePaths(["csv"] + options + [path])
    }
    // Standard input, and a record limit that rejects the longer lines.
    expectSamePaths(["csv", "-"], input: legs)
    expectSamePaths(["csv", "--max-record-bytes", "400", path])
  }

  @Test func sameOutputOnHardLegs() throws {
    let hard = HardLegs.ndjson(seed: 7, calls: 200)
    expectSamePaths(["csv", "-"], input: hard)
    expectSamePaths(["csv", "--columns", "reseller", "-"], input: hard)
  }

  @Test func handComputedRows() {
    let lines = """
      {"_id":"doc1","billing_seconds":61,"call_direction":"outbound","call_id":"c1",\
      "caller_id_name":"Alice, A.","caller_id_number":"+14155550100","custom_channel_vars":\
      {"account_billing":"per_minute","account_id":"acc","authorizing_id":"dev","rate":"100",\
      "rate_increment":"60","rate_minimum":"60","media_recordings":["a.mp3","b.mp3"],\
      "owner_id":"own"},"duration_seconds":70,"from_uri":"+14155550100@ex.com",\
      "timestamp":63746438672,"to":"+16505550007@ex.com","request":"=SUM(1)@ex.com"}
      {"call_id":"c2","call_direction":"inbound","duration_seconds":100,"request":"200@ex",\
      "caller_id_number":"-5"}

      """
    let expected =
      "doc1,c1,+14155550100,\"Alice, A.\",,,70,61,63746438602,,,own,'+16505550007@ex.com,,"
      + "outbound,'=SUM(1)@ex.com,dev,200,+16505550007,+14155550100,2020-01-17_00:03:22,"
      + "1579219402,1579219402.0,\"Fri, 17 Jan 2020 00:03:22 GMT\",2020-01-17,"
      + "2020-01-17T00:03:22Z,per_minute,0.01,,,,\"a.mp3,b.mp3\",,,\r\n"
      + ",c2,-5,,,,100,,-100,,,,,,inbound,200@ex,,0,200,-5,'-0001-12-31_23:58:20,"
      + "-62167219300,-62167219300.0,\"Fri, 31 Dec -1 23:58:20 GMT\",'-0001-12-31,"
      + "'-0001-12-31T23:58:20Z,,0.0,,,,,,,\r\n"
    let input = Array(lines.utf8)
    for recordPath in [false, true] {
      let result = run(["csv", "--no-header", "-"], input: input, recordPath: recordPath)
      #expect(result.output == expected, "record path: \(recordPath)")
      #expect(result.errors == "2 read, 2 accepted, 0 rejected\n")
      #expect(result.code == 0)
    }
  }
}
