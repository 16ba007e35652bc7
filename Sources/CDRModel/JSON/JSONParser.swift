/// A strict RFC 8259 parser from UTF-8 bytes to ``JSONValue``.
///
/// It accepts exactly the JSON texts RFC 8259 allows (one value, surrounded by optional
/// whitespace) and rejects everything else: leading zeros, `+` signs, bare `.5`, trailing
/// commas, single quotes, comments, unescaped control characters, invalid escapes, lone
/// surrogates in `\u` escapes, invalid UTF-8 and nesting beyond ``JSONParser/defaultMaximumDepth``.
/// A leading UTF-8 byte order mark is not JSON; callers that accept one (the reader does)
/// strip it first.
struct JSONParser: ~Copyable {
  /// The nesting limit used unless a caller asks for another: 512 arrays/objects deep.
  static let defaultMaximumDepth = 512

  let bytes: UnsafeBufferPointer<UInt8>
  let maximumDepth: Int
  var index = 0
  var depth = 0
  var scratch: [UInt8] = []
  /// Member positions of the objects being kept raw: a record's unknown members so far,
  /// then the object `scanRawObject` is reading; a reader lends its own so the capacity
  /// is reused from record to record.
  var memberTable: [UInt32] = []
  /// Whether a byte at or below a space was met where a token may start (whitespace,
  /// newlines included, is skipped only there): a parse of a buffer that runs past the end
  /// of its line, which did not set this, read no newline.
  var metWhitespace = false

  init(bytes: UnsafeBufferPointer<UInt8>, maximumDepth: Int = JSONParser.defaultMaximumDepth) {
    self.bytes = bytes
    self.maximumDepth = maximumDepth
  }

  /// Parses the whole buffer as one JSON text.
  mutating func parseDocument() throws(JSONParseError) -> JSONValue {
    skipWhitespace()
    let value = try parseValue()
    skipWhitespace()
    if index != bytes.count { throw JSONParseError(.trailingContent, at: index) }
    return value
  }

  @inline(__always)
  mutating func skipWhitespace() {
    // Most tokens follow one another without whitespace: one look at the byte decides.
    guard index < bytes.count, bytes[index] <= 0x20 else { return }
    skipWhitespaceRun()
  }

  /// ``skipWhitespace()`` past whitespace that starts at `index`.
  mutating func skipWhitespaceRun() {
    metWhitespace = true
    while index < bytes.count {
      switch bytes[index] {
      case 0x20, 0x09, 0x0A, 0x0D: index += 1
      default: return
      }
    }
  }

  mutating func parseValue() throws(JSONParseError) -> JSONValue {
    guard index < bytes.count else { throw JSONParseError(.unexpectedEndOfInput, at: index) }
    switch bytes[index] {
    case UInt8(ascii: "{"): return try parseObject()
    case UInt8(ascii: "["): return try parseArray()
    case UInt8(ascii: "\""): return .string(try parseString())
    case UInt8(ascii: "t"):
      try expectLiteral("true")
      return .bool(true)
    case UInt8(ascii: "f"):
      try expectLiteral("false")
      return .bool(false)
    case UInt8(ascii: "n"):
      try expectLiteral("null")
      return .null
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
      return .number(try parseNumber())
    default:
      throw JSONParseError(.unexpectedByte(bytes[index]), at: index)
    }
  }

  mutating func expectLiteral(_ word: StaticString) throws(JSONParseError) {
    let count = word.utf8CodeUnitCount
    for offset in 0..<count {
      guard index + offset < bytes.count else {
        throw JSONParseError(.unexpectedEndOfInput, at: index + offset)
      }
      guard bytes[index + offset] == word.utf8Start[offset] else {
        throw JSONParseError(.unexpectedByte(bytes[index + offset]), at: index + offset)
      }
    }
    index += count
  }

