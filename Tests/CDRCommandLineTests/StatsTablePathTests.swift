import CDRKit
import CDRTestSupport
import Foundation
import Testing

@testable import CDRCommandLine

/// `cdr stats` prints the same bytes, reports the same rejections and exits with the same
/// status whether it reads a leg table or records (the reference path, forced by the
/// task-local switch).
@Suite struct StatsTablePathTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  static func fixture(_ path: String) -> String {
    root.appendingPathComponent("Fixtures/\(path)").path
  }

  static let calls = [
    "bridged-pair.ndjson", "ring-group-fork.ndjson", "attended-transfer.ndjson",
    "loopback.ndjson", "unanswered.ndjson", "other-leg-missing.ndjson", "voicemail.ndjson",
    "fax.ndjson", "legacy-string-typed.ndjson", "api-envelope.json", "export-array.json",
  ].map { fixture("calls/\($0)") }

  static let options: [[String]] = [
    [], ["--by", "account"], ["--by", "owner"], ["--by", "direction"], ["--by", "day"],
    ["--by", "day", "--time-zone", "America/New_York"],
    ["--by", "day", "--time-zone", "Asia/Kathmandu"],
    ["--by", "owner", "--link", "other-leg,bridge,interaction-id"],
    ["--by", "account", "--link", "other-leg"],
  ]

  func run(_ arguments: [String], input: [UInt8], recordPath: Bool)
    -> (code: Int32, output: [UInt8], errors: [UInt8])
  {
    StatsCommand.$usesRecordPath.withValue(recordPath) {
      let context = CommandContext.inMemory(input: input)
      let code = CDRTool.run(arguments, context: context)
      return (code, Array(context.output.text.utf8), Array(context.errors.text.utf8))
    }
  }

  /// Runs `arguments` on both paths; compares bytes (not `String`s, whose `==` would take
  /// two canonically equivalent labels for one).
  @discardableResult
  func expectSame(
    _ arguments: [String], input: [UInt8] = [], sourceLocation: SourceLocation = #_sourceLocation
  ) -> (code: Int32, output: [UInt8], errors: [UInt8]) {
    let fromRecords = run(["stats"] + arguments, input: input, recordPath: true)
    let fromTable = run(["stats"] + arguments, input: input, recordPath: false)
    #expect(fromTable.output == fromRecords.output, "\(arguments)", sourceLocation: sourceLocation)
    #expect(fromTable.errors == fromRecords.errors, "\(arguments)", sourceLocation: sourceLocation)
    #expect(fromTable.code == fromRecords.code, "\(arguments)", sourceLocation: sourceLocation)
    return fromTable
  }

  /// Every NDJSON fixture (rejected lines and event shapes included), then seeded hard legs
  /// for grouping and for statistics, in one file: the debug build's reader pays most per
  /// file, so the runs read few of them.
  static let combined: [UInt8] = {
    var bytes: [UInt8] = []
    for path in calls.filter({ $0.hasSuffix(".ndjson") }) + [
      fixture("bad/mixed-bad.ndjson"), fixture("events/bridged-call-events.ndjson"),
    ] {
      bytes.append(contentsOf: (try? Data(contentsOf: URL(fileURLWithPath: path))) ?? Data())
      if bytes.last != 0x0A { bytes.append(0x0A) }
    }
    bytes.append(contentsOf: HardLegs.ndjson(seed: 11, calls: 300))
    bytes.append(contentsOf: StatisticsLegs.ndjson(seed: 12, calls: 300))
    return bytes
  }()

  static func writeCombined() throws -> String {
    let path = NSTemporaryDirectory() + "stats-\(UInt64.random(in: 0...UInt64.max)).ndjson"
    try Data(combined).write(to: URL(fileURLWithPath: path))
    return path
  }

  @Test(arguments: options) func sameOutput(_ options: [String]) throws {
    let path = try Self.writeCombined()
    defer { try? FileManager.default.removeItem(atPath: path) }
    // The JSON documents (an API envelope, an export array) are read sequentially.
    let result = expectSame(
      options + [
        path, Self.fixture("calls/api-envelope.json"), Self.fixture("calls/export-array.json"),
      ])
    #expect(result.code == 1)  // rejected lines
    #expect(result.output.count > 300)
    expectSame(options, input: Self.combined)
  }

  /// A file, standard input and the file again: every call three times.
  @Test(arguments: [["--by", "owner"], ["--by", "day", "--time-zone", "America/New_York"], []])
  func inputsTogether(_ options: [String]) throws {
    let path = try Self.writeCombined()
    defer { try? FileManager.default.removeItem(atPath: path) }
    expectSame(options + [path, "-", path], input: Self.combined)
  }

  /// A file that cannot be opened (exit 3), names and rejections with control characters
  /// (escaped on standard error), a file that is not NDJSON, an empty input.
  @Test func failuresAndOddInputs() throws {
    let directory = NSTemporaryDirectory() + "stats-odd-\(UInt64.random(in: 0...UInt64.max))"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let escaped = directory + "/name\u{1B}[31m.ndjson"
    try Data(#"{"call_id":"a","billing_seconds":3}"#.utf8 + [0x0A] + Array("{oops\n".utf8))
      .write(to: URL(fileURLWithPath: escaped))
    let result = expectSame([escaped, directory + "/missing.ndjson"])
    #expect(result.code == 3)
    #expect(!result.errors.contains(0x1B))
    expectSame(["--by", "owner", Self.fixture("bad/broken-array.json")])
    expectSame(["--by", "day", Self.fixture("bad/bridged-pair.ndjson.gz")])
    expectSame(["--by", "account"], input: [])
    expectSame(["--by", "direction", "-"], input: Array("\n\n".utf8))
  }
}
