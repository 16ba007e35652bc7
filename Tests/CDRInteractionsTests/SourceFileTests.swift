import Foundation
import Testing

@testable import CDRInteractions

/// The file a leg table reads its legs' lines from again: the bytes at any offset, as often
/// as asked, from more files than it keeps open.
@Suite struct SourceFileTests {
  static func temporaryFile(_ bytes: [UInt8]) throws -> String {
    let path = NSTemporaryDirectory() + "source-file-\(UInt64.random(in: 0...UInt64.max))"
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return path
  }

  @Test func readsTheBytesAtAnyOffsetAgainAndAgain() throws {
    let bytes = (0..<5_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
    let path = try Self.temporaryFile(bytes)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let file = _SourceFile(path: path)
    for round in 0..<3 {
      for (offset, count) in [(0, 1), (0, 5_000), (4_999, 1), (1_234, 777), (5_000, 0)] {
        #expect(
          file.read(offset: offset, count: count) == Array(bytes[offset..<(offset + count)]),
          "round \(round), \(offset) + \(count)")
      }
      // Past the end, or a negative place: nothing.
      #expect(file.read(offset: 4_999, count: 2) == nil)
      #expect(file.read(offset: 6_000, count: 1) == nil)
      #expect(file.read(offset: -1, count: 1) == nil)
      #expect(file.read(offset: 0, count: -1) == nil)
    }
    #expect(_SourceFile(path: path + "-missing").read(offset: 0, count: 1) == nil)
  }

  /// Twice as many files as are kept open, each read in turn several times: every read gives
  /// its file's bytes, and the process never keeps more open than the limit.
  @Test func moreFilesThanAreKeptOpen() throws {
    let count = 2 * _SourceFile.keptOpenLimit
    let contents = (0..<count).map { number in Array("file \(number)\n".utf8) }
    let paths = try contents.map(Self.temporaryFile)
    defer { for path in paths { try? FileManager.default.removeItem(atPath: path) } }
    let files = paths.map(_SourceFile.init(path:))
    for _ in 0..<3 {
      for (file, bytes) in zip(files, contents) {
        #expect(file.read(offset: 0, count: bytes.count) == bytes)
        #expect(file.read(offset: 5, count: bytes.count - 5) == Array(bytes[5...]))
      }
      #expect(_SourceFile.keptOpenCount <= _SourceFile.keptOpenLimit)
    }
  }
}
