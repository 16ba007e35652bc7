import CDRTestSupport
import Foundation
import Testing

@testable import CDRModel

/// A line projected by a remembered shape (`_LineShapes`) must give exactly what the
/// projection member by member gives without any memory: the same verdict, fields, end and
/// whitespace note, whatever lines came before it.
@Suite struct LineShapesTests {
  /// The members of a compact leg, in order, as key and JSON value.
  static func members(_ number: Int) -> [(String, String)] {
    [
      ("_id", "\"doc-\(number)\""),
      ("billing_seconds", "\(number % 300)"),
      ("call_direction", number % 2 == 0 ? "\"inbound\"" : "\"outbound\""),
      ("call_id", "\"c\(number)\""),
      ("callee_id_name", "\"Callee \(number)\""),
      ("caller_id_number", "\"+1415555\(number)\""),
      ("channel_created_time", "1579219201000001"),
      (
        "custom_channel_vars",
        "{\"account_id\":\"a1\",\"bridge_id\":\"b\(number / 2)\",\"owner_id\":\"o\(number)\",\"rate\":\"1\"}"
      ),
      ("duration_seconds", "\(number)"),
      ("hangup_cause", "\"NORMAL_CLEARING\""),
      ("interaction_id", "\"i\(number / 2)\""),
      ("other_leg_call_id", "\"c\(number + 1)\""),
      ("pvt_created", "63746438673"),
      ("timestamp", "63746438672"),
      ("unknown_flag", "true"),
    ]
  }

  static func line(_ members: [(String, String)]) -> String {
    "{" + members.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
  }

  static func replacing(_ key: String, with value: String, in number: Int) -> String {
    line(members(number).map { $0.0 == key ? ($0.0, value) : $0 })
  }

