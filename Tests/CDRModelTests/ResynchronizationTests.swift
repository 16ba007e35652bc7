import CDRTestSupport
import Foundation
import Testing

@testable import CDRModel

/// A leg's JSON object with enough nesting to break in every way: an inner object and an
/// inner array.
private func legObject(_ number: Int) -> [String: Any] {
  [
    "call_id": "leg-\(number)",
    "timestamp": 63_746_438_400 + number,
    "duration_seconds": number % 300,
    "custom_channel_vars": ["account_id": "acc-\(number % 5)", "bridge_id": "b-\(number / 2)"],
    "hangup_cause": "NORMAL_CLEARING",
    "tags": ["x", number],
  ]
}

/// `jq`-style text: an indented array or indented documents one after another, and a
/// compact array.
enum Layout: CaseIterable, Sendable {
  case prettyArray, prettyDocuments, compactArray

  func text(_ objects: [[String: Any]]) throws -> String {
    switch self {
    case .prettyArray:
      return String(
        decoding: try JSONSerialization.data(
          withJSONObject: objects, options: [.prettyPrinted, .sortedKeys]), as: UTF8.self)
    case .prettyDocuments:
      return try objects.map {
        String(
          decoding: try JSONSerialization.data(
            withJSONObject: $0, options: [.prettyPrinted, .sortedKeys]), as: UTF8.self)
      }.joined(separator: "\n")
    case .compactArray:
      return String(
        decoding: try JSONSerialization.data(withJSONObject: objects, options: [.sortedKeys]),
        as: UTF8.self)
    }
  }
}

private func read(_ text: String, chunkSize: Int = 64 << 10) -> CDRReadResult {
  CDRReader(bytes: Array(text.utf8), sourceName: "t", options: .init(chunkSize: chunkSize))
    .readAll()
}

/// Where each record's text starts and ends in `text` (the byte offsets of its `{` and
/// after its `}`), found by the call ids, which are unique.
private func recordRanges(in text: [UInt8], count: Int) -> [Range<Int>] {
  var ranges: [Range<Int>] = []
  var depth = 0
  var inString = false
  var escaped = false
  var open = 0
  for (index, byte) in text.enumerated() {
    if inString {
      if escaped {
        escaped = false
      } else if byte == 0x5C {
        escaped = true
      } else if byte == 0x22 {
        inString = false
      }
      continue
    }
    switch byte {
    case 0x22: inString = true
    case UInt8(ascii: "["): if depth > 0 { depth += 1 }  // the outer array is not counted
    case UInt8(ascii: "{"):
      if depth == 0 { open = index }
      depth += 1
    case UInt8(ascii: "}"), UInt8(ascii: "]"):
      if depth == 0 { continue }
      depth -= 1
      if depth == 0 && byte == UInt8(ascii: "}") { ranges.append(open..<(index + 1)) }
    default: break
    }
  }
  precondition(ranges.count == count)
  return ranges
}

@Suite("Resynchronizing after a broken record")
struct ResynchronizationTests {
  /// Issue "No silent loss", case 4: a jq-style pretty array of 3,000 records with one
  /// brace removed, and 100 pretty documents with one left unclosed.
  @Test("one missing brace costs one record, in a pretty array and in pretty documents")
  func missingBrace() throws {
    for (layout, count, broken) in [(Layout.prettyArray, 3000, 100), (.prettyDocuments, 100, 10)] {
      let objects = (0..<count).map(legObject)
      let text = try layout.text(objects)
      var bytes = Array(text.utf8)
      let ranges = recordRanges(in: bytes, count: count)
      // The closing brace of the broken record itself.
      bytes.remove(at: ranges[broken].upperBound - 1)
      let result = read(String(decoding: bytes, as: UTF8.self))
      #expect(result.statistics.read == result.statistics.accepted + result.statistics.rejected)
      #expect(result.records.count == count - 1, "\(layout)")
      #expect(result.rejections.count == 1, "\(layout)")
      #expect(!result.records.contains { $0.callID == "leg-\(broken)" })
      guard
        case .malformedRecord(_, let recordLine, let resumedAt?)? = result.rejections.first?.reason
      else {
        Issue.record("not a resynchronization: \(result.rejections)")
        continue
      }
      // Lines are hand-checkable: the record's first line and the next record's first line.
      let lineOf = { (offset: Int) in bytes[..<offset].reduce(1) { $1 == 0x0A ? $0 + 1 : $0 } }
      #expect(recordLine == lineOf(ranges[broken].lowerBound))
      #expect(resumedAt == lineOf(ranges[broken + 1].lowerBound - 1))
      // Every accepted record equals its input, compared with an independent parse.
      for record in result.records {
        let number = Int(record.callID.dropFirst(4))!
        let original = try JSONValue(
          parsing: Array(try JSONSerialization.data(withJSONObject: objects[number])))
        #expect(record.json == original)
      }
    }
  }

