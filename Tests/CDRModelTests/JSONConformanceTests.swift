import CDRModel
import Testing

// RFC 8259 conformance, section by section. Every case is a JSON text and the value RFC 8259
// gives it (or `nil` when the RFC forbids it), written by hand. Each case runs through:
//
// 1. the strict parser, `JSONValue(parsing:)`, on the case alone;
// 2. the reader on one NDJSON line `{"call_id":"c","x":[CASE]}`, once on the byte-level path
//    (the default) and once with `usesByteLevelDecoding = false`. The case sits inside an
//    array so that an unterminated case (`{"a":1`) cannot be closed by the wrapper's `}`.
//
// Accept/reject must agree with the RFC on every path, accepted values must equal the
// expected value, and the two reader paths must give identical events (records, or
// rejections with the same error and offset).
//
// Where RFC 8259 leaves a choice to the parser, CDRKit's choices are:
// - §8.2: a `\u` escape naming a lone surrogate is rejected (a Swift `String` cannot hold it).
// - §4: duplicate names are accepted and the last one wins.
// - §9: nesting is limited to 512 arrays/objects (configurable).
// - §8.1: a byte order mark is not JSON for the parser; the reader skips one at the very
//   start of its input (see HostileInputTests).

/// One conformance case.
struct ConformanceCase: Sendable, CustomTestStringConvertible {
  /// The RFC 8259 section the case belongs to.
  let section: String
  /// A readable name.
  let name: String
  /// The JSON text.
  let bytes: [UInt8]
  /// The value RFC 8259 gives the text; `nil` when it is not JSON.
  let expected: JSONValue?
  /// Whether the case also runs embedded in a record (not for texts that only make sense
  /// at the top level, like the empty text).
  let inRecord: Bool

  var testDescription: String {
    "§\(section) \(expected == nil ? "rejects" : "accepts") \(name)"
  }
}

private func accepts(
  _ section: String, _ name: String, _ text: String, _ value: JSONValue, inRecord: Bool = true
) -> ConformanceCase {
  ConformanceCase(
    section: section, name: name, bytes: Array(text.utf8), expected: value, inRecord: inRecord)
}

private func rejects(_ section: String, _ name: String, _ text: String, inRecord: Bool = true)
  -> ConformanceCase
{
  ConformanceCase(
    section: section, name: name, bytes: Array(text.utf8), expected: nil, inRecord: inRecord)
}

private func acceptsBytes(_ section: String, _ name: String, _ bytes: [UInt8], _ value: JSONValue)
  -> ConformanceCase
{
  ConformanceCase(section: section, name: name, bytes: bytes, expected: value, inRecord: true)
}

private func rejectsBytes(_ section: String, _ name: String, _ bytes: [UInt8]) -> ConformanceCase {
  ConformanceCase(section: section, name: name, bytes: bytes, expected: nil, inRecord: true)
}

/// A number value with exactly this literal (`.null` if the literal were invalid, which
/// would make the case fail visibly).
private func number(_ literal: String) -> JSONValue {
  JSONNumber(literal).map(JSONValue.number) ?? .null
}

/// A string of raw bytes between quotes.
private func quoted(_ bytes: [UInt8]) -> [UInt8] { [0x22] + bytes + [0x22] }

// MARK: - Tables

