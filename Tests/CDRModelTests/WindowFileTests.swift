import Foundation
import Testing

@testable import CDRModel

/// `_WindowFile` reads over a reused buffer: what it keeps, what it reads after that and
/// where it stops are exact, whatever the buffer held before.
@Suite struct WindowFileTests {
  @Test func readsOverOldBytesAndStopsAtTheEnd() throws {
    let content = Array("0123456789abcdefghij".utf8)
    let path = NSTemporaryDirectory() + "cdrkit-window-file-\(getpid()).bin"
    try Data(content).write(to: URL(fileURLWithPath: path))
    defer { try? FileManager.default.removeItem(atPath: path) }
    let file = try _WindowFile(path: path)
    // Three bytes to keep, then stale bytes longer than what is left to read.
    var buffer = Array("KEP".utf8) + [UInt8](repeating: 0x58, count: 50)
    #expect(file.read(into: &buffer, keeping: 3, count: 8))
    #expect(buffer == Array("KEP01234567".utf8))
    // A buffer shorter than needed grows.
    var short = Array("k".utf8)
    #expect(file.read(into: &short, keeping: 1, count: 100))
    #expect(short == Array("k89abcdefghij".utf8))
    #expect(file.bytesRead == content.count)
    // At the end: nothing read, the kept bytes stay and the stale ones go.
    var last = Array("AB".utf8) + [UInt8](repeating: 0x58, count: 10)
    #expect(!file.read(into: &last, keeping: 2, count: 4))
    #expect(last == Array("AB".utf8))
    // Appending reads keep the whole buffer.
    var appended = Array("xy".utf8)
    #expect(!file.read(into: &appended, count: 4))
    #expect(appended == Array("xy".utf8))
  }

  /// Window after window, a buffer keeps the last window's unfinished line and reads a
  /// whole window after it; its first read makes room for that, so later windows read into
  /// the same storage (a buffer with room for one window was copied into a new one, twice
  /// the size, for the next window).
  @Test func aBufferReadWindowAfterWindowKeepsItsStorage() throws {
    let window = 4096
    let content = (0..<(window * 6)).map { UInt8(truncatingIfNeeded: $0 % 251) }
    let path = NSTemporaryDirectory() + "cdrkit-window-storage-\(getpid()).bin"
    try Data(content).write(to: URL(fileURLWithPath: path))
    defer { try? FileManager.default.removeItem(atPath: path) }
    let file = try _WindowFile(path: path)
    var buffer: [UInt8] = []
    #expect(file.read(into: &buffer, count: window))
    let storage = buffer.withUnsafeBufferPointer { $0.baseAddress }
    var offset = window
    for tail in [10, 100, 255] {
      // The last `tail` bytes are the unfinished line: moved to the front, then kept.
      let kept = Array(buffer[(buffer.count - tail)...])
      buffer.replaceSubrange(0..<tail, with: kept)
      #expect(file.read(into: &buffer, keeping: tail, count: window))
      #expect(buffer.count == tail + window)
      #expect(Array(buffer[..<tail]) == kept)
      #expect(Array(buffer[tail...]) == Array(content[offset..<(offset + window)]))
      #expect(buffer.withUnsafeBufferPointer { $0.baseAddress } == storage)
      offset += window
    }
  }
}