  /// The property the fuzz target checks, on seeded random corruptions: one byte of
  /// structure (a brace, bracket, quote, comma or colon) removed from one record costs at
  /// most that record and the one it runs into; no record is accepted twice; the counts
  /// add up; reading in small chunks gives the same events as reading from memory.
  @Test("a random structural byte removed costs at most two records", arguments: Layout.allCases)
  func randomCorruptions(_ layout: Layout) throws {
    var random = SeededGenerator(seed: 0x5EED_0015)
    let count = 40
    let objects = (0..<count).map(legObject)
    let pristine = Array(try layout.text(objects).utf8)
    let ranges = recordRanges(in: pristine, count: count)
    let structural: Set<UInt8> = Set("{}[]\",:".utf8)
    for _ in 0..<150 {
      let victim = Int.random(in: 0..<count, using: &random)
      let candidates = ranges[victim].filter { structural.contains(pristine[$0]) }
      let position = candidates.randomElement(using: &random)!
      var bytes = pristine
      bytes.remove(at: position)
      let text = String(decoding: bytes, as: UTF8.self)
      let result = read(text)
      let ids = result.records.map(\.callID)
      #expect(Set(ids).count == ids.count, "accepted twice after removing byte \(position)")
      #expect(result.statistics.read == result.statistics.accepted + result.statistics.rejected)
      let lost = (0..<count).filter { !ids.contains("leg-\($0)") }
      #expect(
        lost.allSatisfy { $0 == victim || $0 == victim + 1 },
        "\(layout): removing byte \(position) of leg-\(victim) lost \(lost)")
      for record in result.records where record.callID != "leg-\(victim)" {
        let number = Int(record.callID.dropFirst(4))!
        let original = try JSONValue(
          parsing: Array(try JSONSerialization.data(withJSONObject: objects[number])))
        #expect(record.json == original)
      }
      let chunked = read(text, chunkSize: 7)
      #expect(chunked.records == result.records)
      #expect(chunked.rejections == result.rejections)
    }
  }

  /// Found by the `resync` fuzz target: pretty documents whose very first `{` is missing
  /// start with a key. They are read as documents (the broken one's lines rejected), not as
  /// NDJSON, which would have lost every document after it.
  @Test("pretty documents whose first brace is missing lose only the first")
  func missingFirstBrace() throws {
    let text = try Layout.prettyDocuments.text((0..<5).map(legObject))
    let result = read(String(text.dropFirst()))
    #expect(result.records.map(\.callID) == ["leg-1", "leg-2", "leg-3", "leg-4"])
    #expect(result.statistics.read == result.statistics.accepted + result.statistics.rejected)
    #expect(!result.rejections.isEmpty)
  }

  /// Issue "No silent loss", case 2: one bad row in an envelope costs only that row.
  @Test("an envelope loses only its bad rows")
  func envelopeRows() {
    let result = read(#"{"data":[{"call_id":"a"},{"call_id":"bad\q"},{"call_id":"b"}]}"#)
    #expect(result.format == .apiEnvelope)
    #expect(result.records.map(\.callID) == ["a", "b"])
    #expect(result.rejections.map(\.location.pointer) == ["/data/1"])
    #expect(
      result.rejections.first?.reason == .malformedJSON(JSONParseError(.invalidEscape, at: 15)))
    // Members after the rows, a second envelope after the first, a CDR after that; a
    // document whose call_id comes before a data member is a CDR, not an envelope.
    let text = """
      {"page_size":2,"data":[{"call_id":"c"},{"call_id":"d"}],"next_start_key":"k","status":"success"}
      {"data":[{"call_id":"e"}],"page_size":1}
      {"call_id":"f","data":[1,2]}
      """
    let many = read(text)
    #expect(many.records.map(\.callID) == ["c", "d", "e", "f"])
    #expect(many.locations.map(\.pointer) == ["/data/0", "/data/1", "/data/0", ""])
    #expect(many.locations.map(\.line) == [1, 1, 2, 3])
    #expect(many.rejections.isEmpty)
    #expect(many.records.last?.otherFields["data"] == [1, 2])
    // A broken member after the rows is reported; the rows are kept.
    let broken = read(#"{"data":[{"call_id":"g"}],"page_size" 1}"#)
    #expect(broken.records.map(\.callID) == ["g"])
    #expect(broken.rejections.count == 1)
  }

  /// Issue "No silent loss", case 3: an envelope far larger than the record limit streams
  /// like an array; the limit applies to each row. The rows are padded so the envelope is
  /// larger than the limit many times over while the test stays fast.
  @Test("an envelope larger than the record limit streams row by row")
  func largeEnvelope() throws {
    let padding = String(repeating: "p", count: 900)
    var text = #"{"page_size":6000,"data":["#
    for number in 0..<6_000 {
      if number > 0 { text += "," }
      text += #"{"call_id":"r\#(number)","custom_channel_vars":{"note":"\#(padding)"}}"#
    }
    text += #"],"status":"success"}"#
    let options = CDRReader.Options(maximumRecordBytes: 256 << 10)
    #expect(text.utf8.count > 20 * options.maximumRecordBytes)
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("cdrkit-large-envelope-\(UUID().uuidString).json")
    try Data(text.utf8).write(to: url)
    defer { try? FileManager.default.removeItem(at: url) }
    let result = try CDRReader(contentsOfFile: url.path, options: options).readAll()
    #expect(result.format == .apiEnvelope)
    #expect(result.statistics.accepted == 6_000)
    #expect(result.rejections.isEmpty)
    #expect(result.statistics.peakBufferedBytes < options.maximumRecordBytes)
    #expect(result.records.last?.callID == "r5999")
  }

  /// One NDJSON line is one record: a line holding an array, an envelope or two objects is
  /// that line's one rejection, so `read` is the number of non-blank lines.
  @Test("one NDJSON line is one record, on every line")
  func oneRecordPerLine() {
    let lines = [
      #"{"call_id":"a"}"#, #"{"call_id":"b"}{"call_id":"c"}"#,
      #"[{"call_id":"d"},{"call_id":"e"}]"#,
      #"{"data":[{"call_id":"f"}]}"#, "", #"{"call_id":"g"}"#,
    ]
    let result = read(lines.joined(separator: "\n"))
    #expect(result.format == .ndjson)
    #expect(result.records.map(\.callID) == ["a", "g"])
    #expect(result.statistics.read == lines.filter { !$0.isEmpty }.count)
    #expect(
      result.rejections.map(\.reason) == [
        .malformedJSON(JSONParseError(.trailingContent, at: 15)),
        .notOneRecordPerLine("a JSON array"), .notOneRecordPerLine("a KAZOO API envelope"),
      ])
    // The same rule when the first line is the odd one.
    let first = read(
      [#"{"call_id":"a"}{"call_id":"b"}"#, #"{"call_id":"c"}"#].joined(separator: "\n"))
    #expect(first.format == .ndjson)
    #expect(first.records.map(\.callID) == ["c"])
    #expect(first.statistics.read == 2)
    // A lone line with two objects and no line after it is two concatenated documents.
    #expect(read(#"{"call_id":"a"}{"call_id":"b"}"#).records.map(\.callID) == ["a", "b"])
  }
}