enum ConformanceTables {
  /// §2: JSON text, the six structural characters, the four whitespace bytes.
  static let grammar: [ConformanceCase] = [
    accepts("2", "top-level number", "1", 1),
    accepts("2", "top-level string", #""a""#, "a"),
    accepts("2", "top-level true", "true", true),
    accepts("2", "top-level null", "null", .null),
    accepts("2", "top-level object", #"{"a":[]}"#, ["a": []]),
    accepts("2", "space around a value", " 1 ", 1),
    accepts("2", "tab around a value", "\t1\t", 1),
    accepts("2", "line feed around a value", "\n1\n", 1),
    accepts("2", "carriage return around a value", "\r1\r", 1),
    accepts(
      "2", "all four whitespace bytes between every token", "{ \t\"a\"\n:\r[ 1 ,\t2\n]\r}",
      ["a": [1, 2]]),
    accepts("2", "CRLF between tokens", "[1,\r\n2]", [1, 2]),
    rejects("2", "empty text", "", inRecord: false),
    rejects("2", "whitespace only", " \t\r\n", inRecord: false),
    rejects("2", "form feed is not whitespace", "[1,\u{0C}2]"),
    rejects("2", "vertical tab is not whitespace", "[1,\u{0B}2]"),
    rejects("2", "NUL is not whitespace", "[1,\u{00}2]"),
    rejects("2", "no-break space U+00A0 is not whitespace", "[1,\u{A0}2]"),
    rejects("2", "line separator U+2028 is not whitespace", "[1,\u{2028}2]"),
    rejects("2", "byte order mark inside the text", "[\u{FEFF}1]"),
    rejects("2", "byte order mark before the text (parser)", "\u{FEFF}1"),
    rejects("2", "two top-level numbers", "1 2"),
    rejects("2", "two top-level objects", "{} {}"),
    rejects("2", "two top-level arrays without space", "[][]"),
    rejects("2", "line comment", "[1] // note"),
    rejects("2", "block comment", "/* note */ [1]"),
    rejects("2", "block comment inside an array", "[1 /* note */]"),
    rejects("2", "hash comment", "# note\n1"),
    rejects("2", "single-quoted string", "'a'"),
    rejects("2", "bare word", "abc"),
    rejects("2", "unmatched closing bracket", "]"),
    rejects("2", "extra closing bracket", "[1]]"),
    rejects("2", "extra closing brace", "{}}"),
    rejects("2", "mismatched brackets", "[1}"),
  ]

  /// §3: the literal names, lowercase only.
  static let literals: [ConformanceCase] = [
    accepts("3", "true false null in an array", "[true,false,null]", [true, false, nil]),
    rejects("3", "True", "True"),
    rejects("3", "FALSE", "FALSE"),
    rejects("3", "Null", "Null"),
    rejects("3", "truncated tru", "tru"),
    rejects("3", "truncated fals", "fals"),
    rejects("3", "truncated nul", "nul"),
    rejects("3", "nulll", "nulll"),
    rejects("3", "truex", "truex"),
    rejects("3", "split t rue", "t rue"),
    rejects("3", "undefined", "undefined"),
    rejects("3", "None", "None"),
  ]

  /// §4: objects.
  static let objects: [ConformanceCase] = [
    accepts("4", "empty object", "{}", [:]),
    accepts("4", "empty object with space", "{ }", [:]),
    accepts("4", "one member", #"{"a":1}"#, ["a": 1]),
    accepts("4", "empty name", #"{"":0}"#, ["": 0]),
    accepts(
      "4", "every kind of value",
      #"{"s":"t","n":-1.5,"o":{},"a":[],"t":true,"f":false,"z":null}"#,
      ["s": "t", "n": number("-1.5"), "o": [:], "a": [], "t": true, "f": false, "z": nil]),
    accepts("4", "nested objects", #"{"a":{"b":{"c":{}}}}"#, ["a": ["b": ["c": [:]]]]),
    accepts("4", "duplicate name: the last wins", #"{"a":1,"a":2}"#, ["a": 2]),
    accepts("4", "duplicate name apart: the last wins", #"{"a":1,"b":2,"a":3}"#, ["a": 3, "b": 2]),
    accepts(
      "4", "duplicate name spelled with an escape: the last wins", #"{"\u0061":1,"a":2}"#,
      ["a": 2]),
    accepts("4", "names differing in case are distinct", #"{"a":1,"A":2}"#, ["a": 1, "A": 2]),
    rejects("4", "lone comma", "{,}"),
    rejects("4", "trailing comma", #"{"a":1,}"#),
    rejects("4", "leading comma", #"{,"a":1}"#),
    rejects("4", "double comma", #"{"a":1,,"b":2}"#),
    rejects("4", "missing colon", #"{"a" 1}"#),
    rejects("4", "name without value", #"{"a"}"#),
    rejects("4", "colon without value", #"{"a":}"#),
    rejects("4", "value without name", "{:1}"),
    rejects("4", "equals instead of colon", #"{"a"=1}"#),
    rejects("4", "double colon", #"{"a"::1}"#),
    rejects("4", "unquoted name", "{a:1}"),
    rejects("4", "number as name", "{1:1}"),
    rejects("4", "null as name", "{null:1}"),
    rejects("4", "true as name", "{true:1}"),
    rejects("4", "array as name", "{[]:1}"),
    rejects("4", "object as name", "{{}:1}"),
    rejects("4", "single-quoted name", "{'a':1}"),
    rejects("4", "missing comma between members", #"{"a":1 "b":2}"#),
    rejects("4", "semicolon between members", #"{"a":1;"b":2}"#),
    rejects("4", "unterminated after a member", #"{"a":1"#),
    rejects("4", "unterminated after a comma", #"{"a":1,"#),
    rejects("4", "unterminated after the brace", "{"),
  ]

  /// §5: arrays.
  static let arrays: [ConformanceCase] = [
    accepts("5", "empty array", "[]", []),
    accepts("5", "empty array with space", "[ ]", []),
    accepts("5", "one element", "[1]", [1]),
    accepts(
      "5", "mixed element types", #"[1,"a",null,true,{},[]]"#, [1, "a", nil, true, [:], []]),
    accepts("5", "nested arrays", "[[[]],[]]", [[[]], []]),
    accepts("5", "spaces everywhere", "[ 1 , 2 ]", [1, 2]),
    rejects("5", "trailing comma", "[1,]"),
    rejects("5", "leading comma", "[,1]"),
    rejects("5", "lone comma", "[,]"),
    rejects("5", "empty element", "[1,,2]"),
    rejects("5", "missing comma", "[1 2]"),
    rejects("5", "semicolon separator", "[1;2]"),
    rejects("5", "colon in an array", "[1:2]"),
    rejects("5", "unterminated after the bracket", "["),
    rejects("5", "unterminated after an element", "[1"),
    rejects("5", "unterminated after a comma", "[1,"),
  ]

  /// §6: numbers. Accepted literals are kept exactly as written.
  static let numbers: [ConformanceCase] = [
    accepts("6", "zero", "0", 0),
    accepts("6", "minus zero kept as written", "-0", number("-0")),
    accepts("6", "minus zero point zero", "-0.0", number("-0.0")),
    accepts("6", "negative integer", "-123", -123),
    accepts("6", "fraction", "1.5", number("1.5")),
    accepts("6", "zero fraction", "0.5", number("0.5")),
    accepts("6", "one point zero kept as written", "1.0", number("1.0")),
    accepts("6", "exponent", "1e2", number("1e2")),
    accepts("6", "capital exponent", "1E2", number("1E2")),
    accepts("6", "exponent with plus", "1e+2", number("1e+2")),
    accepts("6", "exponent with minus", "1e-2", number("1e-2")),
    accepts("6", "fraction and exponent", "-1.25e-3", number("-1.25e-3")),
    accepts("6", "zero exponent digits", "1e007", number("1e007")),
    accepts("6", "zero with exponent", "0e0", number("0e0")),
    accepts("6", "exponent beyond Double kept", "1e400", number("1e400")),
    accepts("6", "negative exponent beyond Double kept", "-1e-400", number("-1e-400")),
    accepts(
      "6", "integer beyond Int64 kept losslessly", "99999999999999999999",
      number("99999999999999999999")),
    accepts(
      "6", "30-digit integer kept losslessly", "123456789012345678901234567890",
      number("123456789012345678901234567890")),
    accepts("6", "Int64 maximum", "9223372036854775807", 9_223_372_036_854_775_807),
    accepts("6", "Int64 minimum", "-9223372036854775808", -9_223_372_036_854_775_808),
    accepts(
      "6", "long fraction kept losslessly", "0.10000000000000000000000000001",
      number("0.10000000000000000000000000001")),
    rejects("6", "leading zero", "01"),
    rejects("6", "leading zeros", "007"),
    rejects("6", "double zero", "00"),
    rejects("6", "negative leading zero", "-01"),
    rejects("6", "minus alone", "-"),
    rejects("6", "minus minus", "--1"),
    rejects("6", "minus then space", "- 1"),
    rejects("6", "plus sign", "+1"),
    rejects("6", "trailing point", "1."),
    rejects("6", "point then exponent", "1.e5"),
    rejects("6", "leading point", ".5"),
    rejects("6", "negative leading point", "-.5"),
    rejects("6", "point alone", "."),
    rejects("6", "exponent without digits", "1e"),
    rejects("6", "exponent sign without digits", "1e+"),
    rejects("6", "capital exponent minus without digits", "1E-"),
    rejects("6", "fraction then bare exponent", "1.5e"),
    rejects("6", "exponent alone", "e5"),
    rejects("6", "double exponent", "1ee5"),
    rejects("6", "fractional exponent", "1e5.5"),
    rejects("6", "two points", "1.5.5"),
    rejects("6", "hexadecimal", "0x10"),
    rejects("6", "NaN", "NaN"),
    rejects("6", "Infinity", "Infinity"),
    rejects("6", "minus Infinity", "-Infinity"),
    rejects("6", "underscore digit separator", "1_000"),
    rejects("6", "Arabic-Indic digit", "\u{0661}"),
    rejects("6", "fullwidth digit", "\u{FF11}"),
  ]

  /// §7: strings and escapes.
  static let strings: [ConformanceCase] =
    [
      accepts("7", "empty string", #""""#, ""),
      accepts("7", "plain ASCII", #""abc""#, "abc"),
      accepts("7", "escaped quote", #""\"""#, "\""),
      accepts("7", "escaped backslash", #""\\""#, "\\"),
      accepts("7", "escaped solidus", #""\/""#, "/"),
      accepts("7", "raw solidus", #""a/b""#, "a/b"),
      accepts("7", "escaped backspace", #""\b""#, "\u{08}"),
      accepts("7", "escaped form feed", #""\f""#, "\u{0C}"),
      accepts("7", "escaped line feed", #""\n""#, "\n"),
      accepts("7", "escaped carriage return", #""\r""#, "\r"),
      accepts("7", "escaped tab", #""\t""#, "\t"),
      accepts(
        "7", "every short escape together", #""\"\\\/\b\f\n\r\t""#, "\"\\/\u{08}\u{0C}\n\r\t"),
      accepts("7", "u escape of ASCII", #""\u0041""#, "A"),
      accepts("7", "u escape of NUL", #""\u0000""#, "\u{00}"),
      accepts("7", "u escape of a control character", #""\u001f""#, "\u{1F}"),
      accepts("7", "u escape lowercase hex", #""\u00e9""#, "\u{E9}"),
      accepts("7", "u escape uppercase hex", #""\u00E9""#, "\u{E9}"),
      accepts("7", "u escape of a BMP symbol", #""\u20AC""#, "\u{20AC}"),
      accepts("7", "u escape of U+FFFF", #""\uFFFF""#, "\u{FFFF}"),
      accepts("7", "surrogate pair", #""\uD83D\uDE00""#, "\u{1F600}"),
      accepts("7", "lowercase surrogate pair", #""\ud83d\ude00""#, "\u{1F600}"),
      accepts("7", "highest surrogate pair", #""\uDBFF\uDFFF""#, "\u{10FFFF}"),
      accepts("7", "escapes between text", #""a\nb\tc""#, "a\nb\tc"),
      accepts("7", "DEL written raw", "\"a\u{7F}b\"", "a\u{7F}b"),
      acceptsBytes(
        "7", "every printable ASCII byte raw", printableASCII.bytes, printableASCII.value),
      rejects("7", "escaped a", #""\a""#),
      rejects("7", "escaped x", #""\x41""#),
      rejects("7", "escaped single quote", #""\'""#),
      rejects("7", "escaped zero", #""\0""#),
      rejects("7", "capital U escape", #""\U0041""#),
      rejects("7", "escaped space", #""\ ""#),
      rejects("7", "u escape with three digits", #""\u041""#),
      rejects("7", "u escape with a non-hex digit", #""\u12G4""#),
      rejects("7", "u escape cut by the end of the string", #""\u12""#),
      rejects("7", "lone high surrogate", #""\uD83D""#),
      rejects("7", "lone high surrogate then text", #""\uD83Dx""#),
      rejects("7", "lone low surrogate", #""\uDE00""#),
      rejects("7", "high surrogate then a non-surrogate escape", #""\uD83D\u0041""#),
      rejects("7", "two high surrogates", #""\uD83D\uD83D""#),
      rejects("7", "surrogate pair reversed", #""\uDE00\uD83D""#),
      rejects("7", "high surrogate then a short escape", #""\uD83D\n""#),
      rejects("7", "unterminated string", #""abc"#),
      rejects("7", "unterminated after an escaped quote", #""\""#),
      rejects("7", "unterminated after a backslash", #""a\"#),
    ]
    + (0x00..<0x20).map { byte in
      rejectsBytes("7", "raw control byte 0x\(hex(UInt8(byte))) in a string", quoted([UInt8(byte)]))
    }

  /// §8.1: strings must be well-formed UTF-8.
  static let utf8: [ConformanceCase] = [
    acceptsBytes("8.1", "2-byte sequence U+00E9", quoted([0xC3, 0xA9]), "\u{E9}"),
    acceptsBytes("8.1", "smallest 2-byte sequence U+0080", quoted([0xC2, 0x80]), "\u{80}"),
    acceptsBytes("8.1", "3-byte sequence U+20AC", quoted([0xE2, 0x82, 0xAC]), "\u{20AC}"),
    acceptsBytes("8.1", "last before surrogates U+D7FF", quoted([0xED, 0x9F, 0xBF]), "\u{D7FF}"),
    acceptsBytes("8.1", "first after surrogates U+E000", quoted([0xEE, 0x80, 0x80]), "\u{E000}"),
    acceptsBytes("8.1", "noncharacter U+FFFF", quoted([0xEF, 0xBF, 0xBF]), "\u{FFFF}"),
    acceptsBytes("8.1", "4-byte sequence U+1F600", quoted([0xF0, 0x9F, 0x98, 0x80]), "\u{1F600}"),
    acceptsBytes(
      "8.1", "highest code point U+10FFFF", quoted([0xF4, 0x8F, 0xBF, 0xBF]), "\u{10FFFF}"),
    acceptsBytes(
      "8.1", "raw UTF-8 then an escape", quoted([0xC3, 0xA9, 0x5C, 0x6E]), "\u{E9}\n"),
    rejectsBytes("8.1", "overlong NUL C0 80", quoted([0xC0, 0x80])),
    rejectsBytes("8.1", "overlong solidus C0 AF", quoted([0xC0, 0xAF])),
    rejectsBytes("8.1", "overlong C1 BF", quoted([0xC1, 0xBF])),
    rejectsBytes("8.1", "overlong 3-byte E0 80 80", quoted([0xE0, 0x80, 0x80])),
    rejectsBytes("8.1", "overlong 3-byte E0 9F BF", quoted([0xE0, 0x9F, 0xBF])),
    rejectsBytes("8.1", "overlong 4-byte F0 80 80 80", quoted([0xF0, 0x80, 0x80, 0x80])),
    rejectsBytes("8.1", "overlong 4-byte F0 8F BF BF", quoted([0xF0, 0x8F, 0xBF, 0xBF])),
    rejectsBytes("8.1", "surrogate code point ED A0 80", quoted([0xED, 0xA0, 0x80])),
    rejectsBytes("8.1", "surrogate code point ED BF BF", quoted([0xED, 0xBF, 0xBF])),
    rejectsBytes(
      "8.1", "CESU-8 surrogate pair", quoted([0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80])),
    rejectsBytes("8.1", "beyond U+10FFFF: F4 90 80 80", quoted([0xF4, 0x90, 0x80, 0x80])),
    rejectsBytes("8.1", "lead byte F5", quoted([0xF5, 0x80, 0x80, 0x80])),
    rejectsBytes("8.1", "lead byte F7", quoted([0xF7, 0xBF, 0xBF, 0xBF])),
    rejectsBytes("8.1", "5-byte form F8", quoted([0xF8, 0x88, 0x80, 0x80, 0x80])),
    rejectsBytes("8.1", "6-byte form FC", quoted([0xFC, 0x84, 0x80, 0x80, 0x80, 0x80])),
    rejectsBytes("8.1", "byte FE", quoted([0xFE])),
    rejectsBytes("8.1", "byte FF", quoted([0xFF])),
    rejectsBytes("8.1", "truncated 2-byte sequence", quoted([0xC3])),
    rejectsBytes("8.1", "truncated 3-byte sequence", quoted([0xE2, 0x82])),
    rejectsBytes("8.1", "truncated 4-byte sequence", quoted([0xF0, 0x9F, 0x98])),
    rejectsBytes("8.1", "lead byte then ASCII", quoted([0xC3, 0x41])),
    rejectsBytes("8.1", "lead byte then an escape", quoted([0xC3, 0x5C, 0x6E])),
    rejectsBytes("8.1", "stray continuation byte 80", quoted([0x80])),
    rejectsBytes("8.1", "stray continuation byte BF", quoted([0x61, 0xBF, 0x62])),
    rejectsBytes("8.1", "continuation after a complete sequence", quoted([0xC3, 0xA9, 0xA9])),
    rejectsBytes("8.1", "truncated sequence at the end of input", [0x22, 0xE2, 0x82]),
    rejectsBytes("8.1", "UTF-8 letter outside a string", [0xC3, 0xA9]),
  ]

  static let all = grammar + literals + objects + arrays + numbers + strings + utf8
}

private func hex(_ byte: UInt8) -> String {
  let digits = String(byte, radix: 16, uppercase: true)
  return byte < 0x10 ? "0" + digits : digits
}

/// Every printable ASCII byte except `"` and `\`, as a JSON string and its value.
private let printableASCII: (bytes: [UInt8], value: JSONValue) = {
  let text = (0x20...0x7E).map { UInt8($0) }.filter { $0 != 0x22 && $0 != 0x5C }
  return (quoted(text), .string(String(decoding: text, as: UTF8.self)))
}()

// MARK: - Running a case

/// Every event of reading `bytes` with default options, on one path or the other.
func readEvents(_ bytes: [UInt8], byteLevel: Bool, maximumDepth: Int = 512) -> [CDRReadEvent] {
  let reader = CDRReader(
    bytes: bytes, sourceName: "case",
    options: CDRReader.Options(maximumDepth: maximumDepth, usesByteLevelDecoding: byteLevel))
  var events: [CDRReadEvent] = []
  while let event = reader.next() { events.append(event) }
  return events
}

/// The record line the case is embedded in.
private func recordLine(around bytes: [UInt8]) -> [UInt8] {
  Array(#"{"call_id":"c","x":["#.utf8) + bytes + Array("]}\n".utf8)
}

/// Checks one case on the strict parser and both reader paths.
private func check(_ testCase: ConformanceCase) {
  let strict = Result { () throws(JSONParseError) in try JSONValue(parsing: testCase.bytes) }
  switch (strict, testCase.expected) {
  case (.success(let value), let expected?):
    #expect(value == expected, "strict parser value")
  case (.success(let value), nil):
    Issue.record("strict parser accepted a text RFC 8259 forbids, as \(value)")
  case (.failure(let error), _?):
    Issue.record("strict parser rejected a valid text: \(error)")
  case (.failure, nil):
    break
  }
  guard testCase.inRecord else { return }
  let line = recordLine(around: testCase.bytes)
  let byteLevel = readEvents(line, byteLevel: true)
  let general = readEvents(line, byteLevel: false)
  #expect(byteLevel == general, "the byte-level and general paths disagree")
  if let expected = testCase.expected {
    #expect(byteLevel.count == 1, "one record line gives exactly one event")
    #expect(byteLevel.first?.record?.otherFields["x"] == .array([expected]), "record path value")
    #expect(byteLevel.first?.record?.callID == "c")
  } else {
    // A stray closing bracket ends the record early in the reader's structural cut, and
    // the rest of the line is reported as a second rejection: never a record.
    #expect(!byteLevel.isEmpty && byteLevel.allSatisfy { $0.rejection != nil })
    // A case that puts a line break in the record makes it a broken pretty-printed
    // document, rejected where its structure breaks.
    switch byteLevel.first?.rejection?.reason {
    case .malformedJSON?, .malformedRecord?: break
    default: Issue.record("record path did not reject as malformed JSON: \(byteLevel)")
    }
  }
}

// MARK: - Tests

@Suite("JSON conformance (RFC 8259)")
struct JSONConformanceTests {
  @Test("§2 grammar and whitespace", arguments: ConformanceTables.grammar)
  func grammar(_ testCase: ConformanceCase) { check(testCase) }

  @Test("§3 literal names", arguments: ConformanceTables.literals)
  func literals(_ testCase: ConformanceCase) { check(testCase) }

  @Test("§4 objects", arguments: ConformanceTables.objects)
  func objects(_ testCase: ConformanceCase) { check(testCase) }

  @Test("§5 arrays", arguments: ConformanceTables.arrays)
  func arrays(_ testCase: ConformanceCase) { check(testCase) }

  @Test("§6 numbers", arguments: ConformanceTables.numbers)
  func numbers(_ testCase: ConformanceCase) { check(testCase) }

  @Test("§7 strings and escapes", arguments: ConformanceTables.strings)
  func strings(_ testCase: ConformanceCase) { check(testCase) }

  @Test("§8.1 UTF-8", arguments: ConformanceTables.utf8)
  func utf8(_ testCase: ConformanceCase) { check(testCase) }

  /// String cases also as an object name and as the value of a modeled string field, where
  /// the byte-level path has its own key lookup and field assignment.
  @Test(
    "§7/§8.1 strings as a member name and as a typed field",
    arguments: ConformanceTables.strings + ConformanceTables.utf8)
  func stringsInOtherPositions(_ testCase: ConformanceCase) {
    guard testCase.bytes.first == 0x22 else { return }  // only string texts
    let asName =
      Array(#"{"call_id":"c","#.utf8) + testCase.bytes + Array(#":1}"#.utf8) + [0x0A]
    let asField =
      Array(#"{"call_id":"c","caller_id_name":"#.utf8) + testCase.bytes + Array("}\n".utf8)
    for (position, line) in [("name", asName), ("field", asField)] {
      let byteLevel = readEvents(line, byteLevel: true)
      let general = readEvents(line, byteLevel: false)
      #expect(byteLevel == general, "paths disagree with the string as a \(position)")
      #expect(byteLevel.count == 1)
      guard let event = byteLevel.first else { continue }
      switch testCase.expected {
      case .string(let text)?:
        if position == "name" {
          #expect(event.record?.otherFields[text] == 1, "string as a member name")
        } else {
          #expect(event.record?.callerIDName == text, "string as caller_id_name")
        }
      default:
        #expect(event.rejection != nil, "a bad string as a \(position) is rejected")
      }
    }
  }

  /// Every case inside `custom_channel_vars`, which the byte-level path validates without
  /// building (`skipValue`) and keeps as bytes: as a variable's value, and string cases
  /// also as a variable's name. The paths must agree, and a kept value must read back as
  /// the strict parser's value, one variable at a time and as the whole dictionary.
  @Test("every case inside custom_channel_vars", arguments: ConformanceTables.all)
  func insideChannelVariables(_ testCase: ConformanceCase) {
    guard testCase.inRecord else { return }
    var lines = [
      (
        "value",
        Array(#"{"call_id":"c","custom_channel_vars":{"sentinel":"1","x":["#.utf8) + testCase.bytes
          + Array("]}}\n".utf8)
      )
    ]
    if testCase.bytes.first == 0x22 {
      lines.append(
        (
          "name",
          Array(#"{"call_id":"c","custom_channel_vars":{"#.utf8) + testCase.bytes
            + Array(#":"v","sentinel":"1"}}"#.utf8) + [0x0A]
        ))
    }
    for (position, line) in lines {
      let byteLevel = readEvents(line, byteLevel: true)
      let general = readEvents(line, byteLevel: false)
      #expect(byteLevel == general, "paths disagree with the case as a variable's \(position)")
      guard let expected = testCase.expected else {
        #expect(!byteLevel.isEmpty && byteLevel.allSatisfy { $0.rejection != nil })
        continue
      }
      #expect(byteLevel.count == 1)
      guard let vars = byteLevel.first?.record?.customChannelVars else {
        Issue.record("no channel variables read with the case as a \(position)")
        continue
      }
      #expect(vars.text("sentinel") == "1")
      if position == "value" {
        #expect(vars["x"] == .array([expected]))
        #expect(vars.values == ["sentinel": "1", "x": .array([expected])])
      } else if case .string(let name) = expected {
        #expect(vars.text(name) == "v")
        #expect(vars.values == ["sentinel": "1", name: "v"])
      }
    }
  }

  /// Number cases also as the value of a modeled integer field, which the byte-level path
  /// scans on its own: the same texts must be accepted and rejected.
  @Test("§6 numbers in an integer field", arguments: ConformanceTables.numbers)
  func numbersInIntegerField(_ testCase: ConformanceCase) {
    let line =
      Array(#"{"call_id":"c","duration_seconds":"#.utf8) + testCase.bytes + Array("}\n".utf8)
    let byteLevel = readEvents(line, byteLevel: true)
    let general = readEvents(line, byteLevel: false)
    #expect(byteLevel == general)
    #expect(byteLevel.count == 1)
    #expect((byteLevel.first?.record != nil) == (testCase.expected != nil))
  }

  // MARK: §9 limits

  private static func nestedArrays(_ depth: Int) -> String {
    String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
  }

  private static func nestedObjects(_ depth: Int) -> String {
    String(repeating: #"{"a":"#, count: depth - 1) + "{}" + String(repeating: "}", count: depth - 1)
  }

  @Test("§9 the documented depth, 512, is accepted; 513 is not")
  func depthLimit() throws {
    var expected: JSONValue = []
    for _ in 1..<512 { expected = [expected] }
    #expect(try JSONValue(parsing: Self.nestedArrays(512)) == expected)
    #expect(throws: JSONParseError(.nestingTooDeep(limit: 512), at: 512)) {
      try JSONValue(parsing: Self.nestedArrays(513))
    }
    var expectedObject: JSONValue = [:]
    for _ in 1..<512 { expectedObject = ["a": expectedObject] }
    #expect(try JSONValue(parsing: Self.nestedObjects(512)) == expectedObject)
    #expect(throws: JSONParseError.self) { try JSONValue(parsing: Self.nestedObjects(513)) }
  }

  @Test("§9 a caller's depth limit is honoured", arguments: [1, 2, 5, 40])
  func customDepth(limit: Int) throws {
    #expect(try JSONValue(parsing: Self.nestedArrays(limit), maximumDepth: limit) != .null)
    #expect(throws: JSONParseError(.nestingTooDeep(limit: limit), at: limit)) {
      try JSONValue(parsing: Self.nestedArrays(limit + 1), maximumDepth: limit)
    }
  }

  /// In a record the record object is the first level: a member may nest 511 deep.
  @Test("§9 depth inside a record is the same on both paths", arguments: [511, 512])
  func depthInRecord(depth: Int) {
    let line = Array(#"{"call_id":"c","x":\#(Self.nestedArrays(depth))}"#.utf8) + [0x0A]
    let byteLevel = readEvents(line, byteLevel: true)
    let general = readEvents(line, byteLevel: false)
    #expect(byteLevel == general)
    if depth == 511 {
      #expect(byteLevel.first?.record?.otherFields["x"] != nil)
    } else {
      let offset = #"{"call_id":"c","x":"#.utf8.count + 511
      #expect(
        byteLevel.first?.rejection?.reason
          == .malformedJSON(JSONParseError(.nestingTooDeep(limit: 512), at: offset)))
    }
  }

  @Test("§9 the reader's maximumDepth option applies on both paths")
  func readerDepthOption() {
    let line = Array(#"{"call_id":"c","x":[[[1]]]}"#.utf8) + [0x0A]
    for byteLevel in [true, false] {
      #expect(readEvents(line, byteLevel: byteLevel, maximumDepth: 4).first?.record != nil)
      #expect(readEvents(line, byteLevel: byteLevel, maximumDepth: 3).first?.rejection != nil)
    }
  }
}