  /// Lines of one shape, of others that share its first members, and lines that leave a
  /// shape somewhere: each is read by shape only when that gives what the member-by-member
  /// projection gives.
  static let variants: [String] = {
    var lines: [String] = []
    for number in 0..<4 { lines.append(line(members(number))) }
    // Another shape: a member missing in the middle, one added, two swapped.
    lines.append(line(members(5).filter { $0.0 != "other_leg_call_id" }))
    lines.append(line(members(6).filter { $0.0 != "other_leg_call_id" }))
    var added = members(7)
    added.insert(("zz", "null"), at: 9)
    lines.append(line(added))
    var swapped = members(8)
    swapped.swapAt(1, 2)
    lines.append(line(swapped))
    // Values a shape's step does not read the way the member-by-member projection would,
    // or that make it give up.
    lines.append(replacing("caller_id_number", with: #""+1\u0034155""#, in: 9))
    lines.append(replacing("billing_seconds", with: "\"12\"", in: 10))
    lines.append(replacing("billing_seconds", with: "12.5", in: 11))
    lines.append(replacing("duration_seconds", with: "1234567890123456789", in: 12))
    lines.append(replacing("duration_seconds", with: "05", in: 13))
    lines.append(replacing("call_direction", with: "\"sideways\"", in: 14))
    lines.append(replacing("hangup_cause", with: "\"caf\u{E9}\"", in: 15))
    // Modeled members that are skipped, with a plain value of a type they do not have.
    lines.append(replacing("hangup_cause", with: "42", in: 30))
    lines.append(replacing("pvt_created", with: "\"63746438673\"", in: 31))
    lines.append(replacing("hangup_cause", with: #"["a", {"b":[1,-2.5e3]}]"#, in: 16))
    lines.append(replacing("unknown_flag", with: #"{"x": [true, false, null]}"#, in: 17))
    lines.append(replacing("custom_channel_vars", with: "{}", in: 18))
    lines.append(
      replacing(
        "custom_channel_vars", with: #"{"owner_id":"o","bridge_id":"b","account_id":"a"}"#,
        in: 19))
    lines.append(
      replacing("custom_channel_vars", with: #"{"bridge_id":"b","bridge_id":"c"}"#, in: 20))
    lines.append(replacing("custom_channel_vars", with: #"{"rate":{"a":1}}"#, in: 21))
    // Whitespace where a shape has none, an escaped key, a repeated key, a cut line.
    lines.append(
      line(members(22)).replacingOccurrences(
        of: #""duration_seconds":"#, with: #""duration_seconds": "#))
    lines.append(
      line(members(23)).replacingOccurrences(of: ",\"hangup_cause\"", with: " ,\"hangup_cause\""))
    lines.append(
      line(members(24)).replacingOccurrences(of: "\"call_id\"", with: #""call\u005fid""#))
    lines.append(String(line(members(25)).dropLast()) + ",\"call_id\":\"again\"}")
    lines.append(String(line(members(26)).prefix(120)))
    lines.append(String(line(members(27)).dropLast()))
    lines.append(line(members(28)) + " ")
    var loopback = members(29)
    loopback.append(("channel_loopback_leg", "\"A\""))
    loopback.append(("channel_loopback_other_leg_id", "\"c30\""))
    lines.append(line(loopback))
    loopback[loopback.count - 2] = ("channel_loopback_leg", "\"C\"")
    lines.append(line(loopback))
    return lines
  }()

  struct Projection: Equatable {
    var projected: Bool
    var fields: _LegFields?
    var end: Int?
    var metWhitespace: Bool?
  }

  static func project(
    _ bytes: [UInt8], lineEnd: Bool, memory: _ProjectionMemory?
  ) -> Projection {
    bytes.withUnsafeBufferPointer { buffer in
      var parser = JSONParser(bytes: buffer)
      var fields = _LegFields()
      let projected = parser.projectLeg(
        origin: 7, into: &fields, memory: memory, toLineEnd: lineEnd)
      guard projected else { return Projection(projected: false) }
      return Projection(
        projected: true, fields: fields, end: parser.index,
        metWhitespace: parser.metWhitespace)
    }
  }

  /// Every variant after every other, both ways of ending a line (the line alone, and the
  /// line followed by the next one, as lines are projected before their end is found).
  @Test func shapesReadWhatMembersRead() {
    let lines = Self.variants
    var shaped = 0
    for lineEnd in [true, false] {
      for first in lines.indices {
        for second in lines.indices {
          let memory = _ProjectionMemory()
          for (position, text) in [lines[first], lines[second], lines[first]].enumerated() {
            let bytes = Array(text.utf8) + (lineEnd ? [] : Array("\n{\"x\":1}".utf8))
            let expected = Self.project(bytes, lineEnd: lineEnd, memory: nil)
            let got = Self.project(bytes, lineEnd: lineEnd, memory: memory)
            #expect(
              got == expected,
              "line \(position) (variant \([first, second, first][position])) after variants \(first), \(second)"
            )
          }
          shaped = memory.shapedLines
          // The same line twice in a row is read by its shape when it is projected at all
          // and has no whitespace between its values; otherwise no shape is made of it.
          if first == second {
            #expect(shaped == (expectedShaped(lines[first]) ? 2 : 0), "variant \(first)")
          }
        }
      }
    }
  }

  /// Whether a line of `variants` is one a shape is made of: projected, with no whitespace
  /// between its members (the two variants that put a space before a comma and after a
  /// colon). Whitespace inside a value that is skipped whole (a nested array or object)
  /// does not matter: a shape skips that value as the projection does.
  func expectedShaped(_ line: String) -> Bool {
    let bytes = Array(line.utf8)
    return Self.project(bytes, lineEnd: true, memory: nil).projected
      && !line.contains(#""duration_seconds": "#) && !line.contains(#" ,"hangup_cause""#)
  }

  /// Two shapes that alternate, line after line (a leg with `other_leg_call_id`, one
  /// without): after one line of each, every line is read by a shape, the second one found
  /// where the two part.
  @Test func alternatingShapesAreBothKept() {
    let memory = _ProjectionMemory()
    var expectedFields: [_LegFields] = []
    var gotFields: [_LegFields] = []
    for number in 0..<40 {
      let members = Self.members(number).filter {
        number % 2 == 0 || $0.0 != "other_leg_call_id"
      }
      let bytes = Array(Self.line(members).utf8)
      let expected = Self.project(bytes, lineEnd: true, memory: nil)
      let got = Self.project(bytes, lineEnd: true, memory: memory)
      #expect(expected.projected)
      expectedFields.append(expected.fields ?? _LegFields())
      gotFields.append(got.fields ?? _LegFields())
    }
    #expect(gotFields == expectedFields)
    #expect(memory.shapedLines == 38)
    // Hand-read from the generator: the second leg has no other leg, the first one does.
    #expect(gotFields[1].otherLegCallID == nil)
    #expect(gotFields[0].otherLegCallID != nil)
  }

  /// Lines that no kept shape fits, two in a row, pause shapes for 4 lines, then 8, 16...
  /// up to 256 (so lines of many shapes are not each tried and made a shape in vain); a
  /// line that fits a shape ends the pauses. Every line reads as member by member.
  @Test func shapesPauseWhenLinesDoNotFit() {
    let memory = _ProjectionMemory()
    let droppable = [
      "billing_seconds", "callee_id_name", "hangup_cause", "pvt_created", "unknown_flag",
      "timestamp",
    ]
    // 35 shapes, each of one line: every pair and every three of the six members dropped.
    var dropped: [Set<String>] = []
    for a in 0..<6 {
      for b in (a + 1)..<6 {
        dropped.append([droppable[a], droppable[b]])
        for c in (b + 1)..<6 { dropped.append([droppable[a], droppable[b], droppable[c]]) }
      }
    }
    #expect(dropped.count == 35)
    func read(_ number: Int, shape: Int) {
      let bytes = Array(
        Self.line(Self.members(number).filter { !dropped[shape].contains($0.0) }).utf8)
      #expect(
        Self.project(bytes, lineEnd: true, memory: memory)
          == Self.project(bytes, lineEnd: true, memory: nil))
    }
    let state = memory.state
    // Hand-traced: line 0 becomes a shape; lines 1 and 2 miss, so 3 to 6 go without shapes.
    for line in 0...2 { read(line, shape: line) }
    #expect(state.pointee.linesWithoutShapes == 4)
    #expect(state.pointee.pause == 8)
    for line in 3...6 { read(line, shape: line) }
    #expect(state.pointee.linesWithoutShapes == 0)
    for line in 7...8 { read(line, shape: line) }
    #expect(state.pointee.linesWithoutShapes == 8)
    #expect(state.pointee.pause == 16)
    for line in 9...18 { read(line, shape: line) }
    #expect(state.pointee.linesWithoutShapes == 16)
    #expect(state.pointee.pause == 32)
    for line in 19...34 { read(line, shape: line) }
    #expect(state.pointee.linesWithoutShapes == 0)
    #expect(memory.shapedLines == 0)
    // Line 18's shape, the last one made, fits: the pauses start again from 4.
    read(35, shape: 18)
    #expect(memory.shapedLines == 1)
    #expect(state.pointee.pause == 4)
  }

  /// A line may go on by another shape only from a step where the two shapes agree on
  /// every step before: here the line starts as the last shape and ends as the one before,
  /// which start differently, and repeats `call_id`, so the projection member by member
  /// gives up on it (the full reader decides).
  @Test func shapesSwitchOnlyWhereTheyAgree() {
    let memory = _ProjectionMemory()
    let tail = #""call_direction":"inbound","custom_channel_vars":{},"timestamp":5}"#
    let before = #"{"_id":"q","w":1,"call_id":"d","# + tail
    let last =
      #"{"call_id":"c","x":1,"call_direction":"inbound","custom_channel_vars":{},"timestamp":5}"#
    let line = #"{"call_id":"c","x":1,"call_id":"d","# + tail
    for text in [before, last] {
      #expect(Self.project(Array(text.utf8), lineEnd: true, memory: memory).projected)
    }
    #expect(!Self.project(Array(line.utf8), lineEnd: true, memory: memory).projected)
    #expect(!Self.project(Array(line.utf8), lineEnd: true, memory: nil).projected)
    #expect(memory.shapedLines == 0)
  }

  /// More shapes than are kept, in turn: the one matched longest ago makes room, and every
  /// line still reads as member by member.
  @Test func moreShapesThanKept() {
    let memory = _ProjectionMemory()
    var generator = SeededGenerator(seed: 14)
    let dropped = [
      "billing_seconds", "callee_id_name", "hangup_cause", "pvt_created", "unknown_flag",
      "timestamp",
    ]
    for number in 0..<300 {
      let drop = dropped[Int(generator.next() % UInt64(dropped.count))]
      let bytes = Array(Self.line(Self.members(number).filter { $0.0 != drop }).utf8)
      #expect(
        Self.project(bytes, lineEnd: true, memory: memory)
          == Self.project(bytes, lineEnd: true, memory: nil))
    }
    #expect(memory.shapedLines > 0)
  }
}

/// The integers the projection keeps are read as JSON and Swift read them: plain literals of
/// up to 18 digits, eight digits at a time; anything else leaves the line to the full
/// reader.
@Suite struct ProjectedIntegerTests {
  static func timestamp(_ literal: String) -> (projected: Bool, value: Int?) {
    let line =
      #"{"call_id":"c","call_direction":"inbound","custom_channel_vars":{},"timestamp":"#
      + literal + "}"
    let result = LineShapesTests.project(Array(line.utf8), lineEnd: true, memory: nil)
    return (result.projected, result.fields?.timestamp)
  }

  /// What the projection should make of `literal`: its value when it is an integer literal
  /// JSON allows (no leading zero), of 1 to 18 digits, with no fraction or exponent.
  static func expected(_ literal: String) -> Int? {
    let digits = literal.hasPrefix("-") ? String(literal.dropFirst()) : literal
    guard (1...18).contains(digits.count), digits.allSatisfy(\.isASCII),
      digits.allSatisfy(\.isNumber), digits == "0" || !digits.hasPrefix("0")
    else { return nil }
    return Int(literal)
  }

  @Test func literalsOfEveryLength() {
    var generator = SeededGenerator(seed: 8)
    var literals = [
      "0", "-0", "7", "10", "99999999", "100000000", "12345678", "123456789", "1234567890123456",
      "999999999999999999", "-999999999999999999", "1000000000000000000", "01", "-01", "00",
      "1.5", "1e3", "1E3", "12345678.0", "123456789e1", "-", "+1", "1234567/", "1234567:",
      "63746438672", "1579219201000001", "12345678 ", "9876543210abc",
    ]
    for length in 1...20 {
      for _ in 0..<6 {
        var text = String((generator.next() % 9) + 1)
        while text.count < length { text += String(generator.next() % 10) }
        literals.append(text)
        literals.append("-" + text)
        // A byte that is not a digit at every position of an eight-digit word.
        var bytes = Array(text.utf8)
        bytes[Int(generator.next() % UInt64(bytes.count))] =
          [0x2F, 0x3A, 0x20, 0x41, 0xB0][
            Int(generator.next() % 5)]
        literals.append(String(decoding: bytes, as: UTF8.self))
      }
    }
    for literal in literals {
      let (projected, value) = Self.timestamp(literal)
      let expected = Self.expected(literal.trimmingCharacters(in: .whitespaces))
      #expect(projected == (expected != nil), "\(literal)")
      if let expected {
        #expect(value == expected, "\(literal)")
      }
    }
  }
}