  mutating func parseNumber() throws(JSONParseError) -> JSONNumber {
    let start = index
    guard let end = JSONNumber.scanLiteral(bytes, from: start) else {
      throw JSONParseError(.invalidNumber, at: start)
    }
    // A digit right after a complete number means a leading zero such as `01`.
    if end < bytes.count, bytes[end] &- UInt8(ascii: "0") < 10 {
      throw JSONParseError(.invalidNumber, at: start)
    }
    index = end
    return JSONNumber(
      unchecked: String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self))
  }

  mutating func enter() throws(JSONParseError) {
    depth += 1
    if depth > maximumDepth {
      throw JSONParseError(.nestingTooDeep(limit: maximumDepth), at: index)
    }
  }

  mutating func parseArray() throws(JSONParseError) -> JSONValue {
    try enter()
    index += 1  // [
    var elements: [JSONValue] = []
    skipWhitespace()
    if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
      index += 1
      depth -= 1
      return .array(elements)
    }
    while true {
      skipWhitespace()
      if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
        throw JSONParseError(.trailingComma, at: index)
      }
      elements.append(try parseValue())
      skipWhitespace()
      guard index < bytes.count else { throw JSONParseError(.unexpectedEndOfInput, at: index) }
      switch bytes[index] {
      case UInt8(ascii: ","): index += 1
      case UInt8(ascii: "]"):
        index += 1
        depth -= 1
        return .array(elements)
      default: throw JSONParseError(.unexpectedByte(bytes[index]), at: index)
      }
    }
  }

  mutating func parseObject() throws(JSONParseError) -> JSONValue {
    try enter()
    index += 1  // {
    var members: [String: JSONValue] = [:]
    skipWhitespace()
    if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
      index += 1
      depth -= 1
      return .object(members)
    }
    // Most objects in CDRs have a handful of members: grow once, not at 1, 2, 4...
    members.reserveCapacity(8)
    while true {
      skipWhitespace()
      guard index < bytes.count else { throw JSONParseError(.unexpectedEndOfInput, at: index) }
      if bytes[index] == UInt8(ascii: "}") { throw JSONParseError(.trailingComma, at: index) }
      guard bytes[index] == UInt8(ascii: "\"") else {
        throw JSONParseError(.expectedKey, at: index)
      }
      let key = try parseString()
      skipWhitespace()
      guard index < bytes.count else { throw JSONParseError(.unexpectedEndOfInput, at: index) }
      guard bytes[index] == UInt8(ascii: ":") else {
        throw JSONParseError(.unexpectedByte(bytes[index]), at: index)
      }
      index += 1
      skipWhitespace()
      members[key] = try parseValue()
      skipWhitespace()
      guard index < bytes.count else { throw JSONParseError(.unexpectedEndOfInput, at: index) }
      switch bytes[index] {
      case UInt8(ascii: ","): index += 1
      case UInt8(ascii: "}"):
        index += 1
        depth -= 1
        return .object(members)
      default: throw JSONParseError(.unexpectedByte(bytes[index]), at: index)
      }
    }
  }

  /// The first position at or after `start` that is not plain string text: a quote, a
  /// backslash, a control character or a non-ASCII byte (`bytes.count` when there is none).
  @inline(__always)
  func plainRunEnd(from start: Int) -> Int {
    _JSONByteScan.firstSpecial(in: bytes, from: start, stopsAtNonASCII: true)
  }

  /// Parses a string starting at the opening quote; leaves `index` after the closing one.
  mutating func parseString() throws(JSONParseError) -> String {
    let start = index
    index += 1
    // Fast path: plain ASCII without escapes.
    let cursor = plainRunEnd(from: index)
    if cursor < bytes.count, bytes[cursor] == UInt8(ascii: "\"") {
      let text = String(
        decoding: UnsafeBufferPointer(rebasing: bytes[index..<cursor]), as: UTF8.self)
      index = cursor + 1
      return text
    }
    // General path: escapes, non-ASCII (validated), control characters (rejected).
    scratch.removeAll(keepingCapacity: true)
    scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<cursor]))
    index = cursor
    var sawNonASCII = false
    while true {
      guard index < bytes.count else { throw JSONParseError(.unexpectedEndOfInput, at: index) }
      let byte = bytes[index]
      switch byte {
      case UInt8(ascii: "\""):
        index += 1
        if sawNonASCII {
          guard let text = String(validating: scratch, as: UTF8.self) else {
            throw JSONParseError(.invalidUTF8, at: start)
          }
          return text
        }
        return String(decoding: scratch, as: UTF8.self)
      case UInt8(ascii: "\\"):
        try parseEscape()
      case 0x00..<0x20:
        throw JSONParseError(.controlCharacterInString, at: index)
      default:
        if byte >= 0x80 { sawNonASCII = true }
        scratch.append(byte)
        index += 1
      }
    }
  }

  mutating func parseEscape() throws(JSONParseError) {
    let escapeStart = index
    index += 1
    guard index < bytes.count else { throw JSONParseError(.unexpectedEndOfInput, at: index) }
    let byte = bytes[index]
    index += 1
    switch byte {
    case UInt8(ascii: "\""): scratch.append(0x22)
    case UInt8(ascii: "\\"): scratch.append(0x5C)
    case UInt8(ascii: "/"): scratch.append(0x2F)
    case UInt8(ascii: "b"): scratch.append(0x08)
    case UInt8(ascii: "f"): scratch.append(0x0C)
    case UInt8(ascii: "n"): scratch.append(0x0A)
    case UInt8(ascii: "r"): scratch.append(0x0D)
    case UInt8(ascii: "t"): scratch.append(0x09)
    case UInt8(ascii: "u"):
      let unit = try parseHex4()
      var scalarValue: UInt32
      switch unit {
      case 0xD800...0xDBFF:
        guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
          bytes[index + 1] == UInt8(ascii: "u")
        else { throw JSONParseError(.loneSurrogate, at: escapeStart) }
        index += 2
        let low = try parseHex4()
        guard (0xDC00...0xDFFF).contains(low) else {
          throw JSONParseError(.loneSurrogate, at: escapeStart)
        }
        scalarValue = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
      case 0xDC00...0xDFFF:
        throw JSONParseError(.loneSurrogate, at: escapeStart)
      default:
        scalarValue = UInt32(unit)
      }
      appendUTF8(scalarValue)
    default:
      throw JSONParseError(.invalidEscape, at: escapeStart)
    }
  }

  mutating func parseHex4() throws(JSONParseError) -> UInt16 {
    guard index + 4 <= bytes.count else { throw JSONParseError(.unexpectedEndOfInput, at: index) }
    var value: UInt16 = 0
    for offset in 0..<4 {
      let byte = bytes[index + offset]
      let digit: UInt8
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
      case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
      case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
      default: throw JSONParseError(.invalidEscape, at: index + offset)
      }
      value = value << 4 | UInt16(digit)
    }
    index += 4
    return value
  }

  mutating func appendUTF8(_ scalar: UInt32) {
    switch scalar {
    case 0..<0x80:
      scratch.append(UInt8(scalar))
    case 0x80..<0x800:
      scratch.append(UInt8(0xC0 | (scalar >> 6)))
      scratch.append(UInt8(0x80 | (scalar & 0x3F)))
    case 0x800..<0x10000:
      scratch.append(UInt8(0xE0 | (scalar >> 12)))
      scratch.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
      scratch.append(UInt8(0x80 | (scalar & 0x3F)))
    default:
      scratch.append(UInt8(0xF0 | (scalar >> 18)))
      scratch.append(UInt8(0x80 | ((scalar >> 12) & 0x3F)))
      scratch.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
      scratch.append(UInt8(0x80 | (scalar & 0x3F)))
    }
  }
}

