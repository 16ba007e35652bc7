import CDRTestSupport
import Foundation
import Testing

@testable import CDRModel

/// Huge-page advice leaves an array's contents and capacity as they were.
@Suite struct HugePagesTests {
  @Test func hugePageAdviceKeepsTheArray() {
    var random = SeededGenerator(seed: 6)
    var array = (0..<(3 << 20)).map { _ in UInt32(truncatingIfNeeded: random.below(1 << 30)) }
    array.reserveCapacity(4 << 20)
    let sum = array.reduce(0 as UInt64) { $0 &+ UInt64($1) }
    let capacity = array.capacity
    // Unique storage: advised where it is.
    _HugePages.advise(&array)
    #expect(array.reduce(0 as UInt64) { $0 &+ UInt64($1) } == sum)
    #expect(array.count == 3 << 20)
    #expect(array.capacity == capacity)
    // Shared storage: the advised array gets its own, the other keeps the old one.
    let shared = array
    _HugePages.advise(&array)
    #expect(array == shared)
    #expect(array.capacity >= capacity)
    array.append(7)
    #expect(array.last == 7)
    #expect(shared.count == 3 << 20)
  }
}
