import CDRModel

/// A channel variable's value on the byte path, as positions in the line.
struct _StoredBytes {
  enum Kind {
    /// A plain string; `range` is its text, between the quotes.
    case text
    /// A plain integer literal; `range` is the literal.
    case integer
    /// An array of plain strings; `range` is the array, brackets included.
    case texts
  }

  var kind: Kind
  var range: Range<Int>
}

/// One NDJSON line's bytes as the source of its listing row: texts are positions in the
/// line. Made only when every value a listing row reads is plain (see ``init(_:_:)``), so
/// that each value's bytes are its text.
struct _ListingBytesSource: _ListingSource {
  let line: UnsafeBufferPointer<UInt8>
  private let texts: UnsafeMutableBufferPointer<Range<Int>?>
  private let integers: UnsafeMutableBufferPointer<Int?>
  private let stored: UnsafeMutableBufferPointer<_StoredBytes?>
  /// The integer value of each channel variable read as one (rating inputs, `rate`).
  private let channelIntegers: UnsafeMutableBufferPointer<Int?>
  let direction: _ListingDirection?

  /// Room for one line's values, on the stack (the standard library's `InlineArray` would
  /// hold them inline, but needs macOS 26).
  struct Slots {
    fileprivate let texts: UnsafeMutableBufferPointer<Range<Int>?>
    fileprivate let integers: UnsafeMutableBufferPointer<Int?>
    fileprivate let stored: UnsafeMutableBufferPointer<_StoredBytes?>
  }

  /// Calls `body` with room for one source, valid only inside it.
  @inline(__always)
  static func withSlots<Result>(_ body: (Slots) -> Result) -> Result {
    withUnsafeTemporaryAllocation(of: Range<Int>?.self, capacity: textMembers.count) { texts in
      withUnsafeTemporaryAllocation(
        of: Int?.self, capacity: integerMembers.count + _ListingChannelVar.allCases.count
      ) { integers in
        withUnsafeTemporaryAllocation(
          of: _StoredBytes?.self, capacity: _ListingChannelVar.allCases.count
        ) { stored in
          body(Slots(texts: texts, integers: integers, stored: stored))
        }
      }
    }
  }

  /// The source of a line that `members` describes (``_PlainRecordMembers/read(_:maximumDepth:)``
  /// returned `true`), its values kept in `slots`; `nil` when a value the listing reads is not plain: a string with
  /// escapes or non-ASCII text, or a channel variable that is not a plain string or integer
  /// (an array of plain strings for `media_recordings`), written twice, or (for a rating
  /// input) text that is not a plain integer.
  init?(_ line: UnsafeBufferPointer<UInt8>, _ members: _PlainRecordMembers, in slots: Slots) {
    self.line = line
    texts = slots.texts
    texts.initialize(repeating: nil)
    slots.integers.initialize(repeating: nil)
    integers = UnsafeMutableBufferPointer(rebasing: slots.integers[..<Self.integerMembers.count])
    channelIntegers = UnsafeMutableBufferPointer(
      rebasing: slots.integers[Self.integerMembers.count...])
    stored = slots.stored
    stored.initialize(repeating: nil)
    direction = members.isOutbound ? .outbound : .inbound
    for (slot, member) in Self.textMembers.enumerated() {
      guard let shape = members.member(member) else { continue }
      guard shape.shape == .plainString else { return nil }
      texts[slot] = (shape.value.lowerBound + 1)..<(shape.value.upperBound - 1)
    }
    for (slot, member) in Self.integerMembers.enumerated() {
      // Integer members are plain literals (`_PlainRecordMembers` takes no other form).
      guard let shape = members.member(member) else { continue }
      integers[slot] = _PlainRecordMembers.integer(line, shape.value)
    }
    for member in members.channelVars {
      guard let name = Self.channelVar(UnsafeBufferPointer(rebasing: line[member.key])) else {
        continue
      }
      let slot = name.rawValue
      guard stored[slot] == nil else { return nil }
      let value: _StoredBytes
      switch member.shape {
      case .plainString:
        value = _StoredBytes(
          kind: .text, range: (member.value.lowerBound + 1)..<(member.value.upperBound - 1))
      case .plainInteger:
        value = _StoredBytes(kind: .integer, range: member.value)
      case .array where name == .mediaRecordings:
        guard Self.holdsPlainStrings(line, member.value) else { return nil }
        value = _StoredBytes(kind: .texts, range: member.value)
      default:
        return nil
      }
      stored[slot] = value
      switch name {
      case .accountID, .authorizingID, .accountBilling, .resellerBilling:
        // Read as text too: a number's text would need the full reader's cast.
        guard value.kind == .text else { return nil }
      case .ownerID, .rateName, .bridgeID, .callPriority, .mediaRecordings:
        break
      default:
        // A rating input (or `rate`): read as an integer.
        switch value.kind {
        case .integer: channelIntegers[slot] = _PlainRecordMembers.integer(line, value.range)
        case .text:
          guard let integer = Self.integerText(line, value.range) else { return nil }
          channelIntegers[slot] = integer
        case .texts: return nil
        }
      }
    }
  }

  /// The members behind ``_ListingText``, in its order.
  private static let textMembers: [_CDRField] = [
    .documentID, .callID, .callerIDNumber, .callerIDName, .calleeIDNumber, .calleeIDName,
    .hangupCause, .otherLegCallID, .to, .from, .fromURI, .request, .recordingURL, .mediaServer,
    .interactionID, .callDirection,
  ]

