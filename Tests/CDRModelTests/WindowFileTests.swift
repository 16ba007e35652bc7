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
}
