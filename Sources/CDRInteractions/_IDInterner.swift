/// Gives every distinct id string a dense integer (0, 1, 2, … in first-seen order), so the
/// grouping works on integer arrays instead of dictionaries keyed by strings.
///
/// An open-addressing table over the ids' UTF-8 bytes, hashed a machine word at a time
/// with a per-process random seed (input files are untrusted: a fixed hash would let a
/// crafted file force every id into one probe chain). Ids are compared byte for byte only
/// when their full 64-bit hashes match.
struct _IDInterner {
  /// The ids, by number.
  private(set) var ids: [String] = []
  /// Each id's full hash, by number.
  private var hashes: [UInt64] = []
  /// Slot → id number + 1 (0: empty). The count is a power of two, at most half full.
  private var slots: [Int32]
  private var mask: Int

  /// A seed drawn once per process from the standard library's randomly seeded `Hasher`.
  private static let seed: UInt64 = {
    var hasher = Hasher()
    hasher.combine(0x5EED as Int)
    return UInt64(bitPattern: Int64(hasher.finalize()))
  }()

  init(capacity: Int = 0) {
    var size = 16
    while size < capacity * 2 { size <<= 1 }
    slots = [Int32](repeating: 0, count: size)
    mask = size - 1
    ids.reserveCapacity(capacity)
    hashes.reserveCapacity(capacity)
  }

  var count: Int { ids.count }

  /// The number of `id`, interning it if it is new.
  mutating func intern(_ id: String) -> (number: Int32, isNew: Bool) {
    let hash = Self.hash(id)
    var slot = Int(truncatingIfNeeded: hash) & mask
    while true {
      let entry = slots[slot]
      if entry == 0 { break }
      let number = Int(entry) - 1
      if hashes[number] == hash && ids[number] == id { return (Int32(number), false) }
      slot = (slot + 1) & mask
    }
    let number = Int32(truncatingIfNeeded: ids.count)
    ids.append(id)
    hashes.append(hash)
    slots[slot] = number + 1
    if ids.count * 2 > slots.count { grow() }
    return (number, true)
  }

  private mutating func grow() {
    let size = slots.count * 2
    slots = [Int32](repeating: 0, count: size)
    mask = size - 1
    for number in hashes.indices {
      var slot = Int(truncatingIfNeeded: hashes[number]) & mask
      while slots[slot] != 0 { slot = (slot + 1) & mask }
      slots[slot] = Int32(truncatingIfNeeded: number) + 1
    }
  }

  /// A multiply-rotate hash over the UTF-8 bytes, eight at a time, finished with a
  /// 64-bit avalanche so the low bits (the slot) depend on every input byte.
  static func hash(_ id: String) -> UInt64 {
    var text = id
    return text.withUTF8 { hash(bytes: UnsafeRawBufferPointer($0)) }
  }

  /// ``hash(_:)`` of the UTF-8 bytes `raw`: wrapping arithmetic throughout (no overflow
  /// checks in the loop), the words read from the base address.
  @inline(__always)
  static func hash(bytes raw: UnsafeRawBufferPointer) -> UInt64 {
    let count = raw.count
    var hash = seed ^ (UInt64(truncatingIfNeeded: count) &* 0x9E37_79B9_7F4A_7C15)
    var tail: UInt64 = 0
    if let base = raw.baseAddress {
      var offset = 0
      while offset &+ 8 <= count {
        let word = base.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
        hash = (hash ^ word) &* 0xBF58_476D_1CE4_E5B9
        hash = (hash &<< 31) | (hash &>> 33)
        offset &+= 8
      }
      let left = count &- offset
      if left > 0, count >= 8 {
        // The last eight bytes in one load, shifted down to the `left` not yet hashed: the
        // value the byte loop below gives, without a step per byte.
        let last = base.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)
        tail = last &>> (64 &- 8 &* UInt64(truncatingIfNeeded: left))
      } else {
        var shift: UInt64 = 0
        while offset < count {
          tail |= UInt64(base.load(fromByteOffset: offset, as: UInt8.self)) &<< shift
          shift &+= 8
          offset &+= 1
        }
      }
    }
    hash = (hash ^ tail) &* 0x94D0_49BB_1331_11EB
    hash ^= hash &>> 29
    hash = hash &* 0xBF58_476D_1CE4_E5B9
    hash ^= hash &>> 32
    return hash
  }
}
