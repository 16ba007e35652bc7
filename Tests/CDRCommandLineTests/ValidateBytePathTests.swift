import CDRKit
import CDRTestSupport
import Foundation
import Testing

@testable import CDRCommandLine

/// `cdr validate` writes the same bytes on standard output and standard error, with the
/// same exit code, whether it validates on bytes (every core, the byte-level check) or
/// record by record (the reference path, forced by the internal switch).
@Suite(.serialized) struct ValidateBytePathTests {
  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")

  struct Outcome: Equatable {
    var code: Int32
    var output: String
    var errors: String
  }

  static func run(
    _ arguments: [String], input: [UInt8] = [], recordPath: Bool, windowBytes: Int = 1 << 16,
    output: CommandOutput = CommandOutput()
  ) -> Outcome {
    ValidateCommand.$usesRecordPath.withValue(recordPath) {
      ValidateCommand.$windowBytes.withValue(windowBytes) {
        let context = CommandContext(
          output: output, errors: CommandOutput(),
          standardInput: { CDRReader(bytes: input, sourceName: "<stdin>", options: $0) })
        let code = CDRTool.run(["validate"] + arguments, context: context)
        return Outcome(code: code, output: context.output.text, errors: context.errors.text)
      }
    }
  }

  /// Runs both paths on every mode, schema version and format. (Windows are small by
  /// default: a debug build fills a window's room slowly.)
  static func expectSamePaths(
    _ operands: [String], input: [UInt8] = [], extra: [String] = [], windowBytes: Int = 1 << 16,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    for mode in ["exact", "lenient", "strict"] {
      for schema in ["4.3", "master"] {
        for format in ["text", "ndjson"] {
          let arguments =
            operands + ["--mode", mode, "--schema", schema, "--format", format] + extra
          let reference = run(arguments, input: input, recordPath: true)
          let onBytes = run(arguments, input: input, recordPath: false, windowBytes: windowBytes)
          #expect(onBytes == reference, "\(arguments)", sourceLocation: sourceLocation)
        }
      }
    }
  }

  static func temporaryFile(_ bytes: [UInt8], _ name: String) throws -> String {
    let path =
      NSTemporaryDirectory() + "validate-bytes-\(name)-\(UInt64.random(in: 0...UInt64.max))"
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return path
  }

  @Test func everyFixtureGivesTheSameResults() throws {
    let files = try FileManager.default.subpathsOfDirectory(atPath: Self.fixtures.path)
      .filter { !$0.hasSuffix(".md") }
      .map { Self.fixtures.appendingPathComponent($0).path }
      .filter { path in
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
          && !isDirectory.boolValue
      }
      .sorted()
    #expect(files.count >= 20)
    for file in files { Self.expectSamePaths([file]) }
    // All of them at once, a file twice, and standard input among them.
    let input = try [UInt8](
      Data(contentsOf: Self.fixtures.appendingPathComponent("calls/fax.ndjson")))
    Self.expectSamePaths(files + [files[0], "-"], input: input)
  }

  @Test(arguments: [1 as UInt64, 2, 3, 4])
  func seededMutationsGiveTheSameResults(seed: UInt64) throws {
    // Enough lines for many window edges at both small window sizes below (350 lines took
    // half the time of the 700 before, for the same cases).
    let bytes = ValidationLines.ndjson(seed: seed, lines: 350)
    let path = try Self.temporaryFile(bytes, "mutations")
    defer { try? FileManager.default.removeItem(atPath: path) }
    // One window, then small windows, which also cut the lines over a record limit.
    Self.expectSamePaths([path], windowBytes: 1 << 20)
    if seed.isMultiple(of: 2) {
      Self.expectSamePaths([path], windowBytes: 16 << 10)
    } else {
      Self.expectSamePaths([path], extra: ["--max-record-bytes", "2000"], windowBytes: 1 << 12)
    }
  }

  /// The byte-level path must take most lines of valid legs itself, so the comparison
  /// above tests it and not only the fallback.
  @Test func validLegsAreAllValid() throws {
    var random = SeededGenerator(seed: 9)
    let lines = (0..<2000).map { number in
      "{" + ValidationLines.validMembers(&random, number: number).joined(separator: ",") + "}"
    }
    let path = try Self.temporaryFile(Array((lines.joined(separator: "\n") + "\n").utf8), "valid")
    defer { try? FileManager.default.removeItem(atPath: path) }
    for mode in ["exact", "lenient", "strict"] {
      let result = Self.run([path, "--mode", mode], recordPath: false)
      #expect(result.code == 0)
      #expect(
        result.errors.hasSuffix("2000 read, 2000 accepted, 0 rejected; 2000 valid, 0 invalid\n"))
    }
    Self.expectSamePaths([path], windowBytes: 200 << 10)
  }

  @Test func missingFilesAndStandardInput() throws {
    let bytes = ValidationLines.ndjson(seed: 5, lines: 200)
    let path = try Self.temporaryFile(bytes, "inputs")
    defer { try? FileManager.default.removeItem(atPath: path) }
    Self.expectSamePaths(
      ["/nonexistent/cdrs.ndjson", path, "-", NSTemporaryDirectory()], input: bytes)
    Self.expectSamePaths([], input: bytes)
  }

  /// A full disk or a closed pipe: the same bytes get out, the same rejections are
  /// reported before the failure, and the same exit status.
  @Test(arguments: [0, 150, 5_000, 40_000])
  func failingOutputStopsTheSameWay(after byteCount: Int) throws {
    let bytes = ValidationLines.ndjson(seed: 6, lines: 600)
    let path = try Self.temporaryFile(bytes, "failing")
    defer { try? FileManager.default.removeItem(atPath: path) }
    for errorNumber in [ENOSPC, EPIPE] {
      for format in ["text", "ndjson"] {
        let arguments = [path, path, "--format", format]
        let reference = Self.run(
          arguments, recordPath: true,
          output: CommandOutput(failingAfter: byteCount, errorNumber: errorNumber))
        let onBytes = Self.run(
          arguments, recordPath: false, windowBytes: 32 << 10,
          output: CommandOutput(failingAfter: byteCount, errorNumber: errorNumber))
        #expect(onBytes == reference, "\(arguments) \(byteCount) \(errorNumber)")
      }
    }
  }
}
