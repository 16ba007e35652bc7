import Foundation
import Testing

@testable import CDRModel

// The free-form members the byte-level path keeps as raw bytes until they are read: a
// record's unknown top-level members (`otherFields`), `custom_application_vars` and
// `custom_sip_headers`. Expectations are written by hand; where a reference is needed it
// is the general path (`JSONValue(parsing:)` then `init(json:)`), which builds dictionaries.

/// The general path: a JSONValue for the document, then the record.
private func generalDecode(_ text: String) -> Result<CallDetailRecord, CDRDecodingError> {
  let value: JSONValue
  do { value = try JSONValue(parsing: Array(text.utf8)) } catch {
    return .failure(.malformedJSON(error))
  }
  do { return .success(try CallDetailRecord(json: value)) } catch {
    return .failure(.notARecord(error))
  }
}

/// The byte-level path.
private func fastDecode(_ text: String) -> Result<CallDetailRecord, CDRDecodingError> {
  Result { () throws(CDRDecodingError) in try CallDetailRecord(jsonBytes: Array(text.utf8)) }
}

/// A record read on the byte-level path, also checked against the general path.
private func read(_ text: String) throws -> CallDetailRecord {
  let fast = fastDecode(text)
  #expect(fast == generalDecode(text), "paths disagree on \(text)")
  return try fast.get()
}

/// Every event of reading one NDJSON line on one path or the other.
private func events(_ line: [UInt8], byteLevel: Bool) -> [CDRReadEvent] {
  readEvents(line + [0x0A], byteLevel: byteLevel)
}

@Suite("Free-form members kept as bytes until read")
struct RawMembersTests {
  /// Unknown members of every JSON type, nested, with escapes, between known keys.
  static let mixed =
    #"{"u_string":"plain","app_name":"callflow","u_escaped":"tab\there \"q\" caf\u00e9","#
    + #""u_int":-12,"u_fraction":2.50e3,"call_id":"c1","u_true":true,"u_false":false,"#
    + #""u_null":null,"duration_seconds":7,"u_array":[1,"two",[3],{"four":4}],"#
    + #""u_object":{"a":{"b":[null,{"c":"d"}]},"e":[]},"u_empty_object":{},"#
    + #""k\u0065y_escaped":1,"ключ":"значение","custom_channel_vars":{"account_id":"a1"},"#
    + #""u_last": "end" }"#

  static let mixedOtherFields: [String: JSONValue] = [
    "u_string": "plain",
    "u_escaped": "tab\there \"q\" café",
    "u_int": .number(JSONNumber(unchecked: "-12")),
    "u_fraction": .number(JSONNumber(unchecked: "2.50e3")),
    "u_true": true,
    "u_false": false,
    "u_null": nil,
    "u_array": [1, "two", [3], ["four": 4]],
    "u_object": ["a": ["b": [nil, ["c": "d"]]], "e": []],
    "u_empty_object": [:],
    "key_escaped": 1,
    "ключ": "значение",
    "u_last": "end",
  ]

  @Test("unknown members of every type, interleaved with known keys, read as written")
  func unknownMembersOfEveryType() throws {
    let record = try read(Self.mixed)
    #expect(record.callID == "c1")
    #expect(record.appName == "callflow")
    #expect(record.durationSeconds == 7)
    #expect(record.customChannelVars?.accountID == "a1")
    #expect(record.otherFields == Self.mixedOtherFields)
    #expect(record.otherFields["u_fraction"]?.jsonText == "2.50e3")
    #expect(record.drifts.isEmpty)
  }

