import Foundation

/// What a ``_RawJSONObject`` keeps in front of its bytes.
struct _RawJSONObjectHeader {
  /// The object's text, `{` to `}`: the first `byteCount` elements.
  let byteCount: Int
  /// How many members follow the text (four 32-bit words each; see ``_RawJSONObject``).
  let memberCount: Int
  /// Whether every key is ASCII without escapes, so keys compare byte for byte.
  let keysArePlain: Bool
  /// The members as a dictionary, once built (guarded by `_RawJSONObject.lock(for:)`).
  var dictionary: [String: JSONValue]?
}

/// A validated JSON object kept as its bytes, with the position of every member, so the
/// byte-level path can keep a free-form member (channel variables, unknown members...) without building
/// a dictionary of `JSONValue`s: a member is decoded when it is read, and the whole
/// dictionary only when it is asked for (once; then it is kept).
///
/// One allocation holds everything: the header, the object's text, then (at the next
/// multiple of four) a table of four 32-bit words per member in document order: key start,
/// key end (the bytes between the key's quotes), value start, and value end with its top
/// bit set when the value is a plain string (ASCII without escapes). Positions are 31-bit,
/// so objects are under 2 GiB (the decoder checks). Immutable apart from the kept
/// dictionary, which is written once under a lock.
final class _RawJSONObject: ManagedBuffer<_RawJSONObjectHeader, UInt8> {
  /// A raw object as a value that can cross tasks: the object is immutable apart from its
  /// kept dictionary, which only changes under a lock. (`ManagedBuffer` subclasses cannot
  /// be `Sendable` themselves.)
  struct Shared: @unchecked Sendable {
    let object: _RawJSONObject
  }

  /// The largest object kept this way.
  static let maximumByteCount = Int(Int32.max)

  private static let plainStringFlag: UInt32 = 1 << 31

  /// Allocates an object of `byteCount` text bytes and `memberCount` members; `fill`
  /// writes the text and the member table (four words per member, as above).
  private static func make(
    byteCount: Int, memberCount: Int, keysArePlain: Bool,
    fill: (UnsafeMutablePointer<UInt8>, UnsafeMutableRawPointer) -> Void
  ) -> _RawJSONObject {
    let tableOffset = (byteCount + 3) & ~3
    let buffer = create(minimumCapacity: tableOffset + memberCount * 16) { _ in
      _RawJSONObjectHeader(
        byteCount: byteCount, memberCount: memberCount, keysArePlain: keysArePlain)
    }
    buffer.withUnsafeMutablePointerToElements { elements in
      fill(elements, UnsafeMutableRawPointer(elements + tableOffset))
    }
    return unsafeDowncast(buffer, to: _RawJSONObject.self)
  }

  /// Copies the object's text and its member table (four words per member, as above).
  static func make(
    text: UnsafeBufferPointer<UInt8>, members: UnsafeBufferPointer<UInt32>, keysArePlain: Bool
  ) -> _RawJSONObject {
    make(byteCount: text.count, memberCount: members.count / 4, keysArePlain: keysArePlain) {
      elements, table in
      if let base = text.baseAddress { elements.update(from: base, count: text.count) }
      if let base = members.baseAddress {
        table.copyMemory(from: base, byteCount: members.count * 4)
      }
    }
  }

  /// Builds an object from members scattered in `source` (a record's unknown members,
  /// between its known ones): `members` holds four words per member as above, positions
  /// in `source`; the text becomes `{"key":value,...}` with the members in order, and the
  /// table is rewritten for it. Positions must be under ``maximumByteCount``.
  static func joining(
    _ members: UnsafeBufferPointer<UInt32>, of source: UnsafeBufferPointer<UInt8>,
    keysArePlain: Bool
  ) -> _RawJSONObject {
    let memberCount = members.count / 4
    // `{` and `}`, then per member two quotes, a colon and a comma (one comma too many).
    var byteCount = 1 + memberCount * 4
    for member in 0..<memberCount {
      let entry = member * 4
      byteCount += Int(members[entry + 1]) - Int(members[entry])
      byteCount += Int(members[entry + 3] & ~plainStringFlag) - Int(members[entry + 2])
    }
    if memberCount == 0 { byteCount = 2 }
    return make(byteCount: byteCount, memberCount: memberCount, keysArePlain: keysArePlain) {
      text, rawTable in
      let table = rawTable.bindMemory(to: UInt32.self, capacity: members.count)
      guard let base = source.baseAddress else { return }
      var position = 0
      func put(_ byte: UInt8) {
        text[position] = byte
        position += 1
      }
      func copy(_ start: UInt32, _ end: UInt32) {
        let count = Int(end) - Int(start)
        (text + position).update(from: base + Int(start), count: count)
        position += count
      }
      put(UInt8(ascii: "{"))
      for member in 0..<memberCount {
        let entry = member * 4
        if member > 0 { put(UInt8(ascii: ",")) }
        put(UInt8(ascii: "\""))
        table[entry] = UInt32(truncatingIfNeeded: position)
        copy(members[entry], members[entry + 1])
        table[entry + 1] = UInt32(truncatingIfNeeded: position)
        put(UInt8(ascii: "\""))
        put(UInt8(ascii: ":"))
        table[entry + 2] = UInt32(truncatingIfNeeded: position)
        let end = members[entry + 3]
        copy(members[entry + 2], end & ~plainStringFlag)
        table[entry + 3] = UInt32(truncatingIfNeeded: position) | (end & plainStringFlag)
      }
      put(UInt8(ascii: "}"))
    }
  }

