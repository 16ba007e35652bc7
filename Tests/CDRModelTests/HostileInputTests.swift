import CDRTestSupport
import Foundation
import Testing

@testable import CDRModel

// Hostile inputs, at sizes a debug build reads in well under a second each. The full-size
// files (1 GB single line, 100 MB of NUL...) are run by Scripts/hostile-inputs.sh; the
// figures are in Documentation/HostileInputs.md.

/// Reads `bytes` on both decoding paths and checks that they agree; returns the events.
private func readBoth(
  _ bytes: [UInt8], options: CDRReader.Options = CDRReader.Options(),
  sourceLocation: SourceLocation = #_sourceLocation
) -> (events: [CDRReadEvent], statistics: CDRReadStatistics) {
  var results: [(events: [CDRReadEvent], statistics: CDRReadStatistics)] = []
  for byteLevel in [true, false] {
    var pathOptions = options
    pathOptions.usesByteLevelDecoding = byteLevel
    let reader = CDRReader(bytes: bytes, sourceName: "hostile", options: pathOptions)
    var events: [CDRReadEvent] = []
    while let event = reader.next() { events.append(event) }
    results.append((events, reader.statistics))
  }
  #expect(results[0].events == results[1].events, sourceLocation: sourceLocation)
  #expect(results[0].statistics == results[1].statistics, sourceLocation: sourceLocation)
  let statistics = results[0].statistics
  #expect(
    statistics.read == statistics.accepted + statistics.rejected, sourceLocation: sourceLocation)
  #expect(statistics.read == results[0].events.count, sourceLocation: sourceLocation)
  return results[0]
}

