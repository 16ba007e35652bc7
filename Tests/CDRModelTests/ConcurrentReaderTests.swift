import CDRTestSupport
import Foundation
import Testing

@testable import CDRModel

/// An NDJSON input with everything a real export can throw at a reader: good legs, drifted
/// legs, malformed lines, lines that are not records, blank lines, CRLF endings, an API
/// envelope on one line (rejected: one line is one record) and lines longer than the record limit.
private func mixedNDJSON(lines: Int, seed: UInt64) -> [UInt8] {
  var random = SeededGenerator(seed: seed)
  var text = ""
  for number in 0..<lines {
    switch Int.random(in: 0..<40, using: &random) {
    case 0: text += #"{"call_id":"bad\#(number)","duration_seconds":01}"# + "\n"
    case 1: text += "\n"
    case 2: text += "   \r\n"
    case 3:
      text +=
        #"{"data":[{"call_id":"e\#(number)a"},{"call_id":"e\#(number)b"}],"page_size":2}"# + "\n"
    case 4: text += #"{"no_call_id":true}"# + "\n"
    case 5:
      text += #"{"call_id":"long\#(number)","x":""# + String(repeating: "y", count: 700) + "\"}\n"
    case 6: text += "not json at all\n"
    case 7: text += #"{"call_id":"t\#(number)","timestamp":"63746438525"}"# + "\r\n"
    default:
      text +=
        #"{"call_id":"c\#(number)","timestamp":\#(63_746_438_400 + number),"duration_seconds":\#(number % 600),"caller_id_number":"+1415555\#(number % 10000)","custom_channel_vars":{"account_id":"a\#(number % 7)","bridge_id":"b\#(number / 3)"},"hangup_cause":"NORMAL_CLEARING"}"#
        + "\n"
    }
  }
  return Array(text.utf8)
}

@Suite("Concurrent NDJSON reading")
struct ConcurrentReaderTests {
  let options = CDRReader.Options(maximumRecordBytes: 512)

  @Test(
    "in-memory NDJSON reads exactly as the sequential reader",
    arguments: [Int.min, 0, 1, 2, 3, 8, Int.max])
  func inMemoryMatchesSequential(concurrency: Int) {
    let bytes = mixedNDJSON(lines: 4000, seed: UInt64(bitPattern: Int64(concurrency)))
    let sequential = CDRReader(bytes: bytes, sourceName: "in.ndjson", options: options).readAll()
    let concurrent = CDRReader.readAllConcurrently(
      bytes: bytes, sourceName: "in.ndjson", options: options, maximumConcurrency: concurrency)
    #expect(concurrent == sequential)
    // The input is large enough to be cut into several pieces, and exercises every path.
    #expect(_LineChunkMerger.cut(bytes, from: 0, to: bytes.count, into: 8).count > 3)
    #expect(sequential.rejections.contains { $0.reason == .recordTooLarge(limit: 512) })
    #expect(
      sequential.rejections.contains { if case .malformedJSON = $0.reason { true } else { false } })
    // One line is one record: an envelope on a line is that line's one rejection.
    #expect(
      sequential.rejections.contains { $0.reason == .notOneRecordPerLine("a KAZOO API envelope") })
    #expect(sequential.format == .ndjson)
  }

  @Test("a byte order mark and leading blank lines keep line numbers and error offsets")
  func leadingBOMAndBlankLines() {
    let bytes = [0xEF, 0xBB, 0xBF] + Array("\n\n  ".utf8) + mixedNDJSON(lines: 3000, seed: 5)
    let sequential = CDRReader(bytes: bytes, options: options).readAll()
    #expect(CDRReader.readAllConcurrently(bytes: bytes, options: options) == sequential)
    #expect(sequential.locations.first?.line == 3)
  }

  @Test(
    "inputs that are not NDJSON are read sequentially",
    arguments: [
      #"[{"call_id":"a"},{"call_id":"b"}]"#,
      "{\n  \"call_id\": \"a\"\n}\n{\n  \"call_id\": \"b\"\n}\n",
      #"{"data":[{"call_id":"a"}]}"#,
      #"{"call_id":"a"}"#,
      "",
      "{\"call_id\":\"a\",\n",
    ])
  func otherShapes(text: String) {
    let bytes = Array(text.utf8)
    #expect(CDRReader.readAllConcurrently(bytes: bytes) == CDRReader(bytes: bytes).readAll())
  }

  @Test(
    "a file read window by window gives the sequential reader's events",
    arguments: [700, 4096, 1 << 20])
  func fileWindowsMatchSequential(window: Int) throws {
    let bytes = mixedNDJSON(lines: 3000, seed: 11)
    let path = NSTemporaryDirectory() + "cdrkit-concurrent-\(window)-\(getpid()).ndjson"
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    defer { try? FileManager.default.removeItem(atPath: path) }
    let reader = try CDRReader(contentsOfFile: path, options: options)
    var expected: [CDRReadEvent] = []
    while let event = reader.next() { expected.append(event) }
    var events: [CDRReadEvent] = []
    let (statistics, format) = try CDRReader.readConcurrently(
      contentsOfFile: path, options: options, windowBytes: window
    ) { events.append($0) }
    #expect(events == expected)
    #expect(format == reader.format)
    #expect(statistics.accepted == reader.statistics.accepted)
    #expect(statistics.rejected == reader.statistics.rejected)
    #expect(statistics.acceptedWithDrifts == reader.statistics.acceptedWithDrifts)
    #expect(statistics.bytesRead == bytes.count)
    #expect(statistics.peakBufferedBytes <= Swift.max(window, 512) * 3 + 1024)
  }
}
