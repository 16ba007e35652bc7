import CDRKit
import CDRTestSupport
import Foundation
import Testing

@testable import CDRCommandLine

/// `cdr csv` prints the same bytes, reports and exit codes whether it renders rows on every
/// core (the default for files) or writes each record's row in turn (the reference).
@Suite(.serialized) struct CSVRenderPathTests {
  func run(_ arguments: [String], input: [UInt8] = [], recordPath: Bool)
    -> (code: Int32, output: String, errors: String)
  {
    CSVCommand.$usesRecordPath.withValue(recordPath) { runTool(arguments, bytes: input) }
  }

  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")

  @Test func sameOutputOnHardCasesFixturesAndStandardInput() throws {
    let hard = HardLegs.ndjson(seed: 41, calls: 150)
    let path = NSTemporaryDirectory() + "csv-path-\(UInt64.random(in: 0...UInt64.max)).ndjson"
    try Data(hard).write(to: URL(fileURLWithPath: path))
    defer { try? FileManager.default.removeItem(atPath: path) }
    let bad = Self.fixtures.appendingPathComponent("bad/mixed-bad.ndjson").path
    let array = Self.fixtures.appendingPathComponent("calls/export-array.json").path
    let transfer = Self.fixtures.appendingPathComponent("calls/attended-transfer.ndjson").path
    let empty = NSTemporaryDirectory() + "csv-empty-\(UInt64.random(in: 0...UInt64.max)).ndjson"
    try Data().write(to: URL(fileURLWithPath: empty))
    defer { try? FileManager.default.removeItem(atPath: empty) }
    for arguments in [
      ["csv", path], ["csv", path, bad, array, "-"], ["csv", "--columns", "reseller", path],
      ["csv", "--no-header", "--no-safe-formulas", "--utc-offset", "-3600", path, transfer],
      ["csv", "--columns", "call_id,custom_channel_vars.owner_id,raw.timestamp", path],
      ["csv", "--time-zone", "America/New_York", path], ["csv", empty],
      ["csv", path, "/nonexistent/file.ndjson"],
    ] {
      let fromRecords = run(arguments, input: hard, recordPath: true)
      let rendered = run(arguments, input: hard, recordPath: false)
      #expect(!fromRecords.output.isEmpty)
      #expect(rendered.output == fromRecords.output, "\(arguments)")
      #expect(rendered.errors == fromRecords.errors, "\(arguments)")
      #expect(rendered.code == fromRecords.code, "\(arguments)")
    }
  }
}
