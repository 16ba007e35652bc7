import CDRTestSupport
import Foundation
import Testing

@testable import CDRModel

/// `CDRReader.copyRecords` writes what reading every record and writing it back writes (the
/// reference: `CDRReader.readAll()`, then `json.write(to:)` per record), with the same
/// rejections and counts, whether a line is copied or decoded.
@Suite struct RecordCopyingTests {
  /// What the reference path gives for `bytes`.
  static func reference(_ bytes: [UInt8], options: CDRReader.Options = CDRReader.Options())
    -> (output: [UInt8], rejections: [CDRRejection], statistics: CDRReadStatistics)
  {
    let result = CDRReader(bytes: bytes, sourceName: "in", options: options).readAll()
    var output: [UInt8] = []
    for record in result.records {
      record.json.write(to: &output)
      output.append(0x0A)
    }
    return (output, result.rejections, result.statistics)
  }

  /// What the copying path gives for `bytes`.
  static func copied(
    _ bytes: [UInt8], options: CDRReader.Options = CDRReader.Options(), windowBytes: Int,
    concurrency: Int = 3
  ) -> (output: [UInt8], rejections: [CDRRejection], statistics: CDRReadStatistics) {
    var output: [UInt8] = []
    var rejections: [CDRRejection] = []
    let statistics = CDRReader.copyRecords(
      bytes: bytes, sourceName: "in", options: options, windowBytes: windowBytes,
      maximumConcurrency: concurrency, rejected: { rejections.append($0) },
      write: { block in
        output.append(contentsOf: block)
        return true
      })
    return (output, rejections, statistics)
  }

