import CDRModel

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

// The byte-level verdict behind `cdr validate`'s fast path: one pass over a record line's
// member shapes (`CDRReader.scanMemberShapes`) that answers "the reader accepts this
// record and the validator reports nothing for it" — and only when it is sure. Whatever it
// does not handle (an escaped or non-ASCII key, a repeated schema key, a drifted type, a
// value the validator would warn about, a webhook payload, what might be a listing row...)
// makes it give up, and the caller reads that line with the full reader and validates the
// record, so every verdict that is not "valid, no violations" is the validator's own.
//
// What it expects of each top-level key is derived from `_CDRSchema`, the validator's own
// table, so the two cannot drift apart.

/// What the byte-level check requires of one top-level member for the validator to report
/// nothing about it.
enum _ByteExpectation: UInt8, Sendable {
  /// `call_id`: a plain string (its text is the result's call id).
  case callID
  /// Any string.
  case string
  /// An integer literal of at most 18 digits.
  case integer
  /// An object.
  case object
  /// `inbound` or `outbound`, as a plain string.
  case callDirection
  /// An object of string values (lenient mode: plain keys, rating inputs as integers).
  case channelVars
  /// An object of headers that passes KAZOO's `anyOf` (strict mode: and its rules).
  case sipHeaders
  /// `true` or `false` (lenient mode's Boolean extras).
  case boolean

  init(_ kind: _FieldKind) {
    switch kind {
    case .string: self = .string
    case .integer: self = .integer
    case .object: self = .object
    case .callDirection: self = .callDirection
    case .customChannelVars: self = .channelVars
    case .customSIPHeaders: self = .sipHeaders
    }
  }
}

/// A small open-addressing table from plain key bytes to positions in a key list. Keys
/// are compared by length and first and last eight bytes (all of a key of up to 16 bytes),
/// and longer ones by their middle too.
struct _ByteKeyTable: Sendable {
  private let keyBytes: [UInt8]
  /// Key `i` is `keyBytes[offsets[i]..<offsets[i + 1]]`.
  private let offsets: [Int]
  /// Each key's first and last eight bytes (see ``words(_:)``).
  private let firstWords: [UInt64]
  private let lastWords: [UInt64]
  /// Key positions, or -1 for an empty slot.
  private let slots: [Int16]
  private static let slotCount = 256

  init(_ keys: [String]) {
    var bytes: [UInt8] = []
    var offsets = [0]
    var firstWords: [UInt64] = []
    var lastWords: [UInt64] = []
    var slots = [Int16](repeating: -1, count: Self.slotCount)
    for (position, key) in keys.enumerated() {
      let start = bytes.count
      bytes.append(contentsOf: key.utf8)
      offsets.append(bytes.count)
      let (first, last) = bytes.withUnsafeBufferPointer {
        Self.words(UnsafeBufferPointer(rebasing: $0[start...]))
      }
      firstWords.append(first)
      lastWords.append(last)
      var slot = Self.hash(first, last, key.utf8.count)
      while slots[slot] >= 0 { slot = (slot + 1) & (Self.slotCount - 1) }
      slots[slot] = Int16(position)
    }
    keyBytes = bytes
    self.offsets = offsets
    self.firstWords = firstWords
    self.lastWords = lastWords
    self.slots = slots
  }

  /// A key's first and last eight bytes (under eight bytes: all of them, and 0).
  @inline(__always)
  private static func words(_ key: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64) {
    if let base = key.baseAddress, key.count >= 8 {
      let raw = UnsafeRawPointer(base)
      return (
        raw.loadUnaligned(as: UInt64.self),
        raw.loadUnaligned(fromByteOffset: key.count - 8, as: UInt64.self)
      )
    }
    var first: UInt64 = 0
    for byte in key { first = first << 8 | UInt64(byte) }
    return (first, 0)
  }

  /// The length and the two words, mixed by one multiplication.
  @inline(__always)
  private static func hash(_ first: UInt64, _ last: UInt64, _ count: Int) -> Int {
    let word =
      (first ^ (last << 7 | last >> 57) ^ UInt64(truncatingIfNeeded: count))
      &* 0x9E37_79B9_7F4A_7C15
    return Int(truncatingIfNeeded: word >> 56) & (slotCount - 1)
  }

