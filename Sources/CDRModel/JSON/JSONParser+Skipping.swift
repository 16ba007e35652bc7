// Validating without building: the byte-level path checks free-form members (channel and
// application variables, SIP headers, unknown keys) exactly as `parseValue()` would, with
// the same errors at the same offsets, but keeps their bytes instead of building
// `JSONValue`s. Every function here mirrors its `parse...` counterpart step for step; keep
// them in step.

extension JSONParser {
  /// Validates the member value at `index` as ``parseValue()`` would and leaves `index`
  /// after it; returns whether it is a plain string (ASCII without escapes). Inlined, as
  /// ``skipString()`` is: most members of a record are skipped, and two calls per value
  /// were a tenth of projecting a line.
  @inline(__always)
  mutating func skipMemberValue() throws(JSONParseError) -> Bool {
    if index < bytes.count, bytes[index] == UInt8(ascii: "\"") { return try skipString() }
    try skipValue()
    return false
  }

  /// Validates the value at `index` as ``parseValue()`` would and leaves `index` after it.
  mutating func skipValue() throws(JSONParseError) {
    guard index < bytes.count else { throw JSONParseError(.unexpectedEndOfInput, at: index) }
    switch bytes[index] {
    case UInt8(ascii: "{"): try skipObject()
    case UInt8(ascii: "["): try skipArray()
    case UInt8(ascii: "\""): _ = try skipString()
    case UInt8(ascii: "t"): try expectLiteral("true")
    case UInt8(ascii: "f"): try expectLiteral("false")
    case UInt8(ascii: "n"): try expectLiteral("null")
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try skipNumber()
    default: throw JSONParseError(.unexpectedByte(bytes[index]), at: index)
    }
  }

  /// Validates the value at `index` as ``skipValue()`` does (the same errors at the same
  /// offsets) and returns its shape.
  mutating func skipValueShape() throws(JSONParseError) -> _ValueShape {
    let start = index
    guard index < bytes.count else { throw JSONParseError(.unexpectedEndOfInput, at: index) }
    switch bytes[index] {
    case UInt8(ascii: "\""): return try skipString() ? .plainString : .otherString
    case UInt8(ascii: "{"):
      try skipObject()
      return .object
    case UInt8(ascii: "["):
      try skipArray()
      return .array
    case UInt8(ascii: "t"):
      try expectLiteral("true")
      return .boolean
    case UInt8(ascii: "f"):
      try expectLiteral("false")
      return .boolean
    case UInt8(ascii: "n"):
      try expectLiteral("null")
      return .null
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
      try skipNumber()
      return isPlainInteger(start..<index) ? .plainInteger : .otherNumber
    default: throw JSONParseError(.unexpectedByte(bytes[index]), at: index)
    }
  }

  /// Validates a number as ``parseNumber()`` would.
  mutating func skipNumber() throws(JSONParseError) {
    let start = index
    guard let end = JSONNumber.scanLiteral(bytes, from: start) else {
      throw JSONParseError(.invalidNumber, at: start)
    }
    if end < bytes.count, bytes[end] &- UInt8(ascii: "0") < 10 {
      throw JSONParseError(.invalidNumber, at: start)
    }
    index = end
  }

  /// Validates a string as ``parseString()`` would.
  ///
  /// - Returns: `true` when the string is plain: ASCII without escapes, so its bytes
  ///   between the quotes are its text.
  @inline(__always)
  mutating func skipString() throws(JSONParseError) -> Bool {
    let cursor = plainRunEnd(from: index + 1)
    if cursor < bytes.count, bytes[cursor] == UInt8(ascii: "\"") {
      index = cursor + 1
      return true
    }
    // Escapes, non-ASCII text, control characters or the end of input: the general
    // string path decides (and reports) exactly as it does when parsing.
    _ = try parseString()
    return false
  }

  /// Validates an array as ``parseArray()`` would.
  mutating func skipArray() throws(JSONParseError) {
    try enter()
    index += 1  // [
    skipWhitespace()
    if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
      index += 1
      depth -= 1
      return
    }
    while true {
      skipWhitespace()
      if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
        throw JSONParseError(.trailingComma, at: index)
      }
      try skipValue()
      skipWhitespace()
      guard index < bytes.count else { throw JSONParseError(.unexpectedEndOfInput, at: index) }
      switch bytes[index] {
      case UInt8(ascii: ","): index += 1
      case UInt8(ascii: "]"):
        index += 1
        depth -= 1
        return
      default: throw JSONParseError(.unexpectedByte(bytes[index]), at: index)
      }
    }
  }

  /// Validates an object as ``parseObject()`` would.
  mutating func skipObject() throws(JSONParseError) {
    _ = try scanObject { _, _, _, _ in }
  }

  /// Validates the object at `index` as ``parseObject()`` would, calling `member` with the
  /// positions of each member in document order: the key's bytes between its quotes, whether
  /// the key is plain (ASCII without escapes), and the value's bytes (`valueStart..<index`),
  /// with whether the value is a plain string.
  ///
  /// - Returns: `true` when the object is `{}`.
  @inline(__always)
  mutating func scanObject(
    _ member: (
      _ key: Range<Int>, _ keyIsPlain: Bool, _ value: Range<Int>, _ valueIsPlainString: Bool
    )
      -> Void
  ) throws(JSONParseError) -> Bool {
    try enter()
    index += 1  // {
    skipWhitespace()
    if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
      index += 1
      depth -= 1
      return true
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
      let valueStart = index
      let valueIsPlainString = try skipMemberValue()
      member(keyStart..<keyEnd, keyIsPlain, valueStart..<index, valueIsPlainString)
      skipWhitespace()
      guard index < bytes.count else { throw JSONParseError(.unexpectedEndOfInput, at: index) }
      switch bytes[index] {
      case UInt8(ascii: ","): index += 1
      case UInt8(ascii: "}"):
        index += 1
        depth -= 1
        return false
      default: throw JSONParseError(.unexpectedByte(bytes[index]), at: index)
      }
    }
  }
}