  /// Appends one member's four table words to `table`: its key and value positions
  /// (the key without its quotes), counted from `origin`.
  static func appendEntry(
    to table: inout [UInt32], key: Range<Int>, value: Range<Int>, valueIsPlainString: Bool,
    origin: Int = 0
  ) {
    table.append(UInt32(truncatingIfNeeded: key.lowerBound - origin))
    table.append(UInt32(truncatingIfNeeded: key.upperBound - origin))
    table.append(UInt32(truncatingIfNeeded: value.lowerBound - origin))
    table.append(valueEndWord(value.upperBound - origin, isPlainString: valueIsPlainString))
  }

  /// The value-end word for a member's table entry.
  static func valueEndWord(_ end: Int, isPlainString: Bool) -> UInt32 {
    UInt32(truncatingIfNeeded: end) | (isPlainString ? plainStringFlag : 0)
  }

  /// Calls `body` with the object's text and its member table.
  private func withParts<Result>(
    _ body: (UnsafeBufferPointer<UInt8>, UnsafePointer<UInt32>, Int) -> Result
  ) -> Result {
    withUnsafeMutablePointers { header, elements in
      let count = header.pointee.byteCount
      let table = UnsafeRawPointer(elements + ((count + 3) & ~3)).assumingMemoryBound(
        to: UInt32.self)
      return body(
        UnsafeBufferPointer(start: elements, count: count), table, header.pointee.memberCount)
    }
  }

  /// Whether every key is ASCII without escapes. Read through the header's pointer: the
  /// header's dictionary may be written meanwhile (under the lock), so the header is never
  /// read whole outside the lock.
  private var keysArePlain: Bool { withUnsafeMutablePointerToHeader { $0.pointee.keysArePlain } }

  /// Every member as a dictionary, the same the general parser builds for these bytes.
  var values: [String: JSONValue] {
    let lock = Self.lock(for: self)
    lock.lock()
    defer { lock.unlock() }
    if let dictionary = withUnsafeMutablePointerToHeader({ $0.pointee.dictionary }) {
      return dictionary
    }
    let built: [String: JSONValue] = withParts { text, _, _ in
      var parser = JSONParser(bytes: text, maximumDepth: .max)
      // The bytes were validated when they were read (at a greater depth), so parsing
      // them again cannot fail.
      guard case .object(let members)? = try? parser.parseDocument() else { return [:] }
      return members
    }
    withUnsafeMutablePointerToHeader { $0.pointee.dictionary = built }
    return built
  }

  /// The value of `key`, decoded from its bytes.
  func value(_ key: String) -> JSONValue? {
    guard keysArePlain else { return values[key] }
    return withParts { text, table, count in
      guard let member = Self.find(key, text, table, count) else { return nil }
      let value = UnsafeBufferPointer(rebasing: text[member.value])
      if member.isPlainString {
        return .string(
          String(
            decoding: UnsafeBufferPointer(rebasing: value.dropFirst().dropLast()), as: UTF8.self))
      }
      var parser = JSONParser(bytes: value, maximumDepth: .max)
      return try? parser.parseDocument()
    }
  }

  /// Calls `body` with the bytes of `key`'s value when it is a plain string (ASCII without
  /// escapes); returns `nil` when it is not one (absent, another type, or escaped).
  func withPlainStringBytes<Result>(
    _ key: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result
  ) -> Result? {
    guard keysArePlain else { return nil }
    return withParts { text, table, count in
      guard let member = Self.find(key, text, table, count), member.isPlainString else {
        return nil
      }
      return body(
        UnsafeBufferPointer(
          rebasing: text[member.value.lowerBound + 1..<member.value.upperBound - 1]))
    }
  }

  /// The last member named `key` (plain keys only).
  private static func find(
    _ key: String, _ text: UnsafeBufferPointer<UInt8>, _ table: UnsafePointer<UInt32>, _ count: Int
  ) -> (value: Range<Int>, isPlainString: Bool)? {
    var key = key
    return key.withUTF8 { wanted in
      var position = count
      while position > 0 {
        position -= 1
        let entry = table + position * 4
        let keyStart = Int(entry[0])
        let keyCount = Int(entry[1]) - keyStart
        if keyCount == wanted.count,
          keyCount == 0 || memcmp(text.baseAddress! + keyStart, wanted.baseAddress!, keyCount) == 0
        {
          let end = entry[3]
          return (
            Int(entry[2])..<Int(end & ~plainStringFlag), end & plainStringFlag != 0
          )
        }
      }
      return nil
    }
  }

  /// Whether both objects would read as the same dictionary.
  func hasSameValues(as other: _RawJSONObject) -> Bool {
    if self === other { return true }
    let sameText = withParts { mine, _, _ in
      other.withParts { theirs, _, _ in
        mine.count == theirs.count
          && (mine.count == 0 || memcmp(mine.baseAddress!, theirs.baseAddress!, mine.count) == 0)
      }
    }
    return sameText || values == other.values
  }

  /// Locks shared by every raw object, picked by address: building a dictionary is rare
  /// and short, and a lock per object would cost an allocation per record.
  private static let locks: [NSLock] = (0..<64).map { _ in NSLock() }

  private static func lock(for object: _RawJSONObject) -> NSLock {
    let address = UInt(bitPattern: ObjectIdentifier(object).hashValue)
    return locks[Int((address >> 6) & 63)]
  }
}
