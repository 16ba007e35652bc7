import CDRKit
import Foundation
import Testing

@testable import CDRCommandLine

/// A clock that moves `step` seconds each time it is read.
final class SteppingClock: @unchecked Sendable {
  private let lock = NSLock()
  private var now = 0.0
  private let step: Double

  init(step: Double) { self.step = step }

  func read() -> Double {
    lock.lock()
    defer { lock.unlock() }
    let value = now
    now += step
    return value
  }
}

@Suite("Progress on standard error")
struct ProgressTests {
  @Test("the line: bytes, records, rate, and for files the share and the time left")
  func lineText() {
    #expect(
      ProgressMeter.line(bytes: 25_000_000, totalBytes: 100_000_000, records: 50_000, seconds: 10)
        == "25.0 MB read, 50000 records, 5000 records/s, 25%, ETA 0:30")
    #expect(
      ProgressMeter.line(bytes: 1_234_567, totalBytes: nil, records: 7, seconds: 2)
        == "1.2 MB read, 7 records, 4 records/s")
    #expect(
      ProgressMeter.line(bytes: nil, totalBytes: nil, records: 300, seconds: 1.5)
        == "300 records, 200 records/s")
    #expect(
      ProgressMeter.line(bytes: 1_000_000, totalBytes: 3_726_000_000, records: 1, seconds: 1)
        == "1.0 MB read, 1 records, 1 records/s, 0%, ETA 1:02:05")
  }

  @Test func units() {
    #expect(ProgressMeter.megabytes(0) == "0.0")
    #expect(ProgressMeter.megabytes(49_999) == "0.0")
    #expect(ProgressMeter.megabytes(50_000) == "0.1")
    #expect(ProgressMeter.megabytes(12_345_678) == "12.3")
    #expect(ProgressMeter.duration(0) == "0:00")
    #expect(ProgressMeter.duration(59.4) == "0:59")
    #expect(ProgressMeter.duration(61) == "1:01")
    #expect(ProgressMeter.duration(3600) == "1:00:00")
    #expect(ProgressMeter.duration(.infinity) == "99:59:59")
  }

  static func run(_ arguments: [String], input: [UInt8], showsProgress: Bool) -> (
    code: Int32, output: String, errors: String
  ) {
    let clock = SteppingClock(step: 0.25)
    let recording = RecordingContext(
      input: input, output: CommandOutput(), showsProgress: showsProgress,
      clock: { clock.read() })
    let code = CDRTool.run(arguments, context: recording.context)
    return (code, recording.context.output.text, recording.context.errors.text)
  }

  @Test("after one second, four lines a second at most, erased before the summary")
  func lines() {
    let input = generatedLegs(640)
    let result = Self.run(["cat"], input: input, showsProgress: true)
    #expect(result.code == 0)
    // The clock is read at the start and every 64 records, 0.25 s apart: 256 records at 1 s,
    // then a line each 64 records (0.25 s) until 640.
    let erase = "\r\u{1B}[K"
    let size = ProgressMeter.megabytes(input.count)
    let shown = stride(from: 256, through: 640, by: 64).map { records in
      "\(size) MB read, \(records) records, 256 records/s"
    }
    #expect(
      result.errors == shown.joined(separator: erase) + erase
        + "640 read, 640 accepted, 0 rejected\n")
    // Standard output is the same as without progress.
    #expect(result.output == Self.run(["cat"], input: input, showsProgress: false).output)
  }

  @Test(
    "no line when standard error is not a terminal, or with --quiet",
    arguments: [
      (["cat"], false), (["cat", "--quiet"], true), (["csv", "--quiet"], true),
      (["validate", "--quiet"], true), (["interactions", "--quiet"], true),
      (["stats", "--quiet"], true), (["page", "--quiet"], true),
      (["legs", "leg-0", "--quiet"], true),
    ])
  func silent(arguments: [String], showsProgress: Bool) {
    let result = Self.run(arguments, input: generatedLegs(640), showsProgress: showsProgress)
    #expect(result.code <= 1)  // page: the generated legs have no pvt_created
    #expect(!result.errors.contains("records/s"))
    #expect(!result.errors.unicodeScalars.contains("\u{1B}"))
    #expect(result.errors.hasPrefix("640 read, 640 accepted, 0 rejected"))
  }

  @Test("a short run shows nothing")
  func shortRun() {
    let result = Self.run(["cat"], input: generatedLegs(100), showsProgress: true)
    #expect(result.errors == "100 read, 100 accepted, 0 rejected\n")
  }

  @Test("a rejection written while a line is shown erases it first")
  func rejectionBetweenLines() {
    var input = generatedLegs(400)
    input += Array("not json\n".utf8)
    let result = Self.run(["cat"], input: input, showsProgress: true)
    #expect(result.code == 1)
    let erase = "\r\u{1B}[K"
    #expect(result.errors.contains(erase + "<stdin>:401: record 400: malformed JSON"))
    #expect(!result.errors.contains("records/s<stdin>"))
  }

  @Test("interaction commands count records (the concurrent reader does not tell bytes)")
  func interactionCommands() throws {
    let file = FileManager.default.temporaryDirectory
      .appendingPathComponent("cdr-progress-\(UUID().uuidString).ndjson")
    try Data(generatedLegs(640)).write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    // `cdr interactions --format json` reads records (its NDJSON output and `cdr stats`
    // read a leg table, which reports progress a window at a time).
    let result = Self.run(
      ["interactions", "--format", "json", file.path], input: [], showsProgress: true)
    #expect(result.code == 0)
    #expect(result.errors.hasPrefix("256 records, 256 records/s\r\u{1B}[K320 records"))
    #expect(result.errors.contains("\r\u{1B}[K640 read, 640 accepted, 0 rejected\n"))
  }
}
