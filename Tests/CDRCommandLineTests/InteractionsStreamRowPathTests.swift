import CDRKit
import CDRTestSupport
import Foundation
import Testing

@testable import CDRCommandLine

/// `cdr interactions --stream FILE` prints the same bytes, reports the same rejections and
/// late legs and exits the same whether it streams leg-table rows or records (the
/// reference path, forced by the internal switch).
@Suite(.serialized) struct InteractionsStreamRowPathTests {
  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures")

  func run(_ arguments: [String], input: [UInt8] = [], recordPath: Bool)
    -> (code: Int32, output: String, errors: String)
  {
    InteractionsCommand.$usesRecordPath.withValue(recordPath) { runTool(arguments, bytes: input) }
  }

  func temporaryFile(_ bytes: [UInt8]) throws -> String {
    let path = NSTemporaryDirectory() + "stream-rows-\(UInt64.random(in: 0...UInt64.max)).ndjson"
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return path
  }

  func expectSame(_ arguments: [String], _ comment: String = "") {
    let records = run(arguments, recordPath: true)
    let rows = run(arguments, recordPath: false)
    #expect(rows.output == records.output, "\(arguments) \(comment)")
    #expect(rows.errors == records.errors, "\(arguments) \(comment)")
    #expect(rows.code == records.code, "\(arguments) \(comment)")
  }

  @Test(arguments: [
    ["--window", "0"], ["--window", "5"], ["--window", "20"], [],
    ["--link", "other-leg,bridge,loopback,interaction-id", "--window", "10"],
    ["--link", "interaction-id", "--window", "3"], ["--max-record-bytes", "300", "--window", "4"],
  ])
  func hardLegs(_ options: [String]) throws {
    let path = try temporaryFile(HardLegs.ndjson(seed: 77, calls: 300))
    defer { try? FileManager.default.removeItem(atPath: path) }
    let arguments = ["interactions", "--stream"] + options + [path]
    expectSame(arguments)
    // Counts add up: every accepted leg is in an interaction or reported late.
    let errors = run(arguments, recordPath: false).errors
    let numbers = errors.split(separator: "\n").suffix(2).map { line in
      line.split { !$0.isNumber }.compactMap { Int($0) }
    }
    let (read, accepted, rejected) = (numbers[0][0], numbers[0][1], numbers[0][2])
    let legs = numbers[1][1]
    let late = numbers[1].count > 2 ? numbers[1][2] : 0
    #expect(read == accepted + rejected)
    #expect(rejected > 0)
    #expect(legs + late == accepted)
    let lateLines = errors.split(separator: "\n").filter { $0.hasPrefix("late leg ") }
    #expect(lateLines.count == late)
    if options == ["--window", "0"] { #expect(late > 0) }
  }

  @Test func fixturesAloneAndTogether() throws {
    let names = try FileManager.default.subpathsOfDirectory(atPath: Self.fixtures.path)
      .filter { $0.hasSuffix(".ndjson") || $0.hasSuffix(".json") }.sorted()
    #expect(names.count > 10)
    let paths = names.map { Self.fixtures.appendingPathComponent($0).path }
    for window in ["0", "60", "3600"] {
      for path in paths { expectSame(["interactions", "--stream", "--window", window, path]) }
      expectSame(["interactions", "--stream", "--window", window] + paths)
    }
    // Standard input among the files reads every input through records.
    let input = try [UInt8](Data(contentsOf: URL(fileURLWithPath: paths[0])))
    let mixed = ["interactions", "--stream", paths[1], "-"]
    #expect(
      run(mixed, input: input, recordPath: false).output
        == run(mixed, input: input, recordPath: true).output)
  }

  @Test func lateLegFromAFile() throws {
    // The bridged pair's A-leg, a call hours later, then the B-leg: late with a 60 s window.
    let calls = Self.fixtures.appendingPathComponent("calls")
    let pair = try [UInt8](Data(contentsOf: calls.appendingPathComponent("bridged-pair.ndjson")))
      .split(separator: 0x0A).map { Array($0) }
    let other = try [UInt8](Data(contentsOf: calls.appendingPathComponent("unanswered.ndjson")))
      .split(separator: 0x0A).map { Array($0) }
    var input: [UInt8] = []
    for line in [pair[0], other[0], Array("{\"call_id\":".utf8), pair[1], other[1]] {
      input += line + [0x0A]
    }
    let path = try temporaryFile(input)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let arguments = ["interactions", "--stream", "--window", "60", path]
    let rows = run(arguments, recordPath: false)
    #expect(rows.code == 1)
    #expect(rows.output.split(separator: "\n").count == 2)
    let errors = rows.errors.split(separator: "\n").map(String.init)
    // The rejection (line 3) is reported before the late leg (line 4), as read.
    #expect(errors.count == 4)
    #expect(errors[0].hasPrefix("\(path):3"))
    #expect(
      errors[1]
        == "late leg 7d2e9f10-1c3b-4a5d-9e8f-abcdef012345: belongs to emitted interaction 63746438400-1a2b3c4d"
    )
    #expect(errors[2] == "5 read, 4 accepted, 1 rejected")
    #expect(errors[3] == "2 interactions, 3 legs, 1 late")
    expectSame(arguments)
  }
}
