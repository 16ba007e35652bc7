import CDRModel

/// Gives every distinct byte string a dense integer (0, 1, 2, … in first-seen order) and
/// keeps one copy of each in a single arena: ids interned straight from the bytes they were
/// read from, with no `String` per id. Hashed as ``_IDInterner`` hashes (seeded per process).
struct _ByteInterner: Sendable {
  /// The distinct ids back to back; id `n` is `bytes[starts[n]..<starts[n + 1]]`.
  private(set) var bytes: [UInt8] = []
  private(set) var starts: [Int] = [0]
  /// Id number → its hash, when ``keepsHashes``; empty otherwise.
  private(set) var hashes: [UInt64] = []
  /// Whether ``hashes`` is kept. A piece of a table keeps them for the table it is appended
  /// to; the table being read does not (8 bytes an id it would touch and hold only for a
  /// rehash, which then hashes the ids again from their bytes).
  var keepsHashes = true {
    didSet { if !keepsHashes { hashes = [] } }
  }
  /// Id number → whether its bytes can be written between quotes as they are (no quote,
  /// backslash or control character).
  private(set) var isPlain: [Bool] = []
  /// Slot → (id number + 1) | the hash's high 32 bits << 32 (0: empty), so most
  /// mismatches are seen without reading the id. A power of two, at most three quarters
  /// full (linear probing: a slot and its neighbours share a cache line).
  private var slots: [UInt64]
  private var mask: Int

  init(capacity: Int = 0) {
    var size = 16
    while size * 3 < capacity * 4 { size <<= 1 }
    slots = [UInt64](repeating: 0, count: size)
    mask = size - 1
  }

  var count: Int { starts.count - 1 }

  /// Makes room for `count` ids of `bytes` bytes in all, without rehashing on the way.
  mutating func reserve(count: Int, bytes byteCount: Int) {
    guard count + 1 > starts.capacity else { return }
    if slots.isEmpty { rebuildLookup() }
    self.bytes.reserveCapacity(byteCount)
    starts.reserveCapacity(count + 1)
    if keepsHashes { hashes.reserveCapacity(count) }
    isPlain.reserveCapacity(count)
    var size = slots.count
    while size * 3 < count * 4 { size <<= 1 }
    if size > slots.count { rehash(slotCount: size) }
  }

  /// Asks for huge pages behind the large arrays (`_HugePages`).
  mutating func adviseHugePages() {
    _HugePages.advise(&bytes)
    _HugePages.advise(&starts)
    _HugePages.advise(&hashes)
    _HugePages.advise(&isPlain)
    _HugePages.advise(&slots)
  }

  /// ``bytes``, ``starts`` and ``isPlain`` as buffers, during `body`.
  func withBuffers<Result>(
    _ body: (
      _ bytes: UnsafeBufferPointer<UInt8>, _ starts: UnsafeBufferPointer<Int>,
      _ isPlain: UnsafeBufferPointer<Bool>
    ) -> Result
  ) -> Result {
    bytes.withUnsafeBufferPointer { bytes in
      starts.withUnsafeBufferPointer { starts in
        isPlain.withUnsafeBufferPointer { isPlain in body(bytes, starts, isPlain) }
      }
    }
  }

  /// The byte range of id `number` in ``bytes``.
  @inline(__always)
  func range(_ number: Int32) -> Range<Int> {
    starts[Int(number)]..<starts[Int(number) + 1]
  }

  /// The number of the id `text`, interning it if it is new.
  mutating func intern(_ text: UnsafeRawBufferPointer) -> Int32 {
    intern(text, hash: _IDInterner.hash(bytes: text), isPlain: nil)
  }

