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
  static func writeString(_ value: String, to bytes: inout [UInt8]) {
    bytes.append(UInt8(ascii: "\""))
    for byte in value.utf8 {
      switch byte {
      case UInt8(ascii: "\""): bytes.append(contentsOf: [0x5C, 0x22])
      case UInt8(ascii: "\\"): bytes.append(contentsOf: [0x5C, 0x5C])
      case 0x0A: bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
      case 0x0D: bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
      case 0x09: bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
      case 0x08: bytes.append(contentsOf: [0x5C, UInt8(ascii: "b")])
      case 0x0C: bytes.append(contentsOf: [0x5C, UInt8(ascii: "f")])
      case 0x00..<0x20:
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        bytes.append(contentsOf: [
          0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)],
        ])
      default: bytes.append(byte)
      }
    }
    bytes.append(UInt8(ascii: "\""))
  }
}
