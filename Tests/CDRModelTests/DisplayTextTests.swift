import Testing

@testable import CDRModel

@Suite("Display escaping")
struct DisplayTextTests {
  @Test("tab, line feed and carriage return have short escapes")
  func shortEscapes() {
    #expect(DisplayText.escaped("a\tb\nc\rd") == #"a\tb\nc\rd"#)
    #expect(DisplayText.escaped("\r\n") == #"\r\n"#)
  }

  @Test(
    "every class is escaped as \\u{X}",
    arguments: [
      // C0
      (0x00, #"\u{0}"#), (0x01, #"\u{1}"#), (0x07, #"\u{7}"#), (0x0B, #"\u{B}"#),
      (0x0C, #"\u{C}"#), (0x1B, #"\u{1B}"#), (0x1F, #"\u{1F}"#),
      // DEL and C1
      (0x7F, #"\u{7F}"#), (0x80, #"\u{80}"#), (0x85, #"\u{85}"#), (0x9B, #"\u{9B}"#),
      (0x9F, #"\u{9F}"#),
      // Line and paragraph separators
      (0x2028, #"\u{2028}"#), (0x2029, #"\u{2029}"#),
      // Bidirectional formatting
      (0x061C, #"\u{61C}"#), (0x200E, #"\u{200E}"#), (0x200F, #"\u{200F}"#),
      (0x202A, #"\u{202A}"#), (0x202B, #"\u{202B}"#), (0x202C, #"\u{202C}"#),
      (0x202D, #"\u{202D}"#), (0x202E, #"\u{202E}"#), (0x2066, #"\u{2066}"#),
      (0x2067, #"\u{2067}"#), (0x2068, #"\u{2068}"#), (0x2069, #"\u{2069}"#),
    ])
  func escapedClass(value: UInt32, expected: String) throws {
    let scalar = try #require(Unicode.Scalar(value))
    #expect(DisplayText.needsEscaping(scalar))
    #expect(DisplayText.escaped("x" + String(Character(scalar)) + "y") == "x" + expected + "y")
  }

  @Test("printable text, backslashes and neighbours of the classes are kept")
  func kept() throws {
    let text = #"plain ASCII ~ \ "quoted" Zoë 日本 🙂 e\#u{301}"#
    #expect(DisplayText.escaped(text) == text)
    for value: UInt32 in [0x20, 0x7E, 0xA0, 0x061B, 0x061D, 0x200D, 0x2027, 0x202F, 0x2065, 0x206A]
    {
      let scalar = try #require(Unicode.Scalar(value))
      #expect(!DisplayText.needsEscaping(scalar), "U+\(String(value, radix: 16))")
    }
  }

  @Test("a forged result line and a terminal sequence become one visible line")
  func forgedLine() {
    let callID = "x): valid\n<stdin>:9: record 9 (y\u{1B}[2J"
    let shown = DisplayText.escaped(callID)
    #expect(shown == #"x): valid\n<stdin>:9: record 9 (y\u{1B}[2J"#)
    #expect(!shown.contains("\n") && !shown.unicodeScalars.contains("\u{1B}"))
    #expect(DisplayText.escaped(Substring("a\u{202E}b")) == #"a\u{202E}b"#)
  }
}
