import CDRTestSupport
import Foundation
import Testing

@testable import CDRModel

@Suite("CDRReader: shapes, rejections, counts, streaming")
struct CDRReaderTests {
  @Test("the four input shapes give the same records")
  func fourShapes() throws {
    let documents = [
      #"{"call_id":"a","duration_seconds":1}"#, #"{"call_id":"b","duration_seconds":2}"#,
    ]
    let ndjson = documents.joined(separator: "\n") + "\n"
    let array = "[\n  " + documents.joined(separator: ",\n  ") + "\n]\n"
    let envelope =
      #"{"data": ["# + documents.joined(separator: ",")
      + #"], "next_start_key": "k", "page_size": 2}"#
    let single = "{\n  \"call_id\": \"a\",\n  \"duration_seconds\": 1\n}\n"

    let expected = try documents.map { try CallDetailRecord(jsonText: $0) }
    let fromNDJSON = readAll(ndjson)
    #expect(fromNDJSON.format == .ndjson)
    #expect(fromNDJSON.records == expected)
    let fromArray = readAll(array)
    #expect(fromArray.format == .jsonArray)
    #expect(fromArray.records == expected)
    #expect(fromArray.locations.map(\.pointer) == ["/0", "/1"])
    #expect(fromArray.locations.map(\.line) == [2, 3])
    let fromEnvelope = readAll(envelope)
    #expect(fromEnvelope.format == .apiEnvelope)
    #expect(fromEnvelope.records == expected)
    #expect(fromEnvelope.locations.map(\.pointer) == ["/data/0", "/data/1"])
    let fromSingle = readAll(single)
    #expect(fromSingle.format == .singleDocument)
    #expect(fromSingle.records == [expected[0]])
    #expect(readAll("  \n").format == .empty)
    #expect(readAll("").statistics.read == 0)
  }