extension JSONValue {
  /// Parses one JSON text (RFC 8259) from UTF-8 bytes.
  ///
  /// - Parameters:
  ///   - bytes: the UTF-8 text. A byte order mark is not JSON and is rejected.
  ///   - maximumDepth: how deeply arrays and objects may nest (default 512).
  /// - Throws: ``JSONParseError`` with the byte offset of the first problem.
  public init(parsing bytes: some Collection<UInt8>, maximumDepth: Int = 512) throws(JSONParseError)
  {
    let result: Result<JSONValue, JSONParseError> =
      bytes.withContiguousStorageIfAvailable { buffer in
        var parser = JSONParser(bytes: buffer, maximumDepth: maximumDepth)
        return Result { () throws(JSONParseError) in try parser.parseDocument() }
      }
      ?? Array(bytes).withUnsafeBufferPointer { buffer in
        var parser = JSONParser(bytes: buffer, maximumDepth: maximumDepth)
        return Result { () throws(JSONParseError) in try parser.parseDocument() }
      }
    self = try result.get()
  }

  /// Parses one JSON text from a string.
  ///
  /// ```swift
  /// let value = try JSONValue(parsing: #"{"call_id":"abc"}"#)
  /// ```
  public init(parsing text: String, maximumDepth: Int = 512) throws(JSONParseError) {
    try self.init(parsing: Array(text.utf8), maximumDepth: maximumDepth)
  }
}

