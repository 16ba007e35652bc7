#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

// The check behind the reader's copying path (`CDRReader.copyRecords`): whether the bytes of
// one record already are, byte for byte, what reading them and writing the record back gives
// (`CallDetailRecord(jsonBytes:)` then `json.write(to:)`): compact JSON with every object's
// keys in strictly increasing UTF-8 order, strings escaped as the writer escapes them, valid
// UTF-8, and every typed member in the plain form its property writes back unchanged. When it
// says yes, the reader would accept the record (a string `call_id`, no event or webhook shape,
// not a listing row, within the depth limit), and the bytes can be copied instead of decoded
// and written. When it says no, it has decided nothing: the caller reads the record fully.

/// The form a typed member must have for its property to write the same bytes back.
enum _PlainValueKind {
  /// Any canonical string.
  case string
  /// An integer literal without fraction, exponent or `-0`, of at most 18 digits.
  case integer
  /// `true` or `false`.
  case boolean
  /// `"inbound"` or `"outbound"` (any other direction is a drift).
  case direction
  /// A canonical object (kept as it is by the free-form properties).
  case object
  /// An array of canonical strings.
  case stringArray
}

extension _CDRField {
  /// The plain form of this field's value (see `_CanonicalRecordCheck`).
  var plainValueKind: _PlainValueKind {
    switch self {
    case .billingSeconds, .channelCreatedTime, .durationSeconds, .ringingSeconds, .timestamp,
      .interactionTime, .privateVersion, .privateCreated, .privateModified:
      .integer
    case .isConference, .channelIsLoopback, .channelLoopbackBowout,
      .channelLoopbackBowoutExecute:
      .boolean
    case .callDirection: .direction
    case .customChannelVars, .customApplicationVars, .customSIPHeaders: .object
    case .mediaRecordings: .stringArray
    // Strings, and `channel_loopback_leg`, whose value is kept verbatim.
    default: .string
    }
  }
}

/// One pass over a record's bytes that tells whether they are already in the form the
/// record writes (see the comment at the top of this file).
struct _CanonicalRecordCheck {
  let bytes: UnsafeBufferPointer<UInt8>
  let maximumDepth: Int
  var index = 0
  var depth = 0

  /// Whether `bytes` (one record, no surrounding whitespace) are exactly the compact text the
  /// reader's record for them writes, and the reader accepts that record without reshaping it.
  static func isCanonicalRecord(_ bytes: UnsafeBufferPointer<UInt8>, maximumDepth: Int) -> Bool {
    var check = _CanonicalRecordCheck(bytes: bytes, maximumDepth: maximumDepth)
    return check.record()
  }

  private static let quote = UInt8(ascii: "\"")
  private static let backslash = UInt8(ascii: "\\")