  /// The members behind ``_ListingInteger``, in its order.
  private static let integerMembers: [_CDRField] = [
    .durationSeconds, .billingSeconds, .timestamp, .channelCreatedTime,
  ]

  /// Every ``_ListingChannelVar``'s key bytes, back to back in raw-value order, and where
  /// each one ends.
  private static let channelVarKeys: (bytes: [UInt8], ends: [Int]) = {
    var bytes: [UInt8] = []
    var ends: [Int] = []
    for name in _ListingChannelVar.allCases {
      bytes.append(contentsOf: name.name.utf8)
      ends.append(bytes.count)
    }
    return (bytes, ends)
  }()

  /// The channel variable a listing reads whose key is `key`, if any.
  @inline(__always)
  private static func channelVar(_ key: UnsafeBufferPointer<UInt8>) -> _ListingChannelVar? {
    let (bytes, ends) = channelVarKeys
    var start = 0
    for (slot, end) in ends.enumerated() {
      defer { start = end }
      guard end - start == key.count, bytes[start] == key[0] else { continue }
      var offset = 1
      while offset < key.count, bytes[start + offset] == key[offset] { offset += 1 }
      if offset == key.count { return _ListingChannelVar(rawValue: slot) }
    }
    return nil
  }

  /// Whether the valid JSON array `line[array]` holds only plain strings (ASCII without
  /// escapes or control characters).
  private static func holdsPlainStrings(_ line: UnsafeBufferPointer<UInt8>, _ array: Range<Int>)
    -> Bool
  {
    var inString = false
    for position in (array.lowerBound + 1)..<(array.upperBound - 1) {
      let byte = line[position]
      if byte == 0x22 {
        inString.toggle()
      } else if inString {
        if byte < 0x20 || byte >= 0x7F || byte == UInt8(ascii: "\\") { return false }
      } else if byte != UInt8(ascii: ","), !byte.isJSONWhitespace {
        return false
      }
    }
    return true
  }

  /// The integer a plain string's text `line[text]` stands for when it is written as a
  /// plain JSON integer (an optional `-`, 1 to 18 digits, no leading zero); `nil` for any
  /// other text, which the full reader's cast decides.
  private static func integerText(_ line: UnsafeBufferPointer<UInt8>, _ text: Range<Int>) -> Int? {
    var digits = text
    if let first = digits.first, line[first] == UInt8(ascii: "-") { digits = digits.dropFirst() }
    guard !digits.isEmpty, digits.count <= 18 else { return nil }
    if digits.count > 1, line[digits.lowerBound] == UInt8(ascii: "0") { return nil }
    for position in digits where line[position] &- UInt8(ascii: "0") >= 10 { return nil }
    return _PlainRecordMembers.integer(line, text)
  }

  func text(_ member: _ListingText) -> Range<Int>? {
    texts[Self.slot(member)]
  }

  @inline(__always)
  private static func slot(_ member: _ListingText) -> Int {
    switch member {
    case .documentID: 0
    case .callID: 1
    case .callerIDNumber: 2
    case .callerIDName: 3
    case .calleeIDNumber: 4
    case .calleeIDName: 5
    case .hangupCause: 6
    case .otherLegCallID: 7
    case .to: 8
    case .from: 9
    case .fromURI: 10
    case .request: 11
    case .recordingURL: 12
    case .mediaServer: 13
    case .interactionID: 14
    case .direction: 15
    }
  }

  func integer(_ member: _ListingInteger) -> Int? {
    switch member {
    case .durationSeconds: integers[0]
    case .billingSeconds: integers[1]
    case .timestamp: integers[2]
    case .channelCreatedTime: integers[3]
    }
  }

  func channelText(_ name: _ListingChannelVar) -> Range<Int>? {
    stored[name.rawValue]?.range
  }

  func channelInteger(_ name: _ListingChannelVar) -> Int? {
    channelIntegers[name.rawValue]
  }

  var rateValue: _ListingRateValue {
    switch stored[_ListingChannelVar.rate.rawValue]?.kind {
    case .integer: .number(Double(channelIntegers[_ListingChannelVar.rate.rawValue] ?? 0))
    case .text: .text
    case .texts, .none: .none
    }
  }

  func channelStored(_ name: _ListingChannelVar) -> _StoredBytes? {
    stored[name.rawValue]
  }

  func beforeAt(_ text: Range<Int>) -> Range<Int> {
    for position in text where line[position] == UInt8(ascii: "@") {
      return text.lowerBound..<position
    }
    return text
  }

  func isEqual(_ first: Range<Int>?, _ second: Range<Int>?) -> Bool {
    let first = first ?? 0..<0
    let second = second ?? 0..<0
    guard first.count == second.count else { return false }
    return UnsafeBufferPointer(rebasing: line[first]).elementsEqual(
      UnsafeBufferPointer(rebasing: line[second]))
  }

  func isPerMinute(_ text: Range<Int>?) -> Bool {
    guard let text else { return false }
    return UnsafeBufferPointer(rebasing: line[text]).elementsEqual("per_minute".utf8)
  }
}

extension UInt8 {
  /// JSON's whitespace: space, tab, LF, CR.
  fileprivate var isJSONWhitespace: Bool {
    self == 0x20 || self == 0x09 || self == 0x0A || self == 0x0D
  }
}
