// The shapes of a record's members, read from its bytes without building anything: for a
// check that only needs to know what kind of value each member holds (`CDRValidation`'s
// byte-level verdict). The walk accepts exactly the bytes the byte-level decoder accepts
// for a one-object NDJSON line (the same skipping functions, in the same order); any error
// ends it, and the caller then leaves the line to the full reader, which decides and
// reports as always.

/// What kind of JSON value a member holds.
package enum _ValueShape: UInt8, Sendable {
  /// A string whose bytes between the quotes are its text: ASCII without escapes or
  /// control characters.
  case plainString
  /// Any other string (escapes, non-ASCII text).
  case otherString
  /// An integer literal of at most 18 digits: no fraction, no exponent.
  case plainInteger
  /// Any other number.
  case otherNumber
  /// `true` or `false`.
  case boolean
  /// `null`.
  case null
  /// An object.
  case object
  /// An array.
  case array
}

/// One member of an object, as positions in the scanned bytes.
package struct _MemberShape: Sendable {
  /// The key's bytes between its quotes.
  package var key: Range<Int>
  /// Whether the key is plain (ASCII without escapes), so its bytes are its text.
  package var keyIsPlain: Bool
  /// What the value is.
  package var shape: _ValueShape
  /// The value's bytes (a string with its quotes).
  package var value: Range<Int>
  /// For an object whose members were described: their positions in
  /// ``_MemberShapes/members`` (right after this one); empty otherwise.
  package var members: Range<Int>
  /// The position of the next member of the same object.
  package var next: Int
}

/// The members of one record, in document order, each object of the first levels followed
/// by its own members (see ``CDRReader/scanMemberShapes(_:maximumDepth:describedLevels:into:)``).
package struct _MemberShapes {
  /// Every described member; the record's own members are a chain from position 0
  /// through ``_MemberShape/next`` to the end, an object's members a chain through its
  /// ``_MemberShape/members``.
  package var members: [_MemberShape] = []

  package init() {}
}

extension CDRReader {
  /// Describes the one JSON object in `bytes` (surrounded by optional whitespace), member
  /// by member: the members of the top-level object and, for objects up to
  /// `describedLevels` deep (1 is the top-level object), their members too. Returns
  /// `false`, with nothing decided, when the bytes are not exactly one valid object within
  /// `maximumDepth` (the full reader then decides and reports); an empty object also
  /// returns `false`.
  package static func scanMemberShapes(
    _ bytes: UnsafeBufferPointer<UInt8>, maximumDepth: Int, describedLevels: Int,
    into shapes: inout _MemberShapes
  ) -> Bool {
    shapes.members.removeAll(keepingCapacity: true)
    var parser = JSONParser(bytes: bytes, maximumDepth: maximumDepth)
    do throws(JSONParseError) {
      parser.skipWhitespace()
      guard parser.index < bytes.count, bytes[parser.index] == UInt8(ascii: "{") else {
        return false
      }
      guard try parser.describeObject(level: 1, levels: describedLevels, into: &shapes.members)
      else { return false }
      parser.skipWhitespace()
      return parser.index == bytes.count
    } catch {
      return false
    }
  }

  /// Reads one NDJSON line (its bytes, with or without the newline) with the full reader,
  /// as the line-chunk readers do for a line they leave to it: lines count from 1 and
  /// record indices from 0 in the result's locations.
  package static func readLine(
    _ bytes: ArraySlice<UInt8>, sourceName: String, options: Options
  ) -> CDRReadResult {
    CDRReader(lineChunk: bytes, sourceName: sourceName, options: options).readLineChunk().result
  }
}

extension JSONParser {
  /// Validates the object at `index` as `scanObject` does and appends its members to
  /// `members` (objects of a level below `levels` with their own members after them).
  /// Returns `false` for `{}`.
  mutating func describeObject(level: Int, levels: Int, into members: inout [_MemberShape])
    throws(JSONParseError) -> Bool
  {
    try enter()
    index += 1  // {
    skipWhitespace()
    if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
      index += 1
      depth -= 1
      return false
    }
    while true {
      skipWhitespace()
      guard index < bytes.count else { throw JSONParseError(.unexpectedEndOfInput, at: index) }
      if bytes[index] == UInt8(ascii: "}") { throw JSONParseError(.trailingComma, at: index) }
      guard bytes[index] == UInt8(ascii: "\"") else {
        throw JSONParseError(.expectedKey, at: index)
      }
      let keyStart = index + 1
      let keyIsPlain = try skipString()
      let keyEnd = index - 1
      skipWhitespace()
      guard index < bytes.count else { throw JSONParseError(.unexpectedEndOfInput, at: index) }
      guard bytes[index] == UInt8(ascii: ":") else {
        throw JSONParseError(.unexpectedByte(bytes[index]), at: index)
      }
      index += 1
      skipWhitespace()
      let position = members.count
      let valueStart = index
      members.append(
        _MemberShape(
          key: keyStart..<keyEnd, keyIsPlain: keyIsPlain, shape: .null,
          value: valueStart..<valueStart, members: 0..<0, next: position + 1))
      let shape: _ValueShape
      if level < levels, index < bytes.count, bytes[index] == UInt8(ascii: "{") {
        _ = try describeObject(level: level + 1, levels: levels, into: &members)
        members[position].members = (position + 1)..<members.count
        members[position].next = members.count
        shape = .object
      } else {
        shape = try skipValueShape()
      }
      members[position].shape = shape
      members[position].value = valueStart..<index
      skipWhitespace()
      guard index < bytes.count else { throw JSONParseError(.unexpectedEndOfInput, at: index) }
      switch bytes[index] {
      case UInt8(ascii: ","): index += 1
      case UInt8(ascii: "}"):
        index += 1
        depth -= 1
        return true
      default: throw JSONParseError(.unexpectedByte(bytes[index]), at: index)
      }
    }
  }

  /// Whether the valid number literal `bytes[literal]` is an optional `-` and 1 to 18
  /// digits.
  @inline(__always)
  func isPlainInteger(_ literal: Range<Int>) -> Bool {
    let digits = bytes[literal.lowerBound] == UInt8(ascii: "-") ? literal.dropFirst() : literal
    guard !digits.isEmpty, digits.count <= 18 else { return false }
    for position in digits where bytes[position] &- UInt8(ascii: "0") >= 10 { return false }
    return true
  }
}