  private mutating func record() -> Bool {
    guard let base = bytes.baseAddress, bytes.count >= 2, bytes[0] == UInt8(ascii: "{"),
      maximumDepth >= 1
    else { return false }
    depth = 1
    index = 1
    let table = _CDRFieldTable.shared
    var previousKey = 0..<0
    var first = true
    var sawCallID = false
    // `call_direction` or `custom_channel_vars`: a listing row has neither.
    var notAListingRow = false
    while true {
      guard let key = key() else { return false }
      if !first, !Self.precedes(base, previousKey, key) { return false }
      first = false
      previousKey = key
      guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return false }
      index += 1
      if let field = table.field(base + key.lowerBound, key.count) {
        switch field.plainValueKind {
        case .string:
          if field == .callID {
            guard index + 1 < bytes.count, bytes[index + 1] != Self.quote else { return false }
            sawCallID = true
          }
          guard index < bytes.count, bytes[index] == Self.quote, string() else { return false }
        case .integer:
          guard plainInteger() else { return false }
        case .boolean:
          guard literal("true") || literal("false") else { return false }
        case .direction:
          guard word("\"inbound\"") || word("\"outbound\"") else { return false }
          notAListingRow = true
        case .object:
          guard index < bytes.count, bytes[index] == UInt8(ascii: "{"), value() else {
            return false
          }
          if field == .customChannelVars { notAListingRow = true }
        case .stringArray:
          guard stringArray() else { return false }
        }
      } else {
        // A webhook payload is reshaped by the reader (its ids move into the channel
        // variables).
        if Self.holds(base, key, "hook_event") { return false }
        guard value() else { return false }
      }
      guard index < bytes.count else { return false }
      if bytes[index] == UInt8(ascii: ",") {
        index += 1
      } else if bytes[index] == UInt8(ascii: "}") {
        index += 1
        break
      } else {
        return false
      }
    }
    return index == bytes.count && sawCallID && notAListingRow
  }

  /// A key without escapes at `index` (its text range; `index` moved past it), or `nil`.
  private mutating func key() -> Range<Int>? {
    guard index < bytes.count, bytes[index] == Self.quote else { return nil }
    let start = index + 1
    var cursor = start
    while true {
      cursor = _JSONByteScan.firstSpecial(in: bytes, from: cursor, stopsAtNonASCII: true)
      guard cursor < bytes.count else { return nil }
      let byte = bytes[cursor]
      if byte == Self.quote { break }
      guard byte >= 0x80, let length = utf8Sequence(at: cursor) else { return nil }
      cursor += length
    }
    index = cursor + 1
    return start..<cursor
  }

  /// Whether the key `lhs` sorts strictly before the key `rhs` (UTF-8 bytes).
  @inline(__always)
  private static func precedes(
    _ base: UnsafePointer<UInt8>, _ lhs: Range<Int>, _ rhs: Range<Int>
  ) -> Bool {
    let common = Swift.min(lhs.count, rhs.count)
    if common >= 8 {
      // Most keys differ in their first eight bytes: compare them as one big-endian word.
      let left = UnsafeRawPointer(base + lhs.lowerBound).loadUnaligned(as: UInt64.self).bigEndian
      let right = UnsafeRawPointer(base + rhs.lowerBound).loadUnaligned(as: UInt64.self).bigEndian
      if left != right { return left < right }
    }
    let order = memcmp(base + lhs.lowerBound, base + rhs.lowerBound, common)
    return order < 0 || (order == 0 && lhs.count < rhs.count)
  }

  @inline(__always)
  private static func holds(
    _ base: UnsafePointer<UInt8>, _ range: Range<Int>, _ text: StaticString
  ) -> Bool {
    range.count == text.utf8CodeUnitCount
      && memcmp(base + range.lowerBound, text.utf8Start, range.count) == 0
  }

  /// Whether `text` is at `index` (then `index` is moved past it).
  @inline(__always)
  private mutating func word(_ text: StaticString) -> Bool {
    let count = text.utf8CodeUnitCount
    guard index + count <= bytes.count, let base = bytes.baseAddress,
      memcmp(base + index, text.utf8Start, count) == 0
    else { return false }
    index += count
    return true
  }

  /// A literal (`true`, `false`, `null`) at `index`.
  @inline(__always)
  private mutating func literal(_ text: StaticString) -> Bool { word(text) }

  /// A canonical string at `index` (at its opening quote).
  private mutating func string() -> Bool {
    var cursor = index + 1
    while true {
      cursor = _JSONByteScan.firstSpecial(in: bytes, from: cursor, stopsAtNonASCII: true)
      guard cursor < bytes.count else { return false }
      let byte = bytes[cursor]
      if byte == Self.quote {
        index = cursor + 1
        return true
      }
      if byte == Self.backslash {
        guard let length = canonicalEscape(at: cursor) else { return false }
        cursor += length
      } else if byte >= 0x80 {
        guard let length = utf8Sequence(at: cursor) else { return false }
        cursor += length
      } else {
        // A raw control character: the parser rejects it.
        return false
      }
    }
  }

  /// The length of the escape at `position` when the writer writes that character the same
  /// way (`\"`, `\\`, `\n`, `\r`, `\t`, `\b`, `\f`, and `\u00xx` in lower case for the other
  /// control characters), else `nil`.
  private func canonicalEscape(at position: Int) -> Int? {
    guard position + 1 < bytes.count else { return nil }
    switch bytes[position + 1] {
    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "n"), UInt8(ascii: "r"),
      UInt8(ascii: "t"), UInt8(ascii: "b"), UInt8(ascii: "f"):
      return 2
    case UInt8(ascii: "u"):
      guard position + 5 < bytes.count, bytes[position + 2] == UInt8(ascii: "0"),
        bytes[position + 3] == UInt8(ascii: "0")
      else { return nil }
      let high = bytes[position + 4]
      let low = bytes[position + 5]
      guard high == UInt8(ascii: "0") || high == UInt8(ascii: "1") else { return nil }
      let lowValue: UInt8
      if low &- UInt8(ascii: "0") < 10 {
        lowValue = low &- UInt8(ascii: "0")
      } else if low &- UInt8(ascii: "a") < 6 {
        lowValue = low &- UInt8(ascii: "a") &+ 10
      } else {
        return nil
      }
      let value = (high &- UInt8(ascii: "0")) << 4 | lowValue
      // These have a short form, which the writer uses.
      if value == 0x08 || value == 0x09 || value == 0x0A || value == 0x0C || value == 0x0D {
        return nil
      }
      return 6
    default:
      return nil
    }
  }

  /// The length of the well-formed UTF-8 sequence of two to four bytes at `position`, or `nil`.
  private func utf8Sequence(at position: Int) -> Int? {
    let lead = bytes[position]
    @inline(__always) func continuation(_ offset: Int, _ low: UInt8 = 0x80, _ high: UInt8 = 0xBF)
      -> Bool
    {
      position + offset < bytes.count && bytes[position + offset] >= low
        && bytes[position + offset] <= high
    }
    switch lead {
    case 0xC2...0xDF:
      return continuation(1) ? 2 : nil
    case 0xE0:
      return continuation(1, 0xA0) && continuation(2) ? 3 : nil
    case 0xE1...0xEC, 0xEE...0xEF:
      return continuation(1) && continuation(2) ? 3 : nil
    case 0xED:
      return continuation(1, 0x80, 0x9F) && continuation(2) ? 3 : nil
    case 0xF0:
      return continuation(1, 0x90) && continuation(2) && continuation(3) ? 4 : nil
    case 0xF1...0xF3:
      return continuation(1) && continuation(2) && continuation(3) ? 4 : nil
    case 0xF4:
      return continuation(1, 0x80, 0x8F) && continuation(2) && continuation(3) ? 4 : nil
    default:
      return nil
    }
  }

  /// A plain integer literal (see `_PlainValueKind.integer`) at `index`.
  private mutating func plainInteger() -> Bool {
    var cursor = index
    if cursor < bytes.count, bytes[cursor] == UInt8(ascii: "-") { cursor += 1 }
    let digitsStart = cursor
    while cursor < bytes.count, bytes[cursor] &- UInt8(ascii: "0") < 10 { cursor += 1 }
    let digits = cursor - digitsStart
    guard digits >= 1, digits <= 18 else { return false }
    if bytes[digitsStart] == UInt8(ascii: "0") {
      // `0` alone; `-0` writes back as `0`, `01` is not JSON.
      guard digits == 1, digitsStart == index else { return false }
    }
    if cursor < bytes.count {
      let next = bytes[cursor]
      if next == UInt8(ascii: ".") || next == UInt8(ascii: "e") || next == UInt8(ascii: "E") {
        return false
      }
    }
    index = cursor
    return true
  }

  /// An array of canonical strings at `index`.
  private mutating func stringArray() -> Bool {
    guard index < bytes.count, bytes[index] == UInt8(ascii: "[") else { return false }
    index += 1
    if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
      index += 1
      return true
    }
    // Within the depth limit: the array is one level below the record.
    guard maximumDepth >= 2 else { return false }
    while true {
      guard index < bytes.count, bytes[index] == Self.quote, string(), index < bytes.count
      else { return false }
      if bytes[index] == UInt8(ascii: ",") {
        index += 1
      } else if bytes[index] == UInt8(ascii: "]") {
        index += 1
        return true
      } else {
        return false
      }
    }
  }

  /// Any canonical value at `index`.
  private mutating func value() -> Bool {
    guard index < bytes.count else { return false }
    switch bytes[index] {
    case Self.quote: return string()
    case UInt8(ascii: "{"): return object()
    case UInt8(ascii: "["): return array()
    case UInt8(ascii: "t"): return literal("true")
    case UInt8(ascii: "f"): return literal("false")
    case UInt8(ascii: "n"): return literal("null")
    default:
      // Numbers are written back with their literal, whatever its form.
      guard let end = JSONNumber.scanLiteral(bytes, from: index) else { return false }
      index = end
      return true
    }
  }

  /// A canonical object at `index` (at its `{`).
  private mutating func object() -> Bool {
    depth += 1
    guard depth <= maximumDepth, let base = bytes.baseAddress else { return false }
    index += 1
    if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
      index += 1
      depth -= 1
      return true
    }
    var previousKey = 0..<0
    var first = true
    while true {
      guard let key = key() else { return false }
      if !first, !Self.precedes(base, previousKey, key) { return false }
      first = false
      previousKey = key
      guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return false }
      index += 1
      guard value(), index < bytes.count else { return false }
      if bytes[index] == UInt8(ascii: ",") {
        index += 1
      } else if bytes[index] == UInt8(ascii: "}") {
        index += 1
        depth -= 1
        return true
      } else {
        return false
      }
    }
  }

  /// A canonical array at `index` (at its `[`).
  private mutating func array() -> Bool {
    depth += 1
    guard depth <= maximumDepth else { return false }
    index += 1
    if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
      index += 1
      depth -= 1
      return true
    }
    while true {
      guard value(), index < bytes.count else { return false }
      if bytes[index] == UInt8(ascii: ",") {
        index += 1
      } else if bytes[index] == UInt8(ascii: "]") {
        index += 1
        depth -= 1
        return true
      } else {
        return false
      }
    }
  }
}
