import CDRTestSupport
import Foundation
import Testing

@testable import CDRModel

/// The general path: a JSONValue for the document, then the record.
private func generalDecode(_ bytes: [UInt8]) -> Result<CallDetailRecord, CDRDecodingError> {
  let value: JSONValue
  do { value = try JSONValue(parsing: bytes) } catch { return .failure(.malformedJSON(error)) }
  do { return .success(try CallDetailRecord(json: value)) } catch {
    return .failure(.notARecord(error))
  }
}

/// The byte-level path, as users call it.
private func fastDecode(_ bytes: [UInt8]) -> Result<CallDetailRecord, CDRDecodingError> {
  Result { () throws(CDRDecodingError) in try CallDetailRecord(jsonBytes: bytes) }
}

private let packageRootURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .deletingLastPathComponent().deletingLastPathComponent()

private func fixtureFiles() throws -> [URL] {
  var files: [URL] = []
  for folder in ["calls", "realdata", "bad"] {
    let directory = packageRootURL.appendingPathComponent("Fixtures").appendingPathComponent(folder)
    let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
      .filter { !$0.hasSuffix(".md") }
    files += names.map { directory.appendingPathComponent($0) }
  }
  return files
}

/// Generates CDR-like JSON documents with every kind of drift, unknown keys, escaped keys,
/// repeated keys, odd whitespace and numbers at the edges of Int64.
private struct DocumentGenerator {
  var random: SeededGenerator
  let keys = _CDRField.names + ["custom_extra", "data", "app_name_x", "", "é"]

  mutating func pick<T>(_ choices: [T]) -> T {
    choices[Int.random(in: 0..<choices.count, using: &random)]
  }

  mutating func space() -> String { pick(["", "", "", " ", "\n", "\t ", "\r\n"]) }

  mutating func string() -> String {
    pick([
      #""abc""#, #""""#, #""+14155550100""#, #""caf\u00e9""#, #""a\"b\\c\/d""#, #""\ud83d\ude00""#,
      "\"\u{E9}t\u{E9}\"", #""32""#, #"" 7 ""#, #""+5""#, #""1.5""#, #""-2.5""#, #""true""#,
      #""false""#,
      #""inbound""#, #""outbound""#, #""sideways""#, #""a-leg""#,
    ])
  }

  mutating func number() -> String {
    pick([
      "0", "-0", "7", "-42", "1579219200250000", "123456789012345678", "-123456789012345678",
      "1234567890123456789", "9223372036854775807", "-9223372036854775808", "9223372036854775808",
      "1e3", "1.5", "-2.5", "0.49", "2E+2", "1e400", "12.0",
    ])
  }

  mutating func value(depth: Int = 0) -> String {
    switch Int.random(in: 0..<12, using: &random) {
    case 0...3: return string()
    case 4...6: return number()
    case 7: return pick(["true", "false", "null"])
    case 8 where depth < 3:
      let count = Int.random(in: 0...3, using: &random)
      return "["
        + (0..<count).map { _ in space() + value(depth: depth + 1) + space() }.joined(
          separator: ",") + "]"
    case 9 where depth < 3:
      let count = Int.random(in: 0...3, using: &random)
      return "{"
        + (0..<count).map { index in
          "\"k\(index)\"" + space() + ":" + space() + value(depth: depth + 1)
        }
        .joined(separator: ",") + "}"
    default: return string()
    }
  }

  mutating func key() -> String {
    let key = pick(keys)
    // Now and then spell the key with escapes, which must still reach the typed property.
    if Int.random(in: 0..<20, using: &random) == 0, key.hasSuffix("_id") {
      return "\"" + key.dropLast(3) + "\\u005fid\""
    }
    return "\"" + key + "\""
  }

