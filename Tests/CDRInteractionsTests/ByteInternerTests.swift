import CDRTestSupport
import Testing

@testable import CDRInteractions

/// The leg table's id interner: one number per distinct byte string, in first-seen order,
/// with the bytes compared exactly (every length, a difference at every position).
@Suite struct ByteInternerTests {
  @Test func comparesBytesOfEveryLengthAtEveryPosition() {
    for length in 0...40 {
      let bytes = (0..<length).map { UInt8(truncatingIfNeeded: 0x41 + $0) }
      bytes.withUnsafeBytes { left in
        var copy = bytes
        copy.withUnsafeMutableBytes { right in
          if length > 0 {
            #expect(memcmpBytes(left.baseAddress!, right.baseAddress!, length), "\(length)")
          }
          for position in 0..<length {
            right[position] ^= 0x20
            #expect(
              !memcmpBytes(left.baseAddress!, right.baseAddress!, length),
              "length \(length), position \(position)")
            right[position] ^= 0x20
          }
        }
      }
    }
  }

  /// With and without the hashes kept (a table being read keeps none and hashes its ids again
  /// when its lookup grows or is rebuilt); the lookup is also freed halfway and rebuilt.
  @Test(arguments: [true, false]) func numbersDistinctIDsInFirstSeenOrder(keepingHashes: Bool) {
    var random = SeededGenerator(seed: 3)
    var interner = _ByteInterner()
    interner.keepsHashes = keepingHashes
    var reference: [[UInt8]: Int32] = [:]
    var order: [[UInt8]] = []
    for step in 0..<5_000 {
      if step == 2_500 { interner.releaseLookup() }
      // Ids that share prefixes and lengths, so lookups compare bytes, not just lengths.
      let id = Array("call-\(random.below(900))-\(random.below(3))".utf8)
      let number = id.withUnsafeBytes { interner.intern($0) }
      if let known = reference[id] {
        #expect(number == known)
      } else {
        #expect(Int(number) == order.count)
        reference[id] = number
        order.append(id)
      }
    }
    #expect(interner.count == order.count)
    #expect(interner.hashes.count == (keepingHashes ? order.count : 0))
    interner.bytes.withUnsafeBufferPointer { arena in
      for (number, id) in order.enumerated() {
        #expect(Array(arena[interner.range(Int32(number))]) == id)
      }
    }
  }
}