  /// The position of the key whose bytes are exactly `key`, if any.
  @inline(__always)
  func position(of key: UnsafeBufferPointer<UInt8>) -> Int? {
    let (first, last) = Self.words(key)
    var slot = Self.hash(first, last, key.count)
    while true {
      let raw = Int(slots[slot])
      if raw < 0 { return nil }
      if firstWords[raw] == first, lastWords[raw] == last,
        offsets[raw + 1] - offsets[raw] == key.count,
        key.count <= 16 || middleMatches(raw, key)
      {
        return raw
      }
      slot = (slot + 1) & (Self.slotCount - 1)
    }
  }

  /// Whether key `raw`'s bytes between its first and last eight equal `key`'s.
  private func middleMatches(_ raw: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
    keyBytes.withUnsafeBufferPointer { stored in
      memcmp(stored.baseAddress! + offsets[raw] + 8, key.baseAddress! + 8, key.count - 16) == 0
    }
  }
}

/// The byte-level verdict of one ``CDRValidator`` (mode and schema version): whether a
/// record line is certainly accepted by ``CDRReader`` and certainly gets a report without
/// any violation, errors or warnings. `nil` means "not sure", never "invalid".
package struct _ByteLevelCheck: Sendable {
  let mode: CDRValidationMode
  private let keys: _ByteKeyTable
  private let expectations: [_ByteExpectation]
  /// Lenient mode: the rating channel variables the validator reads, both spellings.
  private let ratingNames: _ByteKeyTable
  /// Lenient mode: the positions of `timestamp` and `duration_seconds` in `keys`.
  private let timestampPosition: Int?
  private let durationPosition: Int?

  /// How deep the member shapes are described: the record, its objects
  /// (`custom_channel_vars`, `custom_sip_headers`) and theirs (`in`, `out`).
  static let describedLevels = 3

  /// The check for `validator`'s mode and schema version.
  package init(_ validator: CDRValidator) {
    mode = validator.mode
    let lenient = validator.mode == .lenient
    // The keys the validator checks, with their kinds, exactly as `validateDocument`
    // chooses them: the version's fields, and in lenient mode also 4.3's and the Boolean
    // extras. Every other key is private (skipped), unknown (an error in exact and strict
    // mode) or free (lenient mode).
    var kinds = _CDRSchema.fields(validator.schemaVersion)
    if lenient {
      for (key, kind) in _CDRSchema.kazoo43 where kinds[key] == nil { kinds[key] = kind }
    }
    var names: [String] = []
    var expectations: [_ByteExpectation] = []
    for key in kinds.keys.sorted() {
      let kind = kinds[key]!
      names.append(key)
      expectations.append(key == "call_id" && kind == .string ? .callID : _ByteExpectation(kind))
    }
    if lenient {
      for key in _CDRSchema.booleanExtras.sorted() where kinds[key] == nil {
        names.append(key)
        expectations.append(.boolean)
      }
    }
    keys = _ByteKeyTable(names)
    self.expectations = expectations
    ratingNames = _ByteKeyTable(_ValidationWalk.ratingKeys.flatMap { [$0.0, $0.1] })
    timestampPosition = lenient ? names.firstIndex(of: "timestamp") : nil
    durationPosition = lenient ? names.firstIndex(of: "duration_seconds") : nil
  }

  /// Lenient mode's way to catch a webhook payload among unknown keys: the reader reshapes
  /// it (`hook_event`), so it is left to the reader.
  private static let webhookKey: StaticString = "hook_event"

  /// The range of the `call_id` text in `line` when the record on that NDJSON line (its
  /// bytes without the newline) is certainly accepted by the reader with `maximumDepth`
  /// and the validator certainly reports no violation; `nil` when the check is not sure.
  ///
  /// - Parameter shapes: scratch space, reused from line to line.
  package func callIDIfCertainlyValid(
    _ line: UnsafeBufferPointer<UInt8>, maximumDepth: Int, shapes: inout _MemberShapes
  ) -> Range<Int>? {
    guard
      CDRReader.scanMemberShapes(
        line, maximumDepth: maximumDepth, describedLevels: Self.describedLevels, into: &shapes)
    else { return nil }
    return shapes.members.withUnsafeBufferPointer { members in
      verdict(line, members)
    }
  }

  private func verdict(
    _ line: UnsafeBufferPointer<UInt8>, _ members: UnsafeBufferPointer<_MemberShape>
  ) -> Range<Int>? {
    let lenient = mode == .lenient
    var seen: (UInt64, UInt64) = (0, 0)
    var callID: Range<Int>?
    // A listing row has neither a call direction nor channel variables.
    var notAListingRow = false
    var timestamp: Int?
    var duration: Int?
    var position = 0
    while position < members.count {
      let member = members[position]
      position = member.next
      guard member.keyIsPlain else { return nil }
      let key = UnsafeBufferPointer(rebasing: line[member.key])
      guard let slot = keys.position(of: key) else {
        if _CDRSchema.isPrivateKey(plain: key) { continue }
        // Exact and strict mode: an `additionalProperties` error.
        guard lenient, !Self.holds(key, Self.webhookKey) else { return nil }
        continue
      }
      // A repeated key: the reader keeps the last one; left to it.
      if slot < 64 {
        guard seen.0 & (1 << UInt64(slot)) == 0 else { return nil }
        seen.0 |= 1 << UInt64(slot)
      } else {
        guard seen.1 & (1 << UInt64(slot - 64)) == 0 else { return nil }
        seen.1 |= 1 << UInt64(slot - 64)
      }
      switch expectations[slot] {
      case .callID:
        guard member.shape == .plainString else { return nil }
        callID = (member.value.lowerBound + 1)..<(member.value.upperBound - 1)
      case .string:
        guard member.shape == .plainString || member.shape == .otherString else { return nil }
      case .integer:
        guard member.shape == .plainInteger else { return nil }
        if slot == timestampPosition {
          timestamp = Self.integer(line, member.value)
        } else if slot == durationPosition {
          duration = Self.integer(line, member.value)
        }
      case .object:
        guard member.shape == .object else { return nil }
      case .callDirection:
        guard member.shape == .plainString else { return nil }
        let text = UnsafeBufferPointer(
          rebasing: line[(member.value.lowerBound + 1)..<(member.value.upperBound - 1)])
        guard Self.holds(text, "inbound") || Self.holds(text, "outbound") else { return nil }
        notAListingRow = true
      case .boolean:
        guard member.shape == .boolean else { return nil }
      case .channelVars:
        guard member.shape == .object, channelVarsPass(line, members, member.members) else {
          return nil
        }
        notAListingRow = true
      case .sipHeaders:
        guard member.shape == .object, sipHeadersPass(line, members, member.members) else {
          return nil
        }
      }
    }
    guard let callID, notAListingRow else { return nil }
    // Lenient mode's listing check: a leg that starts before year 0 is a warning.
    if let timestamp, timestamp - (duration ?? 0) < 0 { return nil }
    return callID
  }

  /// Every channel variable is a string; in lenient mode every key is plain and every
  /// rating input is an integer in text (so KAZOO's rating reads it and it is not a
  /// dollar amount below 1).
  private func channelVarsPass(
    _ line: UnsafeBufferPointer<UInt8>, _ members: UnsafeBufferPointer<_MemberShape>,
    _ range: Range<Int>
  ) -> Bool {
    var position = range.lowerBound
    while position < range.upperBound {
      let member = members[position]
      position = member.next
      guard member.shape == .plainString || member.shape == .otherString else { return false }
      guard mode == .lenient else { continue }
      guard member.keyIsPlain else { return false }
      if ratingNames.position(of: UnsafeBufferPointer(rebasing: line[member.key])) != nil {
        guard member.shape == .plainString,
          Self.isUnsignedIntegerText(
            line, (member.value.lowerBound + 1)..<(member.value.upperBound - 1))
        else { return false }
      }
    }
    return true
  }

  /// KAZOO's `anyOf` passes (a flat header map, or `in`/`out` objects that are), with plain
  /// names only; in strict mode every header KAZOO would use also follows strict mode's
  /// rules (an RFC 3261 token name, a plain string value without DEL).
  private func sipHeadersPass(
    _ line: UnsafeBufferPointer<UInt8>, _ members: UnsafeBufferPointer<_MemberShape>,
    _ range: Range<Int>
  ) -> Bool {
    let strict = mode == .strict
    var flat = true
    var inOut = true
    var position = range.lowerBound
    while position < range.upperBound {
      let member = members[position]
      position = member.next
      guard member.keyIsPlain else { return false }
      let name = UnsafeBufferPointer(rebasing: line[member.key])
      if !(_SIPHeaderRules.matchesKazooPattern(utf8: name) && Self.isString(member)) {
        flat = false
      }
      if Self.holds(name, "in") || Self.holds(name, "out") {
        guard member.shape == .object else {
          // Not a header object: the second alternative fails, and strict mode reports it.
          if strict { return false }
          inOut = false
          continue
        }
        var inner = member.members.lowerBound
        while inner < member.members.upperBound {
          let header = members[inner]
          inner = header.next
          guard header.keyIsPlain else { return false }
          let headerName = UnsafeBufferPointer(rebasing: line[header.key])
          if !(_SIPHeaderRules.matchesKazooPattern(utf8: headerName) && Self.isString(header)) {
            inOut = false
          }
          if strict, !strictHeaderPasses(line, header) { return false }
        }
      } else if strict, !strictHeaderPasses(line, member) {
        return false
      }
    }
    return flat || inOut
  }

  /// Strict mode's rules for one header: KAZOO's pattern and an RFC 3261 token, a plain
  /// string without a byte that may start an unsafe scalar.
  private func strictHeaderPasses(_ line: UnsafeBufferPointer<UInt8>, _ header: _MemberShape)
    -> Bool
  {
    let name = UnsafeBufferPointer(rebasing: line[header.key])
    guard _SIPHeaderRules.matchesKazooPattern(utf8: name), _SIPHeaderRules.isToken(utf8: name),
      header.shape == .plainString
    else { return false }
    let text = UnsafeBufferPointer(
      rebasing: line[(header.value.lowerBound + 1)..<(header.value.upperBound - 1)])
    return !text.contains(where: _SIPHeaderRules.mayStartUnsafeScalar)
  }

  @inline(__always)
  private static func isString(_ member: _MemberShape) -> Bool {
    member.shape == .plainString || member.shape == .otherString
  }

  /// Whether `bytes` holds exactly `word`.
  @inline(__always)
  static func holds(_ bytes: UnsafeBufferPointer<UInt8>, _ word: StaticString) -> Bool {
    guard bytes.count == word.utf8CodeUnitCount else { return false }
    let pointer = word.utf8Start
    for offset in 0..<bytes.count where bytes[offset] != pointer[offset] { return false }
    return true
  }

  /// The value of a plain integer literal (at most 18 digits, so it fits).
  private static func integer(_ line: UnsafeBufferPointer<UInt8>, _ literal: Range<Int>) -> Int {
    let negative = line[literal.lowerBound] == UInt8(ascii: "-")
    var value = 0
    for position in (negative ? literal.dropFirst() : literal) {
      value = value &* 10 &+ Int(line[position] &- UInt8(ascii: "0"))
    }
    return negative ? -value : value
  }

  /// Whether `line[text]` is a JSON integer without sign: 1 to 15 digits, no leading zero.
  private static func isUnsignedIntegerText(_ line: UnsafeBufferPointer<UInt8>, _ text: Range<Int>)
    -> Bool
  {
    guard !text.isEmpty, text.count <= 15 else { return false }
    if text.count > 1, line[text.lowerBound] == UInt8(ascii: "0") { return false }
    for position in text where line[position] &- UInt8(ascii: "0") >= 10 { return false }
    return true
  }
}