  /// The number of the id `text` whose hash is `hash`, interning it if it is new;
  /// `isPlain` when already known.
  mutating func intern(_ text: UnsafeRawBufferPointer, hash: UInt64, isPlain plain: Bool?)
    -> Int32
  {
    if slots.isEmpty { rebuildLookup() }
    var slot = Int(truncatingIfNeeded: hash) & mask
    let tag = hash & 0xFFFF_FFFF_0000_0000
    while true {
      let entry = slots[slot]
      if entry == 0 { break }
      if entry & 0xFFFF_FFFF_0000_0000 == tag {
        let number = Int(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1
        if (!keepsHashes || hashes[number] == hash) && equals(number, text) {
          return Int32(number)
        }
      }
      slot = (slot + 1) & mask
    }
    let number = Int32(truncatingIfNeeded: count)
    // As typed bytes: the raw buffer went through the generic `append(contentsOf:)`, some
    // hundred instructions an id.
    bytes.append(contentsOf: text.assumingMemoryBound(to: UInt8.self))
    starts.append(bytes.count)
    if keepsHashes { hashes.append(hash) }
    isPlain.append(plain ?? Self.isPlain(text))
    slots[slot] = tag | UInt64(number + 1)
    if count * 4 > slots.count * 3 { grow() }
    return number
  }

  /// Loads the lookup slots where ids of hashes `hashes[range]` start probing, so that
  /// interning them next finds those slots in the cache: the loads are independent, so they
  /// wait for memory together instead of one after another. (A large table's slots are
  /// out of the cache; one miss per id was most of the time of appending a piece.)
  mutating func warmSlots(for hashes: UnsafeBufferPointer<UInt64>) {
    guard !slots.isEmpty else { return }
    var folded: UInt64 = 0
    slots.withUnsafeBufferPointer { slots in
      for hash in hashes { folded ^= slots[Int(truncatingIfNeeded: hash) & mask] }
    }
    warmth ^= folded
  }

  /// What ``warmSlots(for:)`` loaded, folded, so the loads are not optimized away.
  private var warmth: UInt64 = 0

  /// Whether `text` has no quote, backslash or control character.
  static func isPlain(_ text: UnsafeRawBufferPointer) -> Bool {
    for byte in text where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
      return false
    }
    return true
  }

  /// The number of `text`, interning it if it is new.
  mutating func intern(_ text: String) -> Int32 {
    var text = text
    return text.withUTF8 { intern(UnsafeRawBufferPointer($0)) }
  }

  /// Whether id `number` is `text`.
  @inline(__always)
  func holds(_ number: Int32, _ text: UnsafeRawBufferPointer) -> Bool {
    equals(Int(number), text)
  }

  @inline(__always)
  private func equals(_ number: Int, _ text: UnsafeRawBufferPointer) -> Bool {
    let start = starts[number]
    guard starts[number + 1] - start == text.count else { return false }
    return bytes.withUnsafeBytes { arena in
      text.count == 0
        || memcmpBytes(arena.baseAddress! + start, text.baseAddress!, text.count)
    }
  }

  /// Frees the lookup table and the hashes (about 19 to 29 bytes per id) once no more ids
  /// are to be interned; the next ``intern(_:hash:isPlain:)`` builds both again.
  mutating func releaseLookup() {
    slots = []
    mask = 0
    hashes = []
  }

  /// Hashes the ids again after ``releaseLookup()`` freed their hashes.
  mutating func restoreHashes() {
    guard hashes.count < count else { return }
    var restored: [UInt64] = []
    restored.reserveCapacity(count)
    bytes.withUnsafeBytes { arena in
      for number in 0..<count {
        restored.append(
          _IDInterner.hash(bytes: UnsafeRawBufferPointer(rebasing: arena[range(Int32(number))])))
      }
    }
    hashes = restored
  }

  private mutating func rebuildLookup() {
    var size = 16
    while size * 3 < count * 4 { size <<= 1 }
    rehash(slotCount: size)
  }

  private mutating func grow() { rehash(slotCount: slots.count * 2) }

  /// Rebuilds the lookup with `size` slots (a power of two, at least 4/3 of the ids).
  /// Without ``keepsHashes``, the ids are hashed again from their bytes.
  private mutating func rehash(slotCount size: Int) {
    if keepsHashes { restoreHashes() }
    slots = []
    var table = [UInt64](repeating: 0, count: size)
    let mask = size - 1
    table.withUnsafeMutableBufferPointer { table in
      func insert(_ number: Int, _ hash: UInt64) {
        var slot = Int(truncatingIfNeeded: hash) & mask
        while table[slot] != 0 { slot = (slot + 1) & mask }
        table[slot] = (hash & 0xFFFF_FFFF_0000_0000) | UInt64(number + 1)
      }
      if keepsHashes {
        for number in hashes.indices { insert(number, hashes[number]) }
      } else {
        bytes.withUnsafeBytes { arena in
          for number in 0..<count {
            let id = UnsafeRawBufferPointer(rebasing: arena[range(Int32(number))])
            insert(number, _IDInterner.hash(bytes: id))
          }
        }
      }
    }
    slots = table
    self.mask = mask
  }
}

/// Whether `count` bytes at `a` and `b` are equal: eight at a time, the last eight
/// overlapping the ones before (ids are rarely shorter than eight bytes).
@inline(__always)
func memcmpBytes(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ count: Int) -> Bool {
  guard count >= 8 else {
    for offset in 0..<count
    where a.load(fromByteOffset: offset, as: UInt8.self)
      != b.load(fromByteOffset: offset, as: UInt8.self)
    {
      return false
    }
    return true
  }
  var offset = 0
  while offset + 8 < count {
    if a.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
      != b.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
    {
      return false
    }
    offset += 8
  }
  return a.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
    == b.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
}
