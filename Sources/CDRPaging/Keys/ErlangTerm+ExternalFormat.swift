extension ErlangTerm {
  /// Decodes `term_to_binary` output (starting with the version byte 131).
  ///
  /// - Throws: ``ErlangTermError`` for anything but one complete supported term.
  public init(externalFormat bytes: [UInt8]) throws(ErlangTermError) {
    guard let version = bytes.first else { throw .badVersion(nil) }
    guard version == 131 else { throw .badVersion(version) }
    var reader = _ETFReader(bytes: bytes, offset: 1)
    self = try reader.term(depth: 0)
    guard reader.offset == bytes.count else { throw .trailingBytes(offset: reader.offset) }
  }

  /// The term as `term_to_binary` writes it (with the version byte 131), choosing the
  /// same tags Erlang/OTP does: `SMALL_INTEGER_EXT` for 0…255, `INTEGER_EXT` for 32-bit
  /// values, `SMALL_BIG_EXT` beyond; `STRING_EXT` for non-empty lists of 0…255 integers
  /// shorter than 65536; `NIL_EXT` for `[]`; `SMALL_ATOM_UTF8_EXT` for atoms.
  public var externalFormat: [UInt8] {
    var bytes: [UInt8] = [131]
    write(to: &bytes)
    return bytes
  }

  private func write(to bytes: inout [UInt8]) {
    switch self {
    case .integer(let value):
      if value >= 0 && value <= 255 {
        bytes += [97, UInt8(value)]
      } else if value >= Int64(Int32.min) && value <= Int64(Int32.max) {
        bytes.append(98)
        appendBigEndian(UInt32(bitPattern: Int32(value)), to: &bytes)
      } else {
        var magnitude = value.magnitude
        var digits: [UInt8] = []
        while magnitude > 0 {
          digits.append(UInt8(magnitude & 0xFF))
          magnitude >>= 8
        }
        bytes += [110, UInt8(digits.count), value < 0 ? 1 : 0]
        bytes += digits
      }
    case .binary(let content):
      bytes.append(109)
      appendBigEndian(UInt32(content.count), to: &bytes)
      bytes += content
    case .atom(let name):
      let utf8 = Array(name.utf8)
      if utf8.count <= 255 {
        bytes += [119, UInt8(utf8.count)]
      } else {
        bytes.append(118)
        bytes += [UInt8(utf8.count >> 8), UInt8(utf8.count & 0xFF)]
      }
      bytes += utf8
    case .list(let elements):
      if elements.isEmpty {
        bytes.append(106)
      } else if elements.count < 65536, let chars = Self.byteString(elements) {
        bytes += [107, UInt8(chars.count >> 8), UInt8(chars.count & 0xFF)]
        bytes += chars
      } else {
        bytes.append(108)
        appendBigEndian(UInt32(elements.count), to: &bytes)
        for element in elements { element.write(to: &bytes) }
        bytes.append(106)
      }
    case .tuple(let elements):
      if elements.count <= 255 {
        bytes += [104, UInt8(elements.count)]
      } else {
        bytes.append(105)
        appendBigEndian(UInt32(elements.count), to: &bytes)
      }
      for element in elements { element.write(to: &bytes) }
    case .map(let entries):
      bytes.append(116)
      appendBigEndian(UInt32(entries.count), to: &bytes)
      for entry in entries {
        entry.key.write(to: &bytes)
        entry.value.write(to: &bytes)
      }
    }
  }

  private static func byteString(_ elements: [ErlangTerm]) -> [UInt8]? {
    var chars: [UInt8] = []
    chars.reserveCapacity(elements.count)
    for element in elements {
      guard case .integer(let value) = element, value >= 0, value <= 255 else { return nil }
      chars.append(UInt8(value))
    }
    return chars
  }

  private func appendBigEndian(_ value: UInt32, to bytes: inout [UInt8]) {
    bytes += [
      UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF),
      UInt8(value & 0xFF),
    ]
  }
}