/// Finding the bytes a JSON string cannot hold as they are, eight bytes at a time: the
/// parser's plain runs and the writer's escapes.
enum _JSONByteScan {
  /// The first position at or after `start` holding a quote, a backslash or a control
  /// character, and (when `stopsAtNonASCII`) a non-ASCII byte; `bytes.count` when there is
  /// none.
  @inline(__always)
  static func firstSpecial(
    in bytes: UnsafeBufferPointer<UInt8>, from start: Int, stopsAtNonASCII: Bool
  ) -> Int {
    var index = start
    guard let base = bytes.baseAddress else { return index }
    // Sixteen bytes at a time while they last: each lane of `stops` is all ones where the
    // byte stops the run, so the first such byte is the lowest set bit of the two halves.
    let quote = SIMD16<UInt8>(repeating: UInt8(ascii: "\""))
    let backslash = SIMD16<UInt8>(repeating: UInt8(ascii: "\\"))
    let space = SIMD16<UInt8>(repeating: 0x20)
    let ascii = SIMD16<UInt8>(repeating: 0x7F)
    while index + 16 <= bytes.count {
      let block = UnsafeRawPointer(base + index).loadUnaligned(as: SIMD16<UInt8>.self)
      let stops =
        (block .== quote) .| (block .== backslash) .| (block .< space)
        .| ((block .> ascii) .& SIMDMask(repeating: stopsAtNonASCII))
      let halves = unsafeBitCast(stops, to: SIMD2<UInt64>.self)
      if halves[0] != 0 { return index + halves[0].littleEndian.trailingZeroBitCount / 8 }
      if halves[1] != 0 { return index + 8 + halves[1].littleEndian.trailingZeroBitCount / 8 }
      index += 16
    }
    let ones: UInt64 = 0x0101_0101_0101_0101
    let highs: UInt64 = 0x8080_8080_8080_8080
    while index + 8 <= bytes.count {
      let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
      // High bit set for bytes below 0x20, quotes and backslashes; `& ~word` leaves out
      // non-ASCII bytes, which are added back when they stop the run. Borrows only run
      // upwards, so the lowest flagged byte is exact.
      var stops =
        ((word &- ones &* 0x20) | ((word ^ ones &* 0x22) &- ones)
          | ((word ^ ones &* 0x5C) &- ones)) & ~word & highs
      if stopsAtNonASCII { stops |= word & highs }
      if stops != 0 { return index + stops.trailingZeroBitCount / 8 }
      index += 8
    }
    while index < bytes.count {
      let byte = bytes[index]
      if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
        || (stopsAtNonASCII && byte >= 0x80)
      {
        return index
      }
      index += 1
    }
    return index
  }
}