  mutating func document() -> [UInt8] {
    var members: [String] = []
    if Int.random(in: 0..<20, using: &random) != 0 {
      members.append(#""call_id":"# + pick([#""c1""#, #""c2""#, "7", "null"]))
    }
    for _ in 0..<Int.random(in: 0...14, using: &random) {
      members.append(key() + space() + ":" + space() + value())
    }
    members.shuffle(using: &random)
    let body = members.map { space() + $0 + space() }.joined(separator: ",")
    return Array((space() + "{" + body + "}" + space()).utf8)
  }
}

@Suite("Byte-level decoding path")
struct ByteLevelDecodingTests {
  /// `modeledKeys` is the field table's key list; this checks that the general path routes
  /// every one of those keys to a typed property, and nothing else.
  @Test("the field table covers exactly the keys the general path types")
  func fieldTableMatchesModeledKeys() throws {
    for key in CallDetailRecord.modeledKeys where key != "call_id" {
      let typed = try CallDetailRecord(json: ["call_id": "x", .init(stringLiteral: key): "v"])
      #expect(typed.otherFields.isEmpty, "\(key) is not typed by the general path")
    }
    let unknown = try CallDetailRecord(json: ["call_id": "x", "not_a_field": "v"])
    #expect(unknown.otherFields == ["not_a_field": "v"])
    #expect(_CDRField.names.count == _CDRField.allCases.count)
    for field in _CDRField.allCases {
      #expect(_CDRFieldTable.shared.field(field.name) == field)
    }
    #expect(_CDRFieldTable.shared.field("call_i") == nil)
    #expect(_CDRFieldTable.shared.field("call_idx") == nil)
    #expect(_CDRFieldTable.shared.field("") == nil)
    // Every near miss of every key: one byte changed at each position (first and last
    // eight bytes and the middle of long keys), one byte more or fewer at either end.
    for name in _CDRField.names {
      let bytes = Array(name.utf8)
      var nearMisses: [[UInt8]] = [Array(bytes.dropFirst()), Array(bytes.dropLast())]
      nearMisses += [[UInt8(ascii: "x")] + bytes, bytes + [UInt8(ascii: "x")]]
      for position in bytes.indices {
        var changed = bytes
        changed[position] ^= 0x01
        nearMisses.append(changed)
      }
      for miss in nearMisses where !_CDRField.names.contains(String(decoding: miss, as: UTF8.self))
      {
        #expect(
          _CDRFieldTable.shared.field(String(decoding: miss, as: UTF8.self)) == nil,
          "\(String(decoding: miss, as: UTF8.self)) is not a key")
      }
    }
  }

  @Test("every fixture reads the same with and without the byte-level path")
  func fixturesMatchGeneralPath() throws {
    for file in try fixtureFiles() {
      let bytes = try [UInt8](Data(contentsOf: file))
      let fast = CDRReader(bytes: bytes, sourceName: file.lastPathComponent).readAll()
      let general = CDRReader(
        bytes: bytes, sourceName: file.lastPathComponent,
        options: .init(usesByteLevelDecoding: false)
      ).readAll()
      #expect(fast == general, "\(file.lastPathComponent)")
      #expect(fast.statistics.read > 0, "\(file.lastPathComponent)")
      // Line by line too, through init(jsonBytes:).
      for line in bytes.split(separator: 0x0A) {
        #expect(fastDecode(Array(line)) == generalDecode(Array(line)), "\(file.lastPathComponent)")
      }
    }
  }

  @Test("generated documents decode identically on both paths")
  func generatedDocumentsMatch() {
    var generator = DocumentGenerator(random: SeededGenerator(seed: 7))
    var records = 0
    var drifted = 0
    for _ in 0..<3000 {
      let document = generator.document()
      let general = generalDecode(document)
      #expect(fastDecode(document) == general, "\(String(decoding: document, as: UTF8.self))")
      if case .success(let record) = general {
        records += 1
        if !record.drifts.isEmpty { drifted += 1 }
      }
    }
    // The generator must exercise both outcomes and the drift machinery.
    #expect(records > 1000)
    #expect(drifted > 500)
  }

