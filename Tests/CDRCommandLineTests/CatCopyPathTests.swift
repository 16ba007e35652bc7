import CDRKit
import CDRTestSupport
import Foundation
import Testing

@testable import CDRCommandLine

/// `cdr cat` prints the same bytes, reports and exit codes whether it copies canonical lines
/// (the default) or decodes and writes every record (the reference, forced by the switch).
@Suite(.serialized) struct CatCopyPathTests {
  func run(_ arguments: [String], input: [UInt8] = [], recordPath: Bool)
    -> (code: Int32, output: [UInt8], errors: String)
  {
    CatCommand.$usesRecordPath.withValue(recordPath) {
      let result = runTool(arguments, bytes: input)
      return (result.code, Array(result.output.utf8), result.errors)
    }
  }

  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")

  @Test func sameOutputOnHardCasesFilesAndStandardInput() throws {
    // Canonical lines (as cat writes them) mixed with the hard cases as they are.
    let hard = HardLegs.ndjson(seed: 31, calls: 120)
    let canonical = run(["cat"], input: hard, recordPath: true).output
    let bytes = canonical + hard
    let path = NSTemporaryDirectory() + "cat-path-\(UInt64.random(in: 0...UInt64.max)).ndjson"
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    defer { try? FileManager.default.removeItem(atPath: path) }
    let bad = Self.fixtures.appendingPathComponent("bad/mixed-bad.ndjson").path
    let array = Self.fixtures.appendingPathComponent("calls/export-array.json").path
    for arguments in [
      ["cat", path], ["cat", path, bad, array, "-"], ["cat", "--max-record-bytes", "400", path],
      ["cat", path, "/nonexistent/file.ndjson"],
    ] {
      let fromRecords = run(arguments, input: hard, recordPath: true)
      let copied = run(arguments, input: hard, recordPath: false)
      #expect(fromRecords.output.count > 10_000)
      #expect(copied.output == fromRecords.output, "\(arguments)")
      #expect(copied.errors == fromRecords.errors, "\(arguments)")
      #expect(copied.code == fromRecords.code, "\(arguments)")
    }
  }
}
