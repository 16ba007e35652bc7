import CDRTestSupport
import Foundation
import Testing

@testable import CDRModel

/// `_ByteBuffer` writes what `JSONTextBuilder` writes, piece by piece, and hands its bytes
/// over intact; huge-page advice leaves an array's contents and capacity as they were.
@Suite struct ByteBufferTests {
  @Test func integersAsJSONWritesThem() {
    let values: [Int64] = [0, 1, -1, 9, 10, 99, 100, 1_234_567, -987_654_321, .max, .min]
    for value in values {
      var buffer = _ByteBuffer(capacity: 1)
      buffer.appendInteger(value)
      var reference: [UInt8] = []
      JSONTextBuilder.appendInteger(value, to: &reference)
      #expect(buffer.array == reference, "\(value)")
      #expect(buffer.array == Array(String(value).utf8), "\(value)")
    }
  }

  @Test func stringsPlainAndEscaped() {
    var buffer = _ByteBuffer(capacity: 1)
    Array("abc".utf8).withUnsafeBufferPointer { buffer.appendString($0, plain: true) }
    buffer.append(",")
    Array("a\"b\\c\n\u{1}é".utf8).withUnsafeBufferPointer { buffer.appendString($0, plain: false) }
    #expect(String(decoding: buffer.array, as: UTF8.self) == #""abc","a\"b\\c\n\u0001é""#)
  }

  @Test func growsAcrossManyPiecesAndHandsOverItsBytes() {
    var random = SeededGenerator(seed: 5)
    var buffer = _ByteBuffer(capacity: 64)
    var reference: [UInt8] = []
    for _ in 0..<5_000 {
      let piece = (0..<random.below(40)).map { _ in UInt8(truncatingIfNeeded: random.below(256)) }
      piece.withUnsafeBufferPointer { buffer.append($0) }
      reference += piece
      buffer.append(0x0A)
      reference.append(0x0A)
    }
    #expect(buffer.count == reference.count)
    let block = buffer.finish()
    #expect(block.withBytes { Array($0) } == reference)
  }

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