  @Test("the bad NDJSON fixture: every rejection with its line and index, good records kept")
  func mixedBadFixture() throws {
    let reader = try CDRReader(contentsOfFile: fixturePath("bad/mixed-bad.ndjson"))
    let result = reader.readAll()
    #expect(result.records.map(\.callID) == ["good-1", "good-2", "good-4"])
    #expect(result.locations.map(\.line) == [1, 2, 9])
    let summary = result.rejections.map {
      "\($0.location.line):\($0.location.index):\($0.location.pointer)"
    }
    // One line is one record: the array on line 6 is that line's one rejection.
    #expect(summary == ["4:2:", "5:3:", "6:4:", "7:5:", "8:6:", "10:8:"])
    #expect(
      result.rejections[0].reason
        == .malformedJSON(JSONParseError(.unexpectedByte(UInt8(ascii: "h")), at: 1)))
    #expect(result.rejections[1].reason == .notARecord(.missingCallID))
    #expect(result.rejections[2].reason == .notOneRecordPerLine("a JSON array"))
    #expect(result.rejections[3].reason == .notARecord(.callIDNotAString(found: "number")))
    #expect(result.rejections[4].reason == .malformedJSON(JSONParseError(.invalidNumber, at: 38)))
    #expect(result.statistics.read == 9)
    #expect(result.statistics.read == result.statistics.accepted + result.statistics.rejected)
    #expect(result.statistics.acceptedWithDrifts == 1)
    #expect(
      result.rejections[1].description
        == fixturePath("bad/mixed-bad.ndjson") + ":5: record 3: missing required \"call_id\"")
  }

  @Test("a broken JSON array: bad elements rejected, the elements around them kept")
  func brokenArray() throws {
    let result = try CDRReader(contentsOfFile: fixturePath("bad/broken-array.json")).readAll()
    #expect(result.records.map(\.callID) == ["arr-1", "arr-3", "arr-5"])
    #expect(result.rejections.map(\.location.pointer) == ["/1", "/2", "/4"])
    #expect(result.rejections.map(\.location.line) == [3, 4, 6])
    #expect(
      result.rejections[2].reason == .malformedContainer("missing ',' between array elements"))
    #expect(result.statistics.read == 6)
  }

  @Test(
    "container problems are reported and counted",
    arguments: [
      (#"[{"call_id":"a"},]"#, ["a"], "trailing comma before ']'"),
      (#"[{"call_id":"a"},,{"call_id":"b"}]"#, ["a", "b"], "empty array element"),
      (#"[{"call_id":"a"}"#, ["a"], "unterminated array: missing ']'"),
    ])
  func containerProblems(text: String, accepted: [String], problem: String) {
    let result = readAll(text)
    #expect(result.records.map(\.callID) == accepted)
    #expect(result.rejections.map(\.reason) == [.malformedContainer(problem)])
  }

  @Test("a truncated array element is one rejection")
  func truncatedElement() {
    let result = readAll("[{\"call_id\":\"a\"},\n{\"call_id\":\"b\",")
    #expect(result.records.map(\.callID) == ["a"])
    #expect(result.rejections.count == 1)
    #expect(result.rejections.first?.location.line == 2)
  }

  @Test("gzip input is reported as not JSON")
  func gzip() {
    let reader = CDRReader(bytes: [0x1F, 0x8B, 0x08, 0x00, 0x00], sourceName: "x.gz")
    let result = reader.readAll()
    #expect(result.statistics.rejected == 1)
    #expect(result.rejections.first?.description.contains("gzip-compressed") == true)
  }

  @Test("an oversized line is skipped without being held, and reading goes on")
  func oversizedLine() {
    let big = #"{"call_id":"big","pad":""# + String(repeating: "x", count: 5000) + "\"}"
    let text = #"{"call_id":"a"}"# + "\n" + big + "\n" + #"{"call_id":"b"}"# + "\n"
    let reader = CDRReader(
      bytes: Array(text.utf8), sourceName: "t", options: .init(maximumRecordBytes: 1000))
    let result = reader.readAll()
    #expect(result.records.map(\.callID) == ["a", "b"])
    #expect(result.rejections.map(\.reason) == [.recordTooLarge(limit: 1000)])
    #expect(result.rejections.first?.location.line == 2)
  }

  @Test("the legacy grouped API response's two rows are found, and rejected as listing rows")
  func groupedResponse() throws {
    let result = try CDRReader(
      contentsOfFile: fixturePath("realdata/kazoo-docs-2015-cdrs-grouped-response.txt")
    ).readAll()
    #expect(result.format == .apiEnvelope)
    #expect(result.records.isEmpty)
    #expect(
      result.rejections.map(\.reason) == Array(repeating: .notARecord(.kazooListingRow), count: 2))
    #expect(
      result.rejections.map(\.location.pointer) == [
        "/data/0/69767aeb-9c69-45d3-bf3f-792b7175a12c/0",
        "/data/0/69767aeb-9c69-45d3-bf3f-792b7175a12c/1",
      ])
  }

  @Test("the invalid 2015 list response is rejected at its first error, line 6")
  func invalidListResponse() throws {
    let result = try CDRReader(
      contentsOfFile: fixturePath("realdata/kazoo-docs-2015-cdrs-list-response.txt")
    ).readAll()
    #expect(result.records.isEmpty)
    #expect(result.format == .apiEnvelope)
    #expect(result.rejections.map(\.location.line) == [6])
    #expect(result.rejections.map(\.location.pointer) == ["/data/0"])
    // The row's string runs into the line break after `{CALL_ID},`; no other row starts
    // after it, so the rest of the envelope is skipped.
    #expect(
      result.rejections.first?.reason
        == .malformedRecord(
          JSONParseError(.controlCharacterInString, at: 159), recordLine: 3, resumedAtLine: nil))
  }

  /// Every JSON fixture: each accepted record writes back exactly the JSON it was read
  /// from (compared with an independent parse of the whole file).
  @Test(
    "every shipped fixture round-trips losslessly",
    arguments: [
      "calls/bridged-pair.ndjson", "calls/ring-group-fork.ndjson", "calls/attended-transfer.ndjson",
      "calls/loopback.ndjson", "calls/fax.ndjson", "calls/voicemail.ndjson",
      "calls/unanswered.ndjson",
      "calls/other-leg-missing.ndjson", "calls/legacy-string-typed.ndjson",
      "calls/export-array.json",
      "calls/api-envelope.json", "realdata/kazoo-cdr-app-fixture.json",
    ])
  func roundTrip(fixture: String) throws {
    let path = fixturePath(fixture)
    let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    let result = CDRReader(bytes: bytes, sourceName: fixture).readAll()
    #expect(result.rejections.isEmpty)
    #expect(!result.records.isEmpty)
    let documents: [JSONValue]
    if fixture.hasSuffix(".ndjson") {
      documents = try bytes.split(separator: 0x0A).map { try JSONValue(parsing: Array($0)) }
    } else {
      documents = [try JSONValue(parsing: bytes)]
    }
    for (record, location) in zip(result.records, result.locations) {
      let document = fixture.hasSuffix(".ndjson") ? documents[location.line - 1] : documents[0]
      let original = try #require(resolve(location.pointer, in: document))
      #expect(record.json == original, "\(fixture) \(location.pointer)")
      // And through text: write, parse, read again.
      #expect(try CallDetailRecord(jsonText: record.jsonText) == record)
    }
  }

  /// Webhook payloads are reshaped when events are read (see EventShapeTests); with
  /// `readsEvents` off they round-trip losslessly like every other document.
  @Test(
    "webhook payloads round-trip losslessly with readsEvents off",
    arguments: [
      "realdata/kazoo-webhooks-channel_destroy-sample.json",
      "realdata/reperio-kazoo-webhook-zoho-inbound-channel_destroy.json",
      "realdata/reperio-kazoo-webhook-zoho-outbound-channel_destroy.json",
    ])
  func webhookRoundTrip(fixture: String) throws {
    let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: fixturePath(fixture))))
    let result = CDRReader(
      bytes: bytes, sourceName: fixture, options: CDRReader.Options(readsEvents: false)
    ).readAll()
    #expect(result.rejections.isEmpty)
    let document = try JSONValue(parsing: bytes)
    for (record, location) in zip(result.records, result.locations) {
      #expect(record.json == resolve(location.pointer, in: document))
    }
  }

  @Test("the FreeSWITCH JSON CDR (no KAZOO shape) is rejected, not crashed on")
  func rawEvents() throws {
    for fixture in [
      "realdata/cgrates-fscdr-test-freeswitch-json-cdr-aleg.json"
    ] {
      let result = try CDRReader(contentsOfFile: fixturePath(fixture)).readAll()
      #expect(result.rejections.map(\.reason) == [.notARecord(.missingCallID)], "\(fixture)")
    }
  }

  @Test("cannot open a missing file")
  func missingFile() {
    #expect(
      throws: CDRReaderError.cannotOpen(
        path: "/nonexistent/x.ndjson", reason: "No such file or directory")
    ) {
      try CDRReader(contentsOfFile: "/nonexistent/x.ndjson")
    }
  }

  /// 100k generated records through a pipe-like file: the reader's buffer stays bounded by
  /// a chunk plus the longest line, whatever the input size.
  @Test("NDJSON of 100k records is read with a bounded buffer")
  func boundedMemory() throws {
    var random = SeededGenerator(seed: 7)
    let path =
      NSTemporaryDirectory()
      + "cdrkit-bounded-\(UInt32.random(in: 0...UInt32.max, using: &random)).ndjson"
    var text = ""
    text.reserveCapacity(12_000_000)
    var longest = 0
    for index in 0..<100_000 {
      let pad = String(repeating: "p", count: Int.random(in: 0...60, using: &random))
      let line = #"{"call_id":"leg-\#(index)","duration_seconds":\#(index % 600),"note":"\#(pad)"}"#
      longest = max(longest, line.utf8.count)
      text += line
      text += "\n"
    }
    try text.write(toFile: path, atomically: false, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let chunk = 16 * 1024
    let reader = try CDRReader(contentsOfFile: path, options: .init(chunkSize: chunk))
    var count = 0
    while let event = reader.next() {
      if event.record != nil { count += 1 }
    }
    #expect(count == 100_000)
    #expect(reader.statistics.bytesRead == text.utf8.count)
    #expect(reader.statistics.peakBufferedBytes <= 2 * chunk + longest)
    #expect(text.utf8.count > 50 * reader.statistics.peakBufferedBytes)
  }
}