/// A file in a fresh temporary directory, removed by the caller.
private func temporaryFile(_ name: String, _ bytes: [UInt8]) throws -> URL {
  let directory = FileManager.default.temporaryDirectory
    .appendingPathComponent("cdrkit-hostile-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
  let url = directory.appendingPathComponent(name)
  try Data(bytes).write(to: url)
  return url
}

private func removeFile(_ url: URL) {
  try? FileManager.default.removeItem(at: url.deletingLastPathComponent())
}

/// Reads a file with the given limits and returns its events and statistics.
private func readFile(_ url: URL, options: CDRReader.Options) throws -> (
  events: [CDRReadEvent], statistics: CDRReadStatistics
) {
  let reader = try CDRReader(contentsOfFile: url.path, options: options)
  var events: [CDRReadEvent] = []
  while let event = reader.next() { events.append(event) }
  return (events, reader.statistics)
}

private func leg(_ callID: String) -> String { #"{"call_id":"\#(callID)","duration_seconds":1}"# }

@Suite("Hostile inputs")
struct HostileInputTests {
  // MARK: NUL bytes and gzip

  @Test("a file of NUL bytes is one malformed record, not a crash")
  func nulBytes() {
    let (events, statistics) = readBoth([UInt8](repeating: 0, count: 100_000))
    #expect(statistics.accepted == 0 && statistics.rejected == 1)
    #expect(
      events.first?.rejection?.reason == .malformedJSON(JSONParseError(.unexpectedByte(0), at: 0)))
    #expect(events.first?.rejection?.description.contains("unexpected byte 0x0") == true)
  }

  @Test("NUL bytes past the record limit are skipped within the limit's memory")
  func nulBytesOverLimit() throws {
    let url = try temporaryFile("nul.bin", [UInt8](repeating: 0, count: 1 << 20))
    defer { removeFile(url) }
    let options = CDRReader.Options(maximumRecordBytes: 64 << 10, chunkSize: 4 << 10)
    let (events, statistics) = try readFile(url, options: options)
    #expect(events.map(\.rejection?.reason) == [.recordTooLarge(limit: 64 << 10)])
    #expect(statistics.bytesRead == 1 << 20)
    #expect(statistics.peakBufferedBytes <= (64 << 10) + 2 * (4 << 10))
  }

  @Test("a gzip file given as JSON is reported as gzip, not as garbage")
  func gzipFile() throws {
    let path = fixturePath("bad/bridged-pair.ndjson.gz")
    let reader = try CDRReader(contentsOfFile: path)
    let events = Array(reader)
    #expect(events.count == 1)
    guard case .notJSON(let detail)? = events.first?.rejection?.reason else {
      Issue.record("expected a not-JSON rejection, got \(events)")
      return
    }
    #expect(detail.contains("gzip"))
    #expect(events.first?.rejection?.description.contains("not JSON") == true)
    #expect(reader.statistics.read == 1 && reader.statistics.rejected == 1)
  }

  // MARK: Nesting and width

  @Test("10^6 nested arrays stop at the depth limit without exhausting the stack")
  func deepArrays() {
    let depth = 1_000_000
    let balanced =
      [UInt8](repeating: UInt8(ascii: "["), count: depth)
      + [UInt8](repeating: UInt8(ascii: "]"), count: depth)
    // The outer bracket is the container; its element is 999,999 deep.
    let (events, statistics) = readBoth(balanced)
    #expect(statistics.rejected == 1 && statistics.accepted == 0)
    #expect(
      events.first?.rejection?.reason
        == .malformedJSON(JSONParseError(.nestingTooDeep(limit: 512), at: 512)))
    #expect(events.first?.rejection?.location.pointer == "/0")
    // Unbalanced: only opening brackets.
    let (open, _) = readBoth([UInt8](repeating: UInt8(ascii: "["), count: depth))
    #expect(open.count == 1)
    #expect(
      open.first?.rejection?.reason
        == .malformedJSON(JSONParseError(.nestingTooDeep(limit: 512), at: 512)))
    // Inside a record on an NDJSON line, followed by a good line.
    let prefix = Array(#"{"call_id":"deep","x":"#.utf8)
    let line =
      prefix + balanced + Array("}\n".utf8)
      + Array((leg("next") + "\n").utf8)
    let (inRecord, _) = readBoth(line)
    #expect(inRecord.count == 2)
    #expect(
      inRecord.first?.rejection?.reason
        == .malformedJSON(JSONParseError(.nestingTooDeep(limit: 512), at: prefix.count + 511)))
    #expect(inRecord.last?.record?.callID == "next")
    // The strict parser too.
    #expect(throws: JSONParseError(.nestingTooDeep(limit: 512), at: 512)) {
      try JSONValue(parsing: balanced)
    }
  }

  /// Before `otherFields` had an in-place accessor, each member copied the dictionary
  /// built so far: 10^5 members took minutes. The time limit turns a regression into
  /// a failure instead of a hang.
  @Test(
    "a record with 5·10^4 members keeps every one of them on both paths", .timeLimit(.minutes(1)))
  func manyKeys() {
    let count = 50_000
    var text = #"{"call_id":"wide""#
    for index in 0..<count { text += #","k\#(index)":\#(index)"# }
    text += "}\n"
    let (events, _) = readBoth(Array(text.utf8))
    let record = events.first?.record
    #expect(record?.otherFields.count == count)
    #expect(record?.otherFields["k0"] == 0)
    #expect(record?.otherFields["k49999"] == 49_999)
  }

  // MARK: Duplicate keys

  @Test(
    "duplicate keys: the last one wins on both paths",
    arguments: [
      (#"{"call_id":"a","duration_seconds":1,"duration_seconds":2}"#, "a", 2, []),
      (#"{"call_id":"a","duration_seconds":"1","duration_seconds":2}"#, "a", 2, []),
      (
        #"{"call_id":"a","duration_seconds":2,"duration_seconds":"7"}"#, "a", 7,
        ["/duration_seconds"]
      ),
      (#"{"call_id":"a","call_id":"b"}"#, "b", nil, []),
      (#"{"call_id":5,"call_id":"b"}"#, "b", nil, []),
      (#"{"call_id":"a","call\u005fid":"b"}"#, "b", nil, []),
      (#"{"call_id":"a","duration_seconds":1,"duration\u005fseconds":3}"#, "a", 3, []),
    ] as [(String, String, Int?, [String])])
  func duplicateKeys(text: String, callID: String, duration: Int?, driftPaths: [String]) {
    let (events, _) = readBoth(Array((text + "\n").utf8))
    let record = events.first?.record
    #expect(record?.callID == callID)
    #expect(record?.durationSeconds == duration)
    #expect(record?.drifts.map(\.path) == driftPaths)
    // The record keeps only the winning value, and writes only that one back.
    let written = record.map { Array($0.jsonText.utf8) } ?? []
    let reparsed = try? JSONValue(parsing: written)
    #expect(reparsed?["call_id"] == .string(callID))
  }

  @Test("duplicate keys in unknown members and nested objects: the last one wins")
  func duplicateUnknownKeys() {
    let text =
      #"{"call_id":"a","extra":1,"extra":{"b":1,"b":2},"custom_channel_vars":{"Account-ID":"x","Account-ID":"y"}}"#
    let (events, _) = readBoth(Array((text + "\n").utf8))
    let record = events.first?.record
    #expect(record?.otherFields["extra"] == ["b": 2])
    #expect(record?.customChannelVars?.values["Account-ID"] == "y")
  }

  @Test("a duplicated call_id whose last value is not a string rejects the record")
  func duplicateCallIDLastNotString() {
    let (events, _) = readBoth(Array((#"{"call_id":"a","call_id":5}"# + "\n").utf8))
    #expect(events.first?.rejection?.reason == .notARecord(.callIDNotAString(found: "number")))
  }

  // MARK: Numbers in integer fields

  /// What an integer field holds and writes back for a hostile number.
  @Test(
    "hostile numbers in integer fields",
    arguments: [
      // literal, typed value, drift kind, written back
      ("1e400", nil, .unreadable(expected: "an integer"), "1e400"),
      ("-1e400", nil, .unreadable(expected: "an integer"), "-1e400"),
      ("-0", 0, nil, "0"),
      ("1.0", 1, .integerFromFraction, "1.0"),
      ("1e2", 100, .integerFromFraction, "1e2"),
      ("2.5", 3, .integerFromFraction, "2.5"),
      ("-2.5", -3, .integerFromFraction, "-2.5"),
      ("1e-400", 0, .integerFromFraction, "1e-400"),
      ("99999999999999999999", nil, .unreadable(expected: "an integer"), "99999999999999999999"),
      ("9223372036854775807", Int.max, nil, "9223372036854775807"),
      ("-9223372036854775808", Int.min, nil, "-9223372036854775808"),
      ("9223372036854775808", nil, .unreadable(expected: "an integer"), "9223372036854775808"),
      (#""1e400""#, nil, .unreadable(expected: "an integer"), #""1e400""#),
      (#""-0""#, 0, .integerFromString, #""-0""#),
    ] as [(String, Int?, CDRDrift.Kind?, String)])
  func hostileIntegers(literal: String, value: Int?, drift: CDRDrift.Kind?, written: String) throws
  {
    for key in ["duration_seconds", "billing_seconds", "timestamp", "pvt_vsn"] {
      let text = #"{"call_id":"n","\#(key)":\#(literal)}"#
      let (events, _) = readBoth(Array((text + "\n").utf8))
      let record = try #require(events.first?.record)
      let typed: Int? =
        switch key {
        case "duration_seconds": record.durationSeconds
        case "billing_seconds": record.billingSeconds
        case "timestamp": record.timestamp
        default: record.privateVersion
        }
      #expect(typed == value, "\(key)")
      #expect(record.drifts.map(\.kind) == (drift.map { [$0] } ?? []), "\(key)")
      #expect(record.jsonText == #"{"\#(key)":\#(written),"call_id":"n"}"#.sortedMembers, "\(key)")
    }
  }

  @Test("a changed value replaces the hostile original when written back")
  func changedHostileInteger() throws {
    var record = try CallDetailRecord(jsonText: #"{"call_id":"n","duration_seconds":1e400}"#)
    #expect(record.durationSeconds == nil)
    record.durationSeconds = 5
    #expect(record.jsonText == #"{"call_id":"n","duration_seconds":5}"#)
  }

  // MARK: BOM and line endings

  @Test("a UTF-8 byte order mark at the start is skipped for every shape")
  func byteOrderMark() {
    let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
    let ndjson = readBoth(bom + Array((leg("a") + "\n" + leg("b") + "\n").utf8))
    #expect(ndjson.events.compactMap(\.record?.callID) == ["a", "b"])
    let array = readBoth(bom + Array(("[" + leg("a") + "," + leg("b") + "]").utf8))
    #expect(array.events.compactMap(\.record?.callID) == ["a", "b"])
    let document = readBoth(bom + Array(("{\n  \"call_id\": \"a\"\n}\n").utf8))
    #expect(document.events.compactMap(\.record?.callID) == ["a"])
    #expect(readBoth(bom).events.isEmpty)
  }

  @Test("a byte order mark anywhere but the start is not JSON")
  func byteOrderMarkLater() {
    let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
    let (events, _) = readBoth(Array((leg("a") + "\n").utf8) + bom + Array((leg("b") + "\n").utf8))
    #expect(events.first?.record?.callID == "a")
    #expect(events.last?.rejection?.location.line == 2)
    #expect(
      events.last?.rejection?.reason
        == .malformedJSON(JSONParseError(.unexpectedByte(0xEF), at: 0)))
    // A doubled mark at the start: the first is skipped, the second is not JSON.
    let (doubled, _) = readBoth(bom + bom + Array((leg("a") + "\n").utf8))
    #expect(doubled.count == 1 && doubled.first?.rejection != nil)
  }

  @Test("CRLF line endings: NDJSON, arrays and pretty-printed documents")
  func crlf() {
    let ndjson = readBoth(
      Array((leg("a") + "\r\n\r\n" + leg("b") + "\r\nnot json\r\n" + leg("c") + "\r\n").utf8))
    #expect(ndjson.events.compactMap(\.record?.callID) == ["a", "b", "c"])
    let lines = ndjson.events.map { event -> Int in
      switch event {
      case .record(_, let location): location.line
      case .rejection(let rejection): rejection.location.line
      }
    }
    #expect(lines == [1, 3, 4, 5])
    let array = readBoth(Array(("[\r\n" + leg("a") + ",\r\n" + leg("b") + "\r\n]\r\n").utf8))
    #expect(array.events.compactMap(\.record?.callID) == ["a", "b"])
    let documents = readBoth(
      Array(("{\r\n \"call_id\": \"a\"\r\n}\r\n{\r\n \"call_id\": \"b\"\r\n}\r\n").utf8))
    #expect(documents.events.compactMap(\.record?.callID) == ["a", "b"])
  }

  // MARK: Garbage lines

  /// A garbage line that is never blank (blank lines are skipped, not rejected).
  private static func garbage(_ random: inout SeededGenerator) -> [UInt8] {
    switch Int.random(in: 0..<9, using: &random) {
    case 0: return Array(#"{"call_id":"cut","duration_seconds":"#.utf8)
    case 1: return Array(#"{"duration_seconds":3}"#.utf8)
    case 2: return Array("null".utf8)
    case 3: return [0x1F, 0x8B, 0x08, 0x00, 0x00]
    case 4: return [0x7B, 0x22, 0xC0, 0x80, 0x22, 0x3A, 0x31, 0x7D]  // {"<overlong>":1}
    case 5: return [UInt8](repeating: 0, count: 17)
    case 6: return Array(#"{"call_id":"a",}"#.utf8)
    case 7: return Array(String(repeating: "[", count: 600).utf8)
    default:
      // Random bytes, no newline, starting with a byte that is not JSON.
      return [UInt8(ascii: "@")]
        + (0..<Int.random(in: 1..<60, using: &random)).map { _ in
          var byte = UInt8.random(in: 0...255, using: &random)
          if byte == 0x0A { byte = 0x20 }
          return byte
        }
    }
  }

  @Test("1% garbage lines: each reported with its line, every good record read, counts add up")
  func garbageLines() throws {
    var random = SeededGenerator(seed: 0x6A7B_AA6E)
    let lineCount = 20_000
    var bytes: [UInt8] = []
    var goodIDs: [String] = []
    var badLines: [Int] = []
    for line in 1...lineCount {
      // Line 1 is always good: the reader detects the input's shape from it.
      if line > 1 && Int.random(in: 0..<100, using: &random) == 0 {
        badLines.append(line)
        bytes += Self.garbage(&random)
      } else {
        let id = "leg-\(line)"
        goodIDs.append(id)
        bytes += Array(leg(id).utf8)
      }
      bytes.append(0x0A)
    }
    #expect(badLines.count > 150 && badLines.count < 260)
    // The concurrent reader gives exactly what the sequential one gives.
    let sequential = CDRReader(bytes: bytes, sourceName: "garbage").readAll()
    #expect(
      CDRReader.readAllConcurrently(bytes: bytes, sourceName: "garbage", maximumConcurrency: 4)
        == sequential)
    #expect(sequential.rejections.map(\.location.line) == badLines)
    let url = try temporaryFile("garbage.ndjson", bytes)
    defer { removeFile(url) }
    for byteLevel in [true, false] {
      let options = CDRReader.Options(chunkSize: 1000, usesByteLevelDecoding: byteLevel)
      let (events, statistics) = try readFile(url, options: options)
      #expect(events.compactMap(\.record?.callID) == goodIDs)
      #expect(events.compactMap(\.rejection?.location.line) == badLines)
      #expect(statistics.read == lineCount)
      #expect(statistics.accepted == goodIDs.count && statistics.rejected == badLines.count)
    }
  }

  /// The reader detects NDJSON from the first line. A truncated first record used to make
  /// it read the input as pretty-printed documents, and the unfinished object then swallowed
  /// every later line into one rejection.
  @Test("a truncated first NDJSON line is one rejection; the lines after it are read")
  func truncatedFirstLine() {
    let text = #"{"call_id":"cut","x":"# + "\n\n" + leg("a") + "\n" + leg("b") + "\r\n" + leg("c")
    let (events, statistics) = readBoth(Array(text.utf8))
    #expect(events.compactMap(\.record?.callID) == ["a", "b", "c"])
    #expect(events.first?.rejection?.location.line == 1)
    #expect(statistics.read == 4 && statistics.rejected == 1)
    #expect(
      CDRReader.readAllConcurrently(bytes: Array(text.utf8), maximumConcurrency: 3)
        == CDRReader(bytes: Array(text.utf8)).readAll())
    // A pretty-printed document still reads as one document.
    let pretty = readBoth(Array("{\n  \"call_id\": \"p\",\n  \"x\": {\"y\": 1}\n}\n".utf8))
    #expect(pretty.events.compactMap(\.record?.callID) == ["p"])
    let prettyObjectLine = readBoth(
      Array("{\"call_id\": \"q\", \"x\":\n  {\"y\": 1},\n  \"z\": 2}\n".utf8))
    #expect(prettyObjectLine.events.compactMap(\.record?.callID) == ["q"])
  }

  // MARK: Memory

  /// The most a reader holds: the record limit plus two chunks (one being read, one not
  /// yet compacted away).
  @Test(
    "an oversized record is skipped in bounded memory and the next one is read",
    arguments: ["ndjson", "array", "documents"])
  func oversizedRecord(shape: String) throws {
    let limit = 64 << 10
    let chunk = 4 << 10
    let big = #"{"call_id":"big","x":""# + String(repeating: "a", count: 1 << 20) + #""}"#
    let text: String
    switch shape {
    case "ndjson": text = leg("a") + "\n" + big + "\n" + leg("b") + "\n"
    case "array": text = "[" + leg("a") + ",\n" + big + ",\n" + leg("b") + "]"
    default: text = "{\n\"call_id\":\"a\"}\n" + big + "\n" + leg("b") + "\n"
    }
    let url = try temporaryFile("big.json", Array(text.utf8))
    defer { removeFile(url) }
    let (events, statistics) = try readFile(
      url, options: CDRReader.Options(maximumRecordBytes: limit, chunkSize: chunk))
    #expect(events.compactMap(\.record?.callID) == ["a", "b"])
    #expect(events.compactMap(\.rejection?.reason) == [.recordTooLarge(limit: limit)])
    #expect(statistics.peakBufferedBytes <= limit + 2 * chunk)
    #expect(statistics.bytesRead == text.utf8.count)
  }
}

extension String {
  /// The JSON object text with its members written in the library's sorted order, for
  /// comparing with ``CallDetailRecord/jsonText``; `self` when it is not an object.
  fileprivate var sortedMembers: String {
    (try? JSONValue(parsing: self))?.jsonText ?? self
  }
}