  @Test("a record without unknown members has none, and the raw object is not made")
  func noUnknownMembers() throws {
    let record = try read(#"{"call_id":"c","app_name":"x","custom_channel_vars":{"a":"1"}}"#)
    #expect(record.otherFields.isEmpty)
    #expect(record._storage.otherFields.raw == nil)
    let withUnknown = try read(#"{"call_id":"c","u":1}"#)
    #expect(withUnknown._storage.otherFields.raw != nil)
  }

  @Test("a repeated unknown key: the last one wins, escaped spellings included")
  func repeatedUnknownKeys() throws {
    let record = try read(
      #"{"x":1,"call_id":"c","y":"a","x":[2],"node":"n","x":{"z":3},"\u0079":"b"}"#)
    #expect(record.otherFields == ["x": ["z": 3], "y": "b"])
    #expect(record.otherFields["x"] == ["z": 3])
    #expect(record.node == "n")
  }

  @Test("unknown members around kept objects: each object keeps only its own members")
  func unknownMembersAroundKeptObjects() throws {
    let text =
      #"{"u1":1,"custom_channel_vars":{"a":"1","b":2},"u2":[true],"#
      + #""custom_sip_headers":{"in":{"X-In":"i"},"X-Flat":"f"},"u3":"s","call_id":"c","#
      + #""custom_application_vars":{"app":{"deep":[1]}},"u4":null}"#
    let record = try read(text)
    #expect(record.otherFields == ["u1": 1, "u2": [true], "u3": "s", "u4": nil])
    #expect(record.customChannelVars?.values == ["a": "1", "b": 2])
    #expect(record.customSIPHeaders?.rawValue == ["in": ["X-In": "i"], "X-Flat": "f"])
    #expect(record.customSIPHeaders?.inHeaders == ["X-In": "i"])
    #expect(record.customSIPHeaders?.outHeaders == nil)
    #expect(record.customSIPHeaders?.inbound == ["X-In": "i", "X-Flat": "f"])
    #expect(record.customSIPHeaders?.outbound == ["X-Flat": "f"])
    #expect(record.customApplicationVars == ["app": ["deep": [1]]])
    // Foundation's JSONDecoder (the Codable path) reads the same record.
    let codable = try JSONDecoder().decode(CallDetailRecord.self, from: Data(text.utf8))
    #expect(codable == record)
    #expect(codable.hashValue == record.hashValue)
  }

  @Test("records read one after another by the same reader do not share unknown members")
  func readerReusesItsTable() {
    let text =
      #"{"call_id":"a","u1":1,"u2":2,"custom_channel_vars":{"v":"1"},"u3":3}"# + "\n"
      + #"{"call_id":"b","custom_application_vars":{"k":"v"}}"# + "\n"
      + #"{"call_id":"c","w":"x"}"# + "\n"
      + #"{"call_id":"d","u1":[1,}"# + "\n"
      + #"{"call_id":"e","z":{}}"# + "\n"
    let result = readAll(text)
    #expect(result.records.map(\.callID) == ["a", "b", "c", "e"])
    #expect(
      result.records.map(\.otherFields) == [
        ["u1": 1, "u2": 2, "u3": 3], [:], ["w": "x"], ["z": [:]],
      ])
    #expect(result.records.first?.customChannelVars?.values == ["v": "1"])
    #expect(result.records.dropFirst().first?.customApplicationVars == ["k": "v"])
    #expect(result.rejections.count == 1)
  }

  @Test(
    "errors inside kept members have the general parser's kind and offset",
    arguments: [
      (#"{"call_id":"a","x":[1,]}"#, JSONParseError(.trailingComma, at: 22)),
      (#"{"call_id":"a","x":{"k" 1}}"#, JSONParseError(.unexpectedByte(0x31), at: 24)),
      (
        #"{"call_id":"a","custom_application_vars":{"k":01}}"#,
        JSONParseError(.invalidNumber, at: 46)
      ),
      (#"{"call_id":"a","custom_sip_headers":{"X":"\q"}}"#, JSONParseError(.invalidEscape, at: 42)),
      (#"{"x":"a","call_id":"a","y":[}"#, JSONParseError(.unexpectedByte(0x7D), at: 28)),
    ])
  func errorsInsideKeptMembers(text: String, expected: JSONParseError) {
    #expect(fastDecode(text) == .failure(.malformedJSON(expected)))
    #expect(generalDecode(text) == .failure(.malformedJSON(expected)))
  }

  @Test("non-object application variables and SIP headers are noted as drifts, as before")
  func nonObjectValues() throws {
    let record = try read(
      #"{"call_id":"c","custom_application_vars":"text","custom_sip_headers":[1],"u":{}}"#)
    #expect(record.customApplicationVars == nil)
    #expect(record.customSIPHeaders == nil)
    #expect(record.otherFields == ["u": [:]])
    #expect(record.drifts.map(\.path) == ["/custom_application_vars", "/custom_sip_headers"])
    #expect(
      record.drifts.map(\.kind) == [
        .unreadable(expected: "an object"), .unreadable(expected: "an object"),
      ])
    // Written back in their original form.
    #expect(
      record.jsonText
        == #"{"call_id":"c","custom_application_vars":"text","custom_sip_headers":[1],"u":{}}"#)
  }

  @Test("read members equal the same members built in code, with the same hash")
  func equalityAndHash() throws {
    let fromBytes = try read(
      #"{"call_id":"c","b":[1,{"x":null}],"custom_application_vars":{"k":"v","n":1},"#
        + #""a":"1","custom_sip_headers":{"X-A":"1","out":{"X-B":"2"}}}"#)
    let respaced = try read(
      #"{ "a" : "1" , "custom_sip_headers" : { "out" : { "X-B" : "2" } , "X-A" : "1" } , "#
        + #""custom_application_vars" : { "n" : 1 , "k" : "v" } , "b" : [ 1 , { "x" : null } ] , "#
        + #""call_id" : "c" }"#)
    var built = CallDetailRecord(callID: "c")
    built.otherFields = ["a": "1", "b": [1, ["x": nil]]]
    built.customApplicationVars = ["k": "v", "n": 1]
    built.customSIPHeaders = CustomSIPHeaders(rawValue: ["X-A": "1", "out": ["X-B": "2"]])
    #expect(fromBytes == built)
    #expect(built == fromBytes)
    #expect(fromBytes == respaced)
    #expect(fromBytes.hashValue == built.hashValue)
    #expect(fromBytes.hashValue == respaced.hashValue)
    #expect(Set([fromBytes, built, respaced]).count == 1)
    #expect(
      fromBytes.customSIPHeaders?.hashValue
        == CustomSIPHeaders(rawValue: ["X-A": "1", "out": ["X-B": "2"]]).hashValue)
    var different = built
    different.otherFields["a"] = "2"
    #expect(fromBytes != different)
    var differentHeaders = built
    differentHeaders.customSIPHeaders?.rawValue["X-A"] = "9"
    #expect(fromBytes != differentHeaders)
  }

  @Test("changing read members changes only the changed copy")
  func mutationAfterReading() throws {
    let original = try read(
      #"{"call_id":"c","x":1,"y":[2],"custom_application_vars":{"k":"v"},"#
        + #""custom_sip_headers":{"X-A":"1"}}"#)
    var copy = original
    copy.otherFields["x"] = "changed"
    copy.otherFields["new"] = true
    copy.customApplicationVars?["k"] = nil
    copy.customApplicationVars?["k2"] = 2
    copy.customSIPHeaders?.rawValue["X-B"] = "2"
    #expect(copy.otherFields == ["x": "changed", "y": [2], "new": true])
    #expect(copy.customApplicationVars == ["k2": 2])
    #expect(copy.customSIPHeaders?.rawValue == ["X-A": "1", "X-B": "2"])
    #expect(original.otherFields == ["x": 1, "y": [2]])
    #expect(original.customApplicationVars == ["k": "v"])
    #expect(original.customSIPHeaders?.rawValue == ["X-A": "1"])
    #expect(
      copy.jsonText
        == #"{"call_id":"c","custom_application_vars":{"k2":2},"#
        + #""custom_sip_headers":{"X-A":"1","X-B":"2"},"new":true,"x":"changed","y":[2]}"#)
    var replaced = original
    replaced.otherFields = [:]
    replaced.customApplicationVars = nil
    #expect(replaced.jsonText == #"{"call_id":"c","custom_sip_headers":{"X-A":"1"}}"#)
    #expect(original.otherFields.count == 2)
  }

  @Test("reading from many tasks at once gives the same dictionaries")
  func concurrentFirstRead() async throws {
    let record = try read(
      #"{"call_id":"c","u":{"deep":[1,2,{"x":"y"}]},"v":"w","#
        + #""custom_application_vars":{"k":[true]},"custom_sip_headers":{"in":{"X":"1"}}}"#)
    let results = await withTaskGroup(of: Bool.self) { group in
      for task in 0..<16 {
        group.addTask {
          // Tasks start on different members so first reads race on each of them.
          switch task % 3 {
          case 0:
            return record.otherFields == ["u": ["deep": [1, 2, ["x": "y"]]], "v": "w"]
              && record.customApplicationVars == ["k": [true]]
          case 1:
            return record.customApplicationVars == ["k": [true]]
              && record.customSIPHeaders?.rawValue == ["in": ["X": "1"]]
          default:
            return record.customSIPHeaders?.inbound == ["X": "1"]
              && record.otherFields["v"] == "w"
          }
        }
      }
      var all: [Bool] = []
      for await result in group { all.append(result) }
      return all
    }
    #expect(results == Array(repeating: true, count: 16))
  }

  @Test("JSON and Codable output are those of the general path")
  func writtenBack() throws {
    let record = try read(Self.mixed)
    let general = try generalDecode(Self.mixed).get()
    #expect(record.jsonText == general.jsonText)
    #expect(
      record.jsonText
        == #"{"app_name":"callflow","call_id":"c1","custom_channel_vars":{"account_id":"a1"},"#
        + #""duration_seconds":7,"key_escaped":1,"u_array":[1,"two",[3],{"four":4}],"#
        + #""u_empty_object":{},"u_escaped":"tab\there \"q\" café","u_false":false,"#
        + #""u_fraction":2.50e3,"u_int":-12,"u_last":"end","u_null":null,"#
        + #""u_object":{"a":{"b":[null,{"c":"d"}]},"e":[]},"u_string":"plain","u_true":true,"#
        + #""ключ":"значение"}"#)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    #expect(try encoder.encode(record) == encoder.encode(general))
    let decoded = try JSONDecoder().decode(CallDetailRecord.self, from: encoder.encode(record))
    #expect(decoded.otherFields["u_object"] == ["a": ["b": [nil, ["c": "d"]]], "e": []])
    #expect(decoded.callID == "c1")
  }

  @Test("the real FreeSWITCH CDR's big unknown members are kept and written back whole")
  func realFreeSWITCHDocument() throws {
    let path = fixturePath("realdata/cgrates-fscdr-test-freeswitch-json-cdr-aleg.json")
    let file = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
    guard case .object(let members)? = try? JSONValue(parsing: file) else {
      Issue.record("the fixture is not a JSON object")
      return
    }
    #expect(members.keys.contains("variables"))
    #expect(members.keys.contains("callflow"))
    #expect(members.keys.contains("channel_data"))
    // The document has no call_id; give it one after its opening brace.
    let brace = try #require(file.firstIndex(of: UInt8(ascii: "{")))
    var document = file
    document.insert(contentsOf: Array(#""call_id":"fs-1","#.utf8), at: brace + 1)
    let record = try CallDetailRecord(jsonBytes: document)
    #expect(record.callID == "fs-1")
    #expect(record.otherFields == members)
    #expect(record.otherFields["switchname"] == "FSDev1")
    var expected = members
    expected["call_id"] = "fs-1"
    #expect(record.jsonText == JSONValue.object(expected).jsonText)
    // The same document through the reader, on both paths.
    let line = Array(String(decoding: document, as: UTF8.self).split(separator: "\n").joined().utf8)
    let byteLevel = events(line, byteLevel: true)
    #expect(byteLevel == events(line, byteLevel: false))
    #expect(byteLevel.first?.record?.otherFields == members)
  }

  @Test("every real-data and fixture record writes back the same text on both paths")
  func fixturesWriteTheSameText() throws {
    var recordsWithUnknownMembers = 0
    for folder in ["calls", "realdata"] {
      let directory = fixturePath(folder)
      for name in try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
      where !name.hasSuffix(".md") {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: directory + "/" + name)))
        let fast = CDRReader(bytes: bytes, sourceName: name).readAll()
        let general = CDRReader(
          bytes: bytes, sourceName: name, options: .init(usesByteLevelDecoding: false)
        ).readAll()
        #expect(fast.records.map(\.jsonText) == general.records.map(\.jsonText), "\(name)")
        #expect(fast.records.map(\.otherFields) == general.records.map(\.otherFields), "\(name)")
        recordsWithUnknownMembers += fast.records.filter { !$0.otherFields.isEmpty }.count
      }
    }
    // The webhook documents carry members the schema does not type.
    #expect(recordsWithUnknownMembers > 0)
  }

  /// Every conformance case as a direct unknown member's value (after it, another member),
  /// inside custom_application_vars and inside custom_sip_headers, and string cases as a
  /// member name in both objects: the paths agree, and accepted values read back.
  @Test("every RFC 8259 case inside kept members", arguments: ConformanceTables.all)
  func conformanceInsideKeptMembers(_ testCase: ConformanceCase) {
    guard testCase.inRecord else { return }
    let body = testCase.bytes
    var lines: [(String, [UInt8])] = [
      ("unknown", Array(#"{"call_id":"c","x":["#.utf8) + body + Array(#"],"z":1}"#.utf8)),
      (
        "application",
        Array(#"{"call_id":"c","custom_application_vars":{"s":"1","x":["#.utf8) + body
          + Array("]}}".utf8)
      ),
      (
        "headers",
        Array(#"{"call_id":"c","custom_sip_headers":{"s":"1","x":["#.utf8) + body
          + Array("]}}".utf8)
      ),
    ]
    if body.first == 0x22 {
      lines.append(
        (
          "application name",
          Array(#"{"call_id":"c","custom_application_vars":{"#.utf8) + body
            + Array(#":"v","s":"1"}}"#.utf8)
        ))
      lines.append(
        (
          "headers name",
          Array(#"{"call_id":"c","custom_sip_headers":{"#.utf8) + body
            + Array(#":"v","s":"1"}}"#.utf8)
        ))
    }
    for (position, line) in lines {
      let byteLevel = events(line, byteLevel: true)
      #expect(byteLevel == events(line, byteLevel: false), "paths disagree in \(position)")
      guard let expected = testCase.expected else {
        #expect(!byteLevel.isEmpty && byteLevel.allSatisfy { $0.rejection != nil }, "\(position)")
        continue
      }
      guard byteLevel.count == 1, let record = byteLevel.first?.record else {
        Issue.record("no record with the case in \(position)")
        continue
      }
      switch position {
      case "unknown":
        #expect(record.otherFields == ["x": [expected], "z": 1])
      case "application":
        #expect(record.customApplicationVars == ["s": "1", "x": [expected]])
      case "headers":
        #expect(record.customSIPHeaders?.rawValue == ["s": "1", "x": [expected]])
      default:
        guard case .string(let name) = expected else { continue }
        // The name comes first, so "s" (the later member) wins if the case is "s".
        var object: [String: JSONValue] = [name: "v"]
        object["s"] = "1"
        if position == "application name" {
          #expect(record.customApplicationVars == object)
        } else {
          #expect(record.customSIPHeaders?.rawValue == object)
        }
      }
    }
  }
}