/// Reads ETF terms from a byte array, bounds-checked.
struct _ETFReader {
  let bytes: [UInt8]
  var offset: Int
  static let maximumDepth = 64

  mutating func byte() throws(ErlangTermError) -> UInt8 {
    guard offset < bytes.count else { throw .truncated(offset: offset) }
    defer { offset += 1 }
    return bytes[offset]
  }

  mutating func take(_ count: Int) throws(ErlangTermError) -> ArraySlice<UInt8> {
    guard count >= 0, bytes.count - offset >= count else { throw .truncated(offset: offset) }
    defer { offset += count }
    return bytes[offset..<offset + count]
  }

  mutating func uint16() throws(ErlangTermError) -> Int {
    let part = try take(2)
    return Int(part[part.startIndex]) << 8 | Int(part[part.startIndex + 1])
  }

  mutating func uint32() throws(ErlangTermError) -> UInt32 {
    let part = try take(4)
    return part.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
  }

  mutating func term(depth: Int) throws(ErlangTermError) -> ErlangTerm {
    guard depth < Self.maximumDepth else { throw .tooDeep }
    let start = offset
    let tag = try byte()
    switch tag {
    case 97:
      return .integer(Int64(try byte()))
    case 98:
      return .integer(Int64(Int32(bitPattern: try uint32())))
    case 110, 111:
      let count = tag == 110 ? Int(try byte()) : Int(try uint32())
      let sign = try byte()
      let digits = try take(count)
      var magnitude: UInt64 = 0
      for (index, digit) in digits.enumerated() where digit != 0 {
        guard index < 8 else { throw .integerTooLarge(offset: start) }
        magnitude |= UInt64(digit) << UInt64(index * 8)
      }
      if sign == 0 {
        guard magnitude <= UInt64(Int64.max) else { throw .integerTooLarge(offset: start) }
        return .integer(Int64(magnitude))
      }
      guard magnitude <= UInt64(Int64.max) + 1 else { throw .integerTooLarge(offset: start) }
      return .integer(magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude))
    case 109:
      let length = Int(try uint32())
      return .binary(Array(try take(length)))
    case 107:
      let length = try uint16()
      return .list(try take(length).map { .integer(Int64($0)) })
    case 106:
      return .list([])
    case 108:
      let count = Int(try uint32())
      guard count <= bytes.count - offset else { throw .truncated(offset: offset) }
      var elements: [ErlangTerm] = []
      elements.reserveCapacity(count)
      for _ in 0..<count { elements.append(try term(depth: depth + 1)) }
      let tailOffset = offset
      guard try byte() == 106 else { throw .improperList(offset: tailOffset) }
      return .list(elements)
    case 104, 105:
      let count = tag == 104 ? Int(try byte()) : Int(try uint32())
      guard count <= bytes.count - offset else { throw .truncated(offset: offset) }
      var elements: [ErlangTerm] = []
      for _ in 0..<count { elements.append(try term(depth: depth + 1)) }
      return .tuple(elements)
    case 116:
      let count = Int(try uint32())
      guard count <= bytes.count - offset else { throw .truncated(offset: offset) }
      var entries: [ErlangMapEntry] = []
      for _ in 0..<count {
        let key = try term(depth: depth + 1)
        entries.append(ErlangMapEntry(key: key, value: try term(depth: depth + 1)))
      }
      return .map(entries)
    case 100, 115, 118, 119:
      let length = (tag == 115 || tag == 119) ? Int(try byte()) : try uint16()
      let name = try take(length)
      if tag == 100 || tag == 115 {
        // Latin-1: every byte is one code point.
        return .atom(String(name.map { Character(Unicode.Scalar($0)) }))
      }
      guard let text = String(validating: name, as: UTF8.self) else {
        throw .invalidAtom(offset: start)
      }
      return .atom(text)
    default:
      throw .unsupportedTag(tag, offset: start)
    }
  }
}
