import CDRModel

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A growable run of bytes for output rendered in hot loops: appending checks the room and
/// copies, with none of an `Array`'s uniqueness checks or generic `append(contentsOf:)`
/// calls per piece. Rendering a summary line appends some forty small pieces; through an
/// `[UInt8]` those checks cost as much as the rendering itself.
///
/// Not copyable: it owns its memory and frees it when it ends. It lives in the module that
/// renders with it: the bodies of `package` functions marked `@inlinable` are not inlined
/// into other modules (measured with Swift 6.3: every append was a call), and a call per
/// appended piece was a third of the time of writing a summary line.
struct _ByteBuffer: ~Copyable {
  private var base: UnsafeMutablePointer<UInt8>
  /// The number of bytes written.
  private(set) var count = 0
  private var capacity: Int

  /// An empty buffer with room for `capacity` bytes.
  init(capacity: Int) {
    self.capacity = Swift.max(64, capacity)
    base = .allocate(capacity: self.capacity)
  }

  deinit { base.deallocate() }

  /// The bytes written.
  func withBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
    body(UnsafeBufferPointer(start: base, count: count))
  }

  /// The bytes written, as an array.
  var array: [UInt8] { withBytes { Array($0) } }

  /// Forgets what was written, keeping the memory.
  mutating func removeAll() { count = 0 }

  /// Makes room for `extra` more bytes.
  @inline(__always)
  mutating func reserve(_ extra: Int) {
    if count + extra > capacity { grow(to: count + extra) }
  }

  private mutating func grow(to needed: Int) {
    var size = capacity * 2
    while size < needed { size *= 2 }
    let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: size)
    bigger.update(from: base, count: count)
    base.deallocate()
    base = bigger
    capacity = size
  }

  /// Appends one byte.
  @inline(__always)
  mutating func append(_ byte: UInt8) {
    if count == capacity { grow(to: count + 1) }
    base[count] = byte
    count += 1
  }

  /// Appends `bytes`.
  @inline(__always)
  mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
    guard let start = bytes.baseAddress else { return }
    reserve(bytes.count)
    memcpy(base + count, start, bytes.count)
    count += bytes.count
  }

  /// Appends a literal's UTF-8 bytes.
  @inline(__always)
  mutating func append(_ literal: StaticString) {
    append(UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
  }

  /// Appends `value` as JSON writes it: decimal digits, a leading `-` when negative. The
  /// digits are counted against powers of ten, then written from the last, two at a time.
  mutating func appendInteger(_ value: Int64) {
    reserve(20)
    if value < 0 {
      base[count] = UInt8(ascii: "-")
      count += 1
    }
    var magnitude = value.magnitude
    // The digits from the bits: with 1233 / 4096 for log10(2), a number of `bits` bits has
    // `estimate` digits or one more (at most 19 for an `Int64`; 0 has one).
    let bits = 64 - magnitude.leadingZeroBitCount
    let estimate = (bits &* 1233) >> 12
    let digits = Swift.max(1, magnitude >= Self.powerOfTen(estimate) ? estimate + 1 : estimate)
    let pairs = Self.digitPairs.utf8Start
    var position = count + digits
    while magnitude >= 100 {
      let pair = Int(truncatingIfNeeded: magnitude % 100) * 2
      magnitude /= 100
      position -= 2
      base[position] = pairs[pair]
      base[position + 1] = pairs[pair + 1]
    }
    if magnitude >= 10 {
      let pair = Int(truncatingIfNeeded: magnitude) * 2
      base[position - 2] = pairs[pair]
      base[position - 1] = pairs[pair + 1]
    } else {
      base[position - 1] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: magnitude)
    }
    count += digits
  }

  /// 10^`exponent`, for `exponent` from 0 to 19 (a switch the compiler makes a table of).
  @inline(__always)
  private static func powerOfTen(_ exponent: Int) -> UInt64 {
    switch exponent {
    case 0: return 1
    case 1: return 10
    case 2: return 100
    case 3: return 1_000
    case 4: return 10_000
    case 5: return 100_000
    case 6: return 1_000_000
    case 7: return 10_000_000
    case 8: return 100_000_000
    case 9: return 1_000_000_000
    case 10: return 10_000_000_000
    case 11: return 100_000_000_000
    case 12: return 1_000_000_000_000
    case 13: return 10_000_000_000_000
    case 14: return 100_000_000_000_000
    case 15: return 1_000_000_000_000_000
    case 16: return 10_000_000_000_000_000
    case 17: return 100_000_000_000_000_000
    case 18: return 1_000_000_000_000_000_000
    default: return 10_000_000_000_000_000_000
    }
  }

  /// "00" to "99", back to back (a literal, so no lazily made global is looked up).
  private static var digitPairs: StaticString {
    """
    00010203040506070809101112131415161718192021222324252627282930313233343536373839\
    40414243444546474849505152535455565758596061626364656667686970717273747576777879\
    8081828384858687888990919293949596979899
    """
  }

  /// Appends `value` as a JSON string: between quotes as it is when `plain` (no quote,
  /// backslash or control character), escaped as `JSONTextBuilder` escapes otherwise.
  @inline(__always)
  mutating func appendString(_ value: UnsafeBufferPointer<UInt8>, plain: Bool) {
    if plain {
      reserve(value.count + 2)
      base[count] = UInt8(ascii: "\"")
      if let start = value.baseAddress { memcpy(base + count + 1, start, value.count) }
      base[count + 1 + value.count] = UInt8(ascii: "\"")
      count += value.count + 2
    } else {
      var escaped: [UInt8] = []
      JSONTextBuilder.appendString(value, to: &escaped)
      escaped.withUnsafeBufferPointer { append($0) }
    }
  }
}

/// Whether every byte of `text` is below 0x80: eight at a time, then one at a time. The
/// one ASCII check of the module's byte paths (ids, labels, texts).
func bytesAreASCII(_ text: UnsafeRawBufferPointer) -> Bool {
  guard let base = text.baseAddress else { return true }
  var offset = 0
  var high: UInt64 = 0
  while offset + 8 <= text.count {
    high |= base.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
    offset += 8
  }
  if high & 0x8080_8080_8080_8080 != 0 { return false }
  while offset < text.count {
    if base.load(fromByteOffset: offset, as: UInt8.self) >= 0x80 { return false }
    offset += 1
  }
  return true
}

/// Whether `left` sorts before `right` byte by byte (unsigned, a prefix first): what
/// `lexicographicallyPrecedes` answers, with one `memcmp` instead of a generic loop over
/// the elements.
@inline(__always)
func bytesPrecede(_ left: UnsafeBufferPointer<UInt8>, _ right: UnsafeBufferPointer<UInt8>)
  -> Bool
{
  let common = Swift.min(left.count, right.count)
  if common > 0, let leftBase = left.baseAddress, let rightBase = right.baseAddress {
    let order = memcmp(leftBase, rightBase, common)
    if order != 0 { return order < 0 }
  }
  return left.count < right.count
}
