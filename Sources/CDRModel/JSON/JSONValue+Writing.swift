extension JSONValue {
  /// The value as compact JSON text: no insignificant whitespace, object keys in sorted
  /// order, numbers written with their original literal, strings escaped minimally
  /// (`"`, `\`, and control characters; everything else as UTF-8).
  ///
  /// ```swift
  /// let value: JSONValue = ["b": 1, "a": "x\ny"]
  /// value.jsonText   // {"a":"x\ny","b":1}
  /// ```
  public var jsonText: String {
    var bytes: [UInt8] = []
    write(to: &bytes)
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Appends the compact JSON text of this value (see ``jsonText``) to `bytes`.
  public func write(to bytes: inout [UInt8]) {
    switch self {
    case .null: bytes.append(contentsOf: "null".utf8)
    case .bool(let value): bytes.append(contentsOf: (value ? "true" : "false").utf8)
    case .number(let value): bytes.append(contentsOf: value.literal.utf8)
    case .string(let value): JSONValue.writeString(value, to: &bytes)
    case .array(let elements):
      bytes.append(UInt8(ascii: "["))
      for (position, element) in elements.enumerated() {
        if position > 0 { bytes.append(UInt8(ascii: ",")) }
        element.write(to: &bytes)
      }
      bytes.append(UInt8(ascii: "]"))
    case .object(let members):
      JSONValue.writeObject(members, to: &bytes)
    }
  }

  /// Writes an object's members with keys in sorted (UTF-8 byte) order.
  static func writeObject(_ members: [String: JSONValue], to bytes: inout [UInt8]) {
    bytes.append(UInt8(ascii: "{"))
    for (position, key) in members.keys.sorted(by: JSONValue.keyOrder).enumerated() {
      if position > 0 { bytes.append(UInt8(ascii: ",")) }
      writeString(key, to: &bytes)
      bytes.append(UInt8(ascii: ":"))
      members[key]!.write(to: &bytes)
    }
    bytes.append(UInt8(ascii: "}"))
  }

  /// Orders keys by their UTF-8 bytes, which is stable across platforms and locales.
  static func keyOrder(_ lhs: String, _ rhs: String) -> Bool {
    lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
  }

  /// Appends `value` as a JSON string literal.
  ///
  /// Runs of bytes that need no escape are appended in bulk; only `"`, `\` and control
  /// characters are handled one by one.
  static func writeString(_ value: String, to bytes: inout [UInt8]) {
    bytes.append(UInt8(ascii: "\""))
    var text = value
    text.withUTF8 { utf8 in appendEscaped(utf8, to: &bytes) }
    bytes.append(UInt8(ascii: "\""))
  }

  /// Appends the escaped form of the UTF-8 bytes `utf8` (without the surrounding quotes).
  static func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>, to bytes: inout [UInt8]) {
    var runStart = 0
    var index = 0
    while index < utf8.count {
      index = _JSONByteScan.firstSpecial(in: utf8, from: index, stopsAtNonASCII: false)
      if index == utf8.count { break }
      let byte = utf8[index]
      if runStart < index {
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
      }
      appendEscape(for: byte, to: &bytes)
      index += 1
      runStart = index
    }
    if runStart < utf8.count {
      bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
    }
  }

  /// Appends the escape sequence for one byte that cannot appear raw in a JSON string.
  private static func appendEscape(for byte: UInt8, to bytes: inout [UInt8]) {
    switch byte {
    case UInt8(ascii: "\""): bytes.append(contentsOf: [0x5C, 0x22])
    case UInt8(ascii: "\\"): bytes.append(contentsOf: [0x5C, 0x5C])
    case 0x0A: bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
    case 0x0D: bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
    case 0x09: bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
    case 0x08: bytes.append(contentsOf: [0x5C, UInt8(ascii: "b")])
    case 0x0C: bytes.append(contentsOf: [0x5C, UInt8(ascii: "f")])
    default:
      let hex: StaticString = "0123456789abcdef"
      hex.withUTF8Buffer { digits in
        bytes.append(contentsOf: [
          0x5C, UInt8(ascii: "u"), 0x30, 0x30, digits[Int(byte >> 4)], digits[Int(byte & 0xF)],
        ])
      }
    }
  }
}
