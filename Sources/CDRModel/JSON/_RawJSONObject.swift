import Foundation

/// A validated JSON object kept as its bytes, with the position of every member, so the
/// byte-level path can keep a free-form member (custom channel variables) without building
/// a dictionary of `JSONValue`s: a member is decoded when it is read, and the whole
/// dictionary only when it is asked for (once; then it is kept).
///
/// Immutable apart from that kept dictionary, which is written once under a lock.
final class _RawJSONObject: @unchecked Sendable {
  /// One member's positions in ``bytes``.
  struct Member {
    /// The key's bytes between its quotes.
    var keyStart: UInt32
    var keyEnd: UInt32
    /// The value's bytes.
    var valueStart: UInt32
    var valueEnd: UInt32
    /// Whether the value is a string that is ASCII without escapes.
    var valueIsPlainString: Bool
  }

  /// The object's text, `{` to `}`, exactly as it was read.
  let bytes: [UInt8]
  /// Every member, in document order (a repeated key appears twice; the last one counts).
  let members: [Member]
  /// Whether every key is ASCII without escapes, so keys compare byte for byte.
  let keysArePlain: Bool
  /// The members as a dictionary, once built (guarded by `_RawJSONObject.lock(for:)`).
  private var dictionary: [String: JSONValue]?

  init(bytes: [UInt8], members: [Member], keysArePlain: Bool) {
    self.bytes = bytes
    self.members = members
    self.keysArePlain = keysArePlain
  }

  /// Every member as a dictionary, the same the general parser builds for these bytes.
  var values: [String: JSONValue] {
    let lock = Self.lock(for: self)
    lock.lock()
    defer { lock.unlock() }
    if let dictionary { return dictionary }
    let built: [String: JSONValue] = bytes.withUnsafeBufferPointer { buffer in
      var parser = JSONParser(bytes: buffer, maximumDepth: .max)
      // The bytes were validated when they were read (at a greater depth), so parsing
      // them again cannot fail.
      guard case .object(let members)? = try? parser.parseDocument() else { return [:] }
      return members
    }
    dictionary = built
    return built
  }

  /// The value of `key`, decoded from its bytes.
  func value(_ key: String) -> JSONValue? {
    guard keysArePlain else { return values[key] }
    guard let member = member(key) else { return nil }
    if member.valueIsPlainString { return .string(plainText(member)) }
    return bytes.withUnsafeBufferPointer { buffer in
      var parser = JSONParser(
        bytes: UnsafeBufferPointer(
          rebasing: buffer[Int(member.valueStart)..<Int(member.valueEnd)]),
        maximumDepth: .max)
      return try? parser.parseDocument()
    }
  }

  /// The value of `key` when it is a string, without building anything else.
  func string(_ key: String) -> String? {
    guard keysArePlain, let member = member(key), member.valueIsPlainString else {
      guard case .string(let text)? = value(key) else { return nil }
      return text
    }
    return plainText(member)
  }

  /// Calls `body` with the bytes of `key`'s value when it is a plain string (ASCII without
  /// escapes); returns `nil` when it is not one (absent, another type, or escaped).
  func withPlainStringBytes<Result>(
    _ key: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result
  ) -> Result? {
    guard keysArePlain, let member = member(key), member.valueIsPlainString else { return nil }
    return bytes.withUnsafeBufferPointer { buffer in
      body(
        UnsafeBufferPointer(
          rebasing: buffer[Int(member.valueStart) + 1..<Int(member.valueEnd) - 1]))
    }
  }

  private func plainText(_ member: Member) -> String {
    bytes.withUnsafeBufferPointer { buffer in
      String(
        decoding: UnsafeBufferPointer(
          rebasing: buffer[Int(member.valueStart) + 1..<Int(member.valueEnd) - 1]),
        as: UTF8.self)
    }
  }

  /// The last member named `key` (plain keys only).
  private func member(_ key: String) -> Member? {
    var key = key
    return key.withUTF8 { wanted in
      bytes.withUnsafeBufferPointer { buffer in
        var position = members.count
        while position > 0 {
          position -= 1
          let member = members[position]
          let count = Int(member.keyEnd - member.keyStart)
          if count == wanted.count,
            count == 0
              || memcmp(buffer.baseAddress! + Int(member.keyStart), wanted.baseAddress!, count) == 0
          {
            return member
          }
        }
        return nil
      }
    }
  }

  /// Whether both objects would read as the same dictionary.
  func hasSameValues(as other: _RawJSONObject) -> Bool {
    self === other || bytes == other.bytes || values == other.values
  }

  /// Locks shared by every raw object, picked by address: building a dictionary is rare
  /// and short, and a lock per object would cost an allocation per record.
  private static let locks: [NSLock] = (0..<64).map { _ in NSLock() }

  private static func lock(for object: _RawJSONObject) -> NSLock {
    let address = UInt(bitPattern: ObjectIdentifier(object).hashValue)
    return locks[Int((address >> 6) & 63)]
  }
}
