import CDRModel
import CDRTestSupport
import Testing

@Suite("JSONTextBuilder")
struct JSONTextBuilderTests {
  func text(_ build: (inout JSONTextBuilder) -> Void) -> String {
    var builder = JSONTextBuilder()
    build(&builder)
    return String(decoding: builder.bytes, as: UTF8.self)
  }

  @Test func commasAndColonsAreWrittenForTheCaller() {
    let written = text { json in
      json.beginObject()
      json.key("a")
      json.integer(1)
      json.key("b")
      json.beginArray()
      json.string("x")
      json.null()
      json.bool(false)
      json.beginObject()
      json.endObject()
      json.beginArray()
      json.endArray()
      json.endArray()
      json.key("c")
      json.string(orNull: nil)
      json.key("d")
      json.value(["z": 1, "y": [true]])
      json.endObject()
    }
    #expect(written == #"{"a":1,"b":["x",null,false,{},[]],"c":null,"d":{"y":[true],"z":1}}"#)
  }

  @Test(arguments: [
    (Int64.min, "-9223372036854775808"), (Int64.max, "9223372036854775807"), (0, "0"),
    (-7, "-7"), (10, "10"), (63_746_445_600, "63746445600"),
  ])
  func integersAreDecimal(value: Int64, expected: String) {
    #expect(text { $0.integer(value) } == expected)
  }

  @Test func stringsAreEscapedMinimally() {
    let written = text { $0.string("\"\\/\u{0}\u{8}\u{C}\n\r\t\u{1F}\u{7F} é😀") }
    #expect(written == #""\"\\/\u0000\b\f\n\r\t\u001f"# + "\u{7F} é😀\"")
  }

  @Test func removeAllStartsANewDocument() {
    var builder = JSONTextBuilder(reservingCapacity: 64)
    builder.strings(["a", "b"])
    builder.removeAll()
    builder.strings(["c"])
    #expect(builder.bytes == Array(#"["c"]"#.utf8))
  }

  @Test func randomStringsRoundTripThroughTheParser() throws {
    var random = SeededGenerator(seed: 99)
    let alphabet: [Unicode.Scalar] = ["a", "\"", "\\", "\u{0}", "\u{1F}", "\n", "é", "😀", " ", "/"]
    for _ in 0..<200 {
      let length = Int.random(in: 0...40, using: &random)
      var value = ""
      for _ in 0..<length {
        value.unicodeScalars.append(alphabet[Int.random(in: 0..<alphabet.count, using: &random)])
      }
      var builder = JSONTextBuilder()
      builder.beginArray()
      builder.string(value)
      builder.endArray()
      #expect(try JSONValue(parsing: builder.bytes) == .array([.string(value)]))
      #expect(builder.bytes == Array(JSONValue.array([.string(value)]).jsonText.utf8))
    }
  }
}
