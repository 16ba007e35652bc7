import Testing

@testable import CDRModel

@Suite("JSON parser (RFC 8259)")
struct JSONParserTests {
  @Test(
    "accepts the texts RFC 8259 allows",
    arguments: [
      ("0", JSONValue.number(JSONNumber("0")!)),
      ("-0", .number(JSONNumber("-0")!)),
      ("1.5e+10", .number(JSONNumber("1.5e+10")!)),
      (" \t\r\n true \n", .bool(true)),
      ("null", .null),
      (#""a\"b\\c\/d\b\f\n\r\t""#, .string("a\"b\\c/d\u{8}\u{c}\n\r\t")),
      (#""\u00e9\u20AC\ud83d\ude00""#, .string("é€😀")),
      ("\"é€😀\"", .string("é€😀")),
      ("[]", .array([])),
      ("{}", .object([:])),
      (
        #"{"a":[1,{"b":null}]}"#,
        .object(["a": .array([.number(JSONNumber("1")!), .object(["b": .null])])])
      ),
    ])
  func accepts(text: String, expected: JSONValue) throws {
    #expect(try JSONValue(parsing: text) == expected)
  }

  @Test(
    "rejects what RFC 8259 forbids",
    arguments: [
      ("01", "invalid number"),
      ("+1", "unexpected character '+'"),
      (".5", "unexpected character '.'"),
      ("1.", "invalid number"),
      ("1e", "invalid number"),
      ("[1,]", "trailing comma"),
      (#"{"a":1,}"#, "trailing comma"),
      ("'a'", "unexpected character '''"),
      (#""\x""#, "invalid escape sequence in string"),
      (#""\ud800""#, "unpaired UTF-16 surrogate in \\u escape"),
      (#""\udc00x""#, "unpaired UTF-16 surrogate in \\u escape"),
      ("\"a\u{1}b\"", "unescaped control character in string"),
      ("[1] [2]", "unexpected content after the JSON value"),
      ("", "unexpected end of input"),
      ("[", "unexpected end of input"),
      (#"{1:2}"#, "expected a string key"),
      ("nul", "unexpected end of input"),
      ("NaN", "unexpected character 'N'"),
    ])
  func rejects(text: String, reason: String) {
    #expect(throws: JSONParseError.self) { try JSONValue(parsing: text) }
    do {
      _ = try JSONValue(parsing: text)
    } catch {
      #expect(error.reason == reason)
    }
  }

  @Test("rejects invalid UTF-8 and reports the string's offset")
  func invalidUTF8() {
    let bytes: [UInt8] = [0x5B, 0x22, 0xC3, 0x28, 0x22, 0x5D]  // ["\xC3(" ]
    do {
      _ = try JSONValue(parsing: bytes)
      Issue.record("invalid UTF-8 was accepted")
    } catch {
      #expect(error.kind == .invalidUTF8)
      #expect(error.offset == 1)
    }
  }

  @Test("limits nesting depth")
  func depth() throws {
    let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
    #expect(throws: JSONParseError(.nestingTooDeep(limit: 512), at: 512)) {
      try JSONValue(parsing: deep)
    }
    let allowed = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
    #expect(throws: Never.self) { try JSONValue(parsing: allowed) }
  }

  @Test("keeps number literals exactly and writes them back unchanged")
  func numberLiterals() throws {
    let text = #"{"a":1,"b":1.0,"c":1310157838405890,"d":18446744073709551616,"e":-0,"f":1E+2}"#
    let value = try JSONValue(parsing: text)
    #expect(value.jsonText == text)
    #expect(value["c"]?.numberValue?.int64Value == 1_310_157_838_405_890)
    #expect(value["d"]?.numberValue?.int64Value == nil)
    #expect(value["b"]?.numberValue?.isInteger == false)
  }

  @Test("a repeated key keeps its last value")
  func duplicateKeys() throws {
    #expect(try JSONValue(parsing: #"{"a":1,"a":2}"#) == ["a": 2])
  }

  @Test("writes strings with minimal escapes that parse back")
  func stringRoundTrip() throws {
    let original = "quote\" backslash\\ nl\n cr\r tab\t nul\u{0} bell\u{7} é 😀 /"
    let text = JSONValue.string(original).jsonText
    #expect(text.contains("\\u0000"))
    #expect(text.contains("\\u0007"))
    #expect(try JSONValue(parsing: text) == .string(original))
  }

  /// The reader and the writer look at eight bytes at a time: a character that needs care
  /// (quote, backslash, control character, non-ASCII) at every position of strings of every
  /// length up to 40 must be found there, escaped as the JSON grammar says and read back.
  @Test("special characters at every position of strings up to 40 bytes")
  func specialCharacterAtEveryPosition() throws {
    /// The escaped form, written out by hand from RFC 8259 §7.
    func escaped(_ character: Character) -> String {
      switch character {
      case "\"": return "\\\""
      case "\\": return "\\\\"
      case "\n": return "\\n"
      case "\u{1}": return "\\u0001"
      case "\u{1F}": return "\\u001f"
      default: return String(character)
      }
    }
    for length in 0...40 {
      // An escape after a plain run of every length reads back too.
      let run = String(repeating: "a", count: length)
      #expect(try JSONValue(parsing: "\"" + run + "\\u00e9\"") == .string(run + "é"))
      for position in 0...length {
        for special in ["\"", "\\", "\n", "\u{1}", "\u{1F}", "é", "\u{7F}", " "] as [Character] {
          var text = run
          text.insert(special, at: text.index(text.startIndex, offsetBy: position))
          let written = JSONValue.string(text).jsonText
          let expected =
            "\"" + String(repeating: "a", count: position) + escaped(special)
            + String(repeating: "a", count: length - position) + "\""
          #expect(
            written == expected, "writing \(special.debugDescription) at \(position) of \(length)")
          #expect(try JSONValue(parsing: expected) == .string(text))
        }
      }
    }
  }
}

/// The scan behind string parsing and skipping: the first byte that ends a plain run, found
/// sixteen, eight or one byte at a time depending on what is left, at every position.
@Suite struct PlainRunScanTests {
  /// The first stop in `bytes` from `start`, one byte at a time: the expectation.
  static func expected(_ bytes: [UInt8], from start: Int, stopsAtNonASCII: Bool) -> Int {
    for index in start..<bytes.count {
      let byte = bytes[index]
      if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return index }
      if stopsAtNonASCII && byte >= 0x80 { return index }
    }
    return bytes.count
  }

  @Test(arguments: [UInt8(ascii: "\""), UInt8(ascii: "\\"), 0x00, 0x1F, 0x0A, 0x80, 0xC3, 0xFF])
  func findsTheFirstStopAtEveryPosition(stop: UInt8) {
    for length in [0, 1, 7, 8, 9, 15, 16, 17, 31, 32, 33, 40] {
      for position in 0..<(length + 1) {
        var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: length)
        // A byte that only looks special (0x20, 0x7F, ']' and '!' sit beside the limits).
        for index in stride(from: 0, to: length, by: 3) {
          bytes[index] = [0x20, 0x7F, 0x5D, 0x21][index % 4]
        }
        if position < length { bytes[position] = stop }
        for start in Set([0, min(1, length), min(9, length), length]) {
          for nonASCII in [false, true] {
            let found = bytes.withUnsafeBufferPointer {
              _JSONByteScan.firstSpecial(in: $0, from: start, stopsAtNonASCII: nonASCII)
            }
            #expect(
              found == Self.expected(bytes, from: start, stopsAtNonASCII: nonASCII),
              "length \(length), stop at \(position), from \(start), non-ASCII \(nonASCII)")
          }
        }
      }
    }
  }
}