  @Test("mutated documents give the same record or the same error on both paths")
  func mutatedDocumentsMatch() {
    var generator = DocumentGenerator(random: SeededGenerator(seed: 99))
    let noise: [UInt8] =
      Array(#"{}[]",:\u0e-+.019 "#.utf8) + [0x00, 0x1F, 0x80, 0xC3, 0xFF, 0xED, 0xA0]
    var malformed = 0
    for _ in 0..<3000 {
      var document = generator.document()
      guard !document.isEmpty else { continue }
      switch Int.random(in: 0..<3, using: &generator.random) {
      case 0:
        document[Int.random(in: 0..<document.count, using: &generator.random)] = generator.pick(
          noise)
      case 1:
        document.removeLast(Int.random(in: 1...document.count, using: &generator.random))
      default:
        document.insert(
          generator.pick(noise), at: Int.random(in: 0...document.count, using: &generator.random))
      }
      let general = generalDecode(document)
      #expect(fastDecode(document) == general, "\(document)")
      if case .failure(.malformedJSON) = general { malformed += 1 }
    }
    #expect(malformed > 1000)
  }

  @Test(
    "RFC 8259 violations in typed fields are rejected with the general parser's kind and offset",
    arguments: [
      (#"{"call_id":"a","duration_seconds":01}"#, JSONParseError(.invalidNumber, at: 34)),
      (#"{"call_id":"a","duration_seconds":-}"#, JSONParseError(.invalidNumber, at: 34)),
      (#"{"call_id":"a","duration_seconds":1.}"#, JSONParseError(.invalidNumber, at: 34)),
      (#"{"call_id":"a","timestamp":+1}"#, JSONParseError(.unexpectedByte(0x2B), at: 27)),
      (#"{"call_id":"a","app_name":"x",}"#, JSONParseError(.trailingComma, at: 30)),
      (#"{"call_id":"a","app_name":"\x"}"#, JSONParseError(.invalidEscape, at: 27)),
      (#"{"call_id":"a","app_name":"\ud800"}"#, JSONParseError(.loneSurrogate, at: 27)),
      (#"{"call_id":"a","app_name":"\udc00\ud800"}"#, JSONParseError(.loneSurrogate, at: 27)),
      (
        "{\"call_id\":\"a\",\"app_name\":\"a\u{1}\"}",
        JSONParseError(.controlCharacterInString, at: 28)
      ),
      (#"{"call_id":"a" "app_name":"x"}"#, JSONParseError(.unexpectedByte(0x22), at: 15)),
      (#"{"call_id":"a",app_name:"x"}"#, JSONParseError(.expectedKey, at: 15)),
      (#"{"call_id":"a"} x"#, JSONParseError(.trailingContent, at: 16)),
      (#"{"call_id":"a","node":"x""#, JSONParseError(.unexpectedEndOfInput, at: 25)),
      (#"{"call_id":"a","is_conference":tru}"#, JSONParseError(.unexpectedByte(0x7D), at: 34)),
    ])
  func strictnessVectors(text: String, expected: JSONParseError) {
    #expect(fastDecode(Array(text.utf8)) == .failure(.malformedJSON(expected)))
  }

  @Test("invalid UTF-8 and nesting limits are enforced inside records")
  func utf8AndNesting() {
    // "app_name":"a<0xC3>" — a truncated two-byte sequence; reported at the string's quote.
    let invalid = Array(#"{"call_id":"a","app_name":"a"#.utf8) + [0xC3] + Array(#""}"#.utf8)
    #expect(fastDecode(invalid) == .failure(.malformedJSON(JSONParseError(.invalidUTF8, at: 26))))
    // An overlong encoding of '/' (0xC0 0xAF) in a key.
    let overlong = Array(#"{"call_id":"a",""#.utf8) + [0xC0, 0xAF] + Array(#"":1}"#.utf8)
    #expect(fastDecode(overlong) == .failure(.malformedJSON(JSONParseError(.invalidUTF8, at: 15))))
    // 512 levels are allowed (the record object is level 1), 513 are not.
    func nested(_ levels: Int) -> [UInt8] {
      Array(
        (#"{"call_id":"a","custom_application_vars":"# + String(repeating: "[", count: levels - 1)
          + String(repeating: "]", count: levels - 1) + "}").utf8)
    }
    #expect((try? CallDetailRecord(jsonBytes: nested(512))) != nil)
    #expect(
      fastDecode(nested(513))
        == .failure(.malformedJSON(JSONParseError(.nestingTooDeep(limit: 512), at: 552))))
  }

  @Test("integers are parsed in place with KAZOO's casts at the edges")
  func integerEdges() throws {
    let leg = try CallDetailRecord(
      jsonText:
        #"{"call_id":"a","timestamp":-0,"duration_seconds":123456789012345678,"billing_seconds":-9223372036854775808,"ringing_seconds":2.5,"pvt_vsn":9223372036854775808,"pvt_created":"+17"}"#
    )
    #expect(leg.timestamp == 0)
    #expect(leg.durationSeconds == 123_456_789_012_345_678)
    #expect(leg.billingSeconds == Int.min)
    #expect(leg.ringingSeconds == 3)
    #expect(leg.privateVersion == nil)
    #expect(leg.privateCreated == 17)
    #expect(leg.drifts.map(\.path) == ["/pvt_created", "/pvt_vsn", "/ringing_seconds"])
    #expect(
      leg.drifts.map(\.kind) == [
        .integerFromString, .unreadable(expected: "an integer"), .integerFromFraction,
      ])
  }

  @Test("a repeated key keeps the last value and only its drift, as the general path does")
  func repeatedKeys() throws {
    let leg = try CallDetailRecord(
      jsonText:
        #"{"call_id":"a","duration_seconds":"5","duration_seconds":6,"call_id":"b","x":1,"x":2}"#)
    #expect(leg.callID == "b")
    #expect(leg.durationSeconds == 6)
    #expect(leg.drifts.isEmpty)
    #expect(leg.otherFields == ["x": 2])
  }

  @Test("records that are not CDRs give the same errors")
  func notRecords() {
    #expect(fastDecode(Array("[1]".utf8)) == .failure(.notARecord(.notAnObject(found: "array"))))
    #expect(fastDecode(Array("{}".utf8)) == .failure(.notARecord(.missingCallID)))
    #expect(
      fastDecode(Array(#"{"call_id":7}"#.utf8))
        == .failure(.notARecord(.callIDNotAString(found: "number"))))
    // The JSON error wins over the record error, as on the general path.
    #expect(
      fastDecode(Array(#"{"call_id":7,}"#.utf8))
        == .failure(.malformedJSON(JSONParseError(.trailingComma, at: 13))))
  }
}