  static func expectSame(
    _ bytes: [UInt8], options: CDRReader.Options = CDRReader.Options(), windowBytes: Int,
    _ comment: Comment? = nil
  ) {
    let expected = reference(bytes, options: options)
    let actual = copied(bytes, options: options, windowBytes: windowBytes)
    #expect(actual.output == expected.output, comment)
    #expect(actual.rejections == expected.rejections, comment)
    #expect(actual.statistics.read == expected.statistics.read, comment)
    #expect(actual.statistics.accepted == expected.statistics.accepted, comment)
    #expect(actual.statistics.rejected == expected.statistics.rejected, comment)
    #expect(
      actual.statistics.acceptedWithDrifts == expected.statistics.acceptedWithDrifts, comment)
  }

  /// The hard cases' records as the writer writes them: canonical lines of every kind.
  static let canonicalLines: [[UInt8]] = {
    let result = CDRReader(bytes: HardLegs.ndjson(seed: 11, calls: 150)).readAll()
    return result.records.map { record in
      var line: [UInt8] = []
      record.json.write(to: &line)
      return line
    }
  }()

  static func isCanonical(_ line: [UInt8], depth: Int = JSONParser.defaultMaximumDepth) -> Bool {
    line.withUnsafeBufferPointer {
      _CanonicalRecordCheck.isCanonicalRecord($0, maximumDepth: depth)
    }
  }

  @Test func writtenRecordsAreRecognizedWhenTheirMembersArePlain() {
    var recognized = 0
    for line in Self.canonicalLines {
      let record = try? CallDetailRecord(jsonBytes: line)
      guard let record else {
        Issue.record("a written record does not read back")
        continue
      }
      // A record that carries no drift and is not a listing-row candidate is copied.
      if record.drifts.isEmpty, record.callDirection != nil || record.customChannelVars != nil,
        !record.callID.isEmpty, record.otherField("hook_event") == nil
      {
        #expect(Self.isCanonical(line), "\(String(decoding: line, as: UTF8.self))")
      }
      if Self.isCanonical(line) { recognized += 1 }
    }
    #expect(recognized > Self.canonicalLines.count / 3)
  }

  @Test func handWrittenVerdicts() {
    let yes = [
      #"{"call_direction":"inbound","call_id":"a"}"#,
      #"{"call_id":"a","custom_channel_vars":{}}"#,
      #"{"a":[1,-2.5e3,{"b":null}],"call_id":"x","custom_channel_vars":{"k":"v"}}"#,
      #"{"call_direction":"outbound","call_id":"\"q\" \\ \n\t\u001f é 😀"}"#,
      #"{"billing_seconds":-7,"call_direction":"inbound","call_id":"a","is_conference":false}"#,
      #"{"call_direction":"inbound","call_id":"a","media_recordings":["r1","r2"]}"#,
      #"{"call_direction":"inbound","call_id":"a","channel_loopback_leg":"C"}"#,
    ]
    let no = [
      #"{"call_id":"a"}"#,  // no call_direction or custom_channel_vars: a listing-row candidate
      #"{"call_id":"a", "call_direction":"inbound"}"#,  // whitespace
      #"{"call_id":"a","call_direction":"inbound"}"#,  // keys out of order
      #"{"call_direction":"inbound","call_id":""}"#,  // empty call id
      #"{"call_direction":"inbound","call_id":"a\/b"}"#,  // an escape the writer does not use
      #"{"call_direction":"inbound","call_id":"\u0041"}"#,
      #"{"call_direction":"inbound","call_id":"\u001F"}"#,
      #"{"call_direction":"inbound","call_id":"\u000a"}"#,
      #"{"billing_seconds":1.0,"call_direction":"inbound","call_id":"a"}"#,
      #"{"billing_seconds":-0,"call_direction":"inbound","call_id":"a"}"#,
      #"{"billing_seconds":"1","call_direction":"inbound","call_id":"a"}"#,
      #"{"billing_seconds":null,"call_direction":"inbound","call_id":"a"}"#,
      #"{"call_direction":"sideways","call_id":"a"}"#,
      #"{"call_direction":"inbound","call_id":"a","is_conference":"true"}"#,
      #"{"call_direction":"inbound","call_id":"a","hook_event":"channel_destroy"}"#,
      #"{"call_direction":"inbound","call_id":"a","x":{"b":1,"a":2}}"#,
      #"{"call_direction":"inbound","call_id":"a","x":{"a":1,"a":2}}"#,
      #"{"call_direction":"inbound","call_id":"a","call_id":"b"}"#,
      #"{"call_direction":"inbound","call_id":"a"} "#,
      #"{"call_direction":"inbound","call_id":"a","media_recordings":"r1"}"#,
      #"{"call_direction":"inbound","call_id":5}"#,
    ]
    for text in yes { #expect(Self.isCanonical(Array(text.utf8)), "\(text)") }
    for text in no { #expect(!Self.isCanonical(Array(text.utf8)), "\(text)") }
    // Bytes that are not UTF-8 (a lone continuation, an overlong form, a surrogate).
    for bad: [UInt8] in [[0x80], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF5, 0x80, 0x80, 0x80]] {
      let line = Array(#"{"call_direction":"inbound","call_id":""#.utf8) + bad + Array(#""}"#.utf8)
      #expect(!Self.isCanonical(line))
    }
    // The depth limit: the record is level 1.
    let nested = Array(#"{"a":{"b":{}},"call_direction":"inbound","call_id":"a"}"#.utf8)
    #expect(Self.isCanonical(nested, depth: 3))
    #expect(!Self.isCanonical(nested, depth: 2))
  }

  /// Every verdict the check gives is right: when it says a line is canonical, reading and
  /// writing that line gives the line back. Checked on seeded mutations of canonical lines.
  @Test func aCanonicalVerdictMeansTheWriterGivesTheLineBack() {
    var random = SeededGenerator(seed: 2024)
    var copied = 0
    for line in Self.canonicalLines {
      for _ in 0..<12 {
        let mutated = Self.mutate(line, using: &random)
        guard Self.isCanonical(mutated) else { continue }
        copied += 1
        let record = try? CallDetailRecord(jsonBytes: mutated)
        var written: [UInt8] = []
        record?.json.write(to: &written)
        #expect(written == mutated, "\(String(decoding: mutated, as: UTF8.self))")
        #expect(record?.drifts.isEmpty == true)
        #expect(record?.isKazooListingRow == false)
      }
    }
    #expect(copied > 100)
  }

  /// The copying path agrees with the reference on whole inputs: mutated lines among
  /// canonical ones, blank and CRLF lines, windows smaller than a line and larger than the
  /// input, the size and depth limits.
  @Test(arguments: [1, 3, 7])
  func copyingAgreesWithTheReference(seed: UInt64) {
    var random = SeededGenerator(seed: seed)
    var text: [UInt8] = []
    for line in Self.canonicalLines {
      switch random.below(10) {
      case 0, 1, 2: text += Self.mutate(line, using: &random)
      case 3: text += Array(" ".utf8) + line
      default: text += line
      }
      switch random.below(12) {
      case 0: text += [0x0D, 0x0A]
      case 1: text += [0x0A, 0x0A]
      default: text.append(0x0A)
      }
    }
    for window in [4096, 65536, 16 << 20] {
      Self.expectSame(text, windowBytes: window, "window \(window)")
    }
    var limited = CDRReader.Options()
    limited.maximumRecordBytes = 300
    limited.maximumDepth = 2
    Self.expectSame(text, options: limited, windowBytes: 8192, "limits")
    // Rendering every record (no copying) gives the same lines too.
    var rendered: [UInt8] = []
    var renderedRejections: [CDRRejection] = []
    let statistics = CDRReader.renderRecords(
      bytes: text, sourceName: "in", windowBytes: 8192, maximumConcurrency: 3,
      rejected: { renderedRejections.append($0) },
      render: { record, output in
        record.json.write(to: &output)
        output.append(0x0A)
      },
      write: {
        rendered += $0
        return true
      })
    let expected = Self.reference(text)
    #expect(rendered == expected.output)
    #expect(renderedRejections == expected.rejections)
    #expect(statistics.accepted == expected.statistics.accepted)
    var eager = CDRReader.Options()
    eager.usesByteLevelDecoding = false
    Self.expectSame(text, options: eager, windowBytes: 65536, "general path")
  }

  @Test func copyingAgreesOnTheFixtures() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")
    let files = try #require(FileManager.default.enumerator(atPath: root.path))
      .compactMap { $0 as? String }
      .filter { $0.hasSuffix(".json") || $0.hasSuffix(".ndjson") || $0.hasSuffix(".txt") }
    #expect(files.count >= 15)
    for file in files {
      let bytes = try [UInt8](Data(contentsOf: root.appendingPathComponent(file)))
      Self.expectSame(bytes, windowBytes: 1 << 20, "\(file)")
    }
    // The hard cases as they are (mostly not canonical) and a file read from disk.
    let hard = HardLegs.ndjson(seed: 5, calls: 300)
    Self.expectSame(hard, windowBytes: 8192, "hard legs")
    let path = NSTemporaryDirectory() + "copy-\(UInt64.random(in: 0...UInt64.max)).ndjson"
    try Data(hard).write(to: URL(fileURLWithPath: path))
    defer { try? FileManager.default.removeItem(atPath: path) }
    var output: [UInt8] = []
    var rejections: [String] = []
    let statistics = try CDRReader.copyRecords(
      contentsOfFile: path, windowBytes: 4096, rejected: { rejections.append($0.description) },
      write: {
        output += $0
        return true
      })
    let expected = Self.reference(hard)
    #expect(output == expected.output)
    #expect(
      rejections
        == expected.rejections.map {
          $0.description.replacingOccurrences(of: "in:", with: path + ":")
        })
    #expect(statistics.accepted == expected.statistics.accepted)
  }

  /// Reads `bytes` through a pipe fed by another thread with `copyRecords(fileDescriptor:)`.
  static func copiedThroughPipe(_ bytes: [UInt8], windowBytes: Int)
    -> (output: [UInt8], rejections: [CDRRejection], statistics: CDRReadStatistics)
  {
    var descriptors: [Int32] = [-1, -1]
    guard pipe(&descriptors) == 0 else {
      Issue.record("no pipe")
      return ([], [], CDRReadStatistics())
    }
    let writer = descriptors[1]
    let feeding = DispatchGroup()
    DispatchQueue.global().async(group: feeding) {
      var written = 0
      while written < bytes.count {
        let count = bytes[written...].withUnsafeBytes {
          Foundation.write(writer, $0.baseAddress, $0.count)
        }
        if count <= 0 { break }
        written += count
      }
      close(writer)
    }
    var output: [UInt8] = []
    var rejections: [CDRRejection] = []
    let statistics = CDRReader.copyRecords(
      fileDescriptor: descriptors[0], sourceName: "in", windowBytes: windowBytes,
      maximumConcurrency: 2, rejected: { rejections.append($0) },
      write: {
        output += $0
        return true
      })
    feeding.wait()
    close(descriptors[0])
    return (output, rejections, statistics)
  }

  /// A pipe is read a window at a time; when its first window is not NDJSON, the sequential
  /// reader goes on from the bytes already read.
  @Test func copyingFromAPipeAgreesWithTheReference() {
    let hard = HardLegs.ndjson(seed: 9, calls: 200)
    let records = CDRReader(bytes: hard).readAll().records
    var array: [UInt8] = Array("[\n".utf8)
    var envelope: [UInt8] = Array(#"{"page_size":1,"data":["#.utf8)
    for (position, record) in records.enumerated() {
      if position > 0 {
        array += Array(",\n".utf8)
        envelope.append(UInt8(ascii: ","))
      }
      record.json.write(to: &array)
      record.json.write(to: &envelope)
    }
    array += Array("\n]\n".utf8)
    envelope += Array(#"],"status":"success"}"#.utf8)
    let canonical: [UInt8] = Self.canonicalLines.flatMap { $0 + [0x0A] }
    for (name, input) in [
      ("hard", hard), ("canonical", canonical), ("array", array), ("envelope", envelope),
      ("one line", Array(canonical.prefix(while: { $0 != 0x0A }))), ("empty", []),
    ] {
      let expected = Self.reference(input)
      for window in [4096, 1 << 20] {
        let actual = Self.copiedThroughPipe(input, windowBytes: window)
        #expect(actual.output == expected.output, "\(name), window \(window)")
        #expect(actual.rejections == expected.rejections, "\(name), window \(window)")
        #expect(actual.statistics.accepted == expected.statistics.accepted, "\(name)")
        #expect(actual.statistics.rejected == expected.statistics.rejected, "\(name)")
      }
    }
    #expect(array.count > 4096 && envelope.count > 4096)
  }

  /// Found by the `copy` fuzz target: an input whose first line starts with a key is read
  /// as documents by the sequential reader, so the windowed readers leave it to it (they
  /// used to read it as lines: the same messages, other error offsets).
  @Test func aFirstLineStartingWithAKeyIsLeftToTheSequentialReader() {
    let input = Array(
      """
          "5132882153",
              "callee_id_number": "5132882153",
              "hook_event": "channel_destroy"
          }
      {"call_direction":"inbound","call_id":"a"}

      """.utf8)
    Self.expectSame(input, windowBytes: 64)
    Self.expectSame(input, windowBytes: 1 << 20)
    let sequential = CDRReader(bytes: input, sourceName: "in").readAll()
    #expect(sequential.records.count == 1)
    #expect(
      CDRReader.readAllConcurrently(bytes: input, sourceName: "in", maximumConcurrency: 2)
        == sequential)
  }

  /// Found by the `copy` fuzz target: a lone line whose first object ends exactly where the
  /// first window ends and goes on past it (`{...},"more":...`) is read as documents by the
  /// sequential reader; the windowed readers judged it from the window alone and read it as
  /// an NDJSON line (other rejections). The first line is now read whole before it is judged.
  @Test func aFirstLineLongerThanTheWindowIsJudgedWhole() {
    let first = #"{"_id":"202001-e5000000-00009bea-fa3c-11e7-afbd-cb4example.com"}"#
    #expect(first.utf8.count == 64)
    let lone = Array((first + #","event_category":"call_event","pvt_type":"cdr"}"# + "\n").utf8)
    let reference = CDRReader(bytes: lone, sourceName: "in").readAll()
    #expect(reference.rejections.count == 2)
    let second = #"{"call_direction":"inbound","call_id":"a"}"#
    for input in [lone, lone + Array((second + "\n").utf8)] {
      for window in [16, 64, 80, 1 << 20] {
        Self.expectSame(input, windowBytes: window, "window \(window)")
        #expect(
          CDRReader.readAllConcurrently(bytes: input, sourceName: "in", maximumConcurrency: 2)
            == CDRReader(bytes: input, sourceName: "in").readAll())
      }
    }
  }

  @Test func stoppingWritesNothingMore() {
    let lines: [UInt8] = Self.canonicalLines.prefix(400).flatMap { $0 + [0x0A] }
    var blocks = 0
    let statistics = CDRReader.copyRecords(
      bytes: lines, windowBytes: 4096, maximumConcurrency: 2, rejected: { _ in },
      write: { _ in
        blocks += 1
        return false
      })
    #expect(blocks == 1)
    #expect(statistics.accepted < 400)
  }

  /// One seeded change to a canonical line: whitespace, an order swap, an escape, a number
  /// form, a non-UTF-8 byte, a repeated or removed byte, a webhook key, a deep value.
  static func mutate(_ line: [UInt8], using random: inout SeededGenerator) -> [UInt8] {
    var bytes = line
    func positions(of byte: UInt8) -> [Int] { bytes.indices.filter { bytes[$0] == byte } }
    func insert(_ text: String, before byte: UInt8) {
      let places = positions(of: byte)
      guard !places.isEmpty else { return }
      bytes.insert(contentsOf: Array(text.utf8), at: places[random.below(places.count)])
    }
    func replace(_ old: String, with new: String) {
      let text = String(decoding: bytes, as: UTF8.self)
      guard text.contains(old) else { return }
      bytes = Array(text.replacingOccurrences(of: old, with: new).utf8)
    }
    switch random.below(16) {
    case 0: insert(" ", before: UInt8(ascii: ","))
    case 1: insert("\n", before: UInt8(ascii: ":"))
    case 2:
      // Swap the first two top-level members.
      var object = (try? JSONValue(parsing: bytes)).flatMap { value -> [String: JSONValue]? in
        if case .object(let members) = value { return members }
        return nil
      }
      if let keys = object?.keys.sorted(), keys.count >= 2 {
        let first = keys[0]
        let second = keys[1]
        let rest = keys.dropFirst(2)
        var text = "{"
        for key in [second, first] + rest {
          var member: [UInt8] = []
          JSONValue.writeString(key, to: &member)
          member.append(UInt8(ascii: ":"))
          object![key]!.write(to: &member)
          text += (text == "{" ? "" : ",") + String(decoding: member, as: UTF8.self)
        }
        bytes = Array((text + "}").utf8)
        object = nil
      }
    case 3: insert("\\/", before: UInt8(ascii: "\""))
    case 4: insert("\\u0041", before: UInt8(ascii: "\""))
    case 5:
      insert(
        ["\\u001f", "\\u001F", "\\u000a", "\\n", "\\\"", "é", "\\ud83d\\ude00"][random.below(7)],
        before: UInt8(ascii: "\""))
    case 6:
      let places = positions(of: UInt8(ascii: "\""))
      if !places.isEmpty {
        let bad: [[UInt8]] = [[0xFF], [0xC3], [0xE2, 0x82], [0xED, 0xB0, 0x80], [0x01]]
        bytes.insert(
          contentsOf: bad[random.below(bad.count)], at: places[random.below(places.count)])
      }
    case 7:
      replace(
        ["\"billing_seconds\":", "\"timestamp\":", "\"duration_seconds\":"][random.below(3)],
        with: [
          "\"billing_seconds\":1.0,\"x\":", "\"timestamp\":-0,\"x\":",
          "\"duration_seconds\":1e2,\"x\":",
        ][random.below(3)])
    case 8: replace("\"call_direction\":\"inbound\"", with: "\"call_direction\":\"Inbound\"")
    case 9:
      if !bytes.isEmpty { bytes.remove(at: random.below(bytes.count)) }
    case 10:
      if !bytes.isEmpty {
        let at = random.below(bytes.count)
        bytes.insert(bytes[at], at: at)
      }
    case 11: replace("{\"", with: "{\"hook_event\":\"channel_destroy\",\"")
    case 12: replace("\"call_id\":", with: "\"call_id\":\"dup\",\"call_id\":")
    case 13: replace("{\"", with: "{\"a\":[[[[{\"z\":1,\"y\":2}]]]],\"")
    case 14:
      replace("\"custom_channel_vars\":{", with: "\"custom_channel_vars\":{\"zz\":1,\"aa\":{},")
    default:
      replace(
        "\"call_direction\":\"inbound\",",
        with: "\"calling_from\":\"1\",\"call_type\":\"x\",\"datetime\":\"d\",")
    }
    return bytes
  }
}
