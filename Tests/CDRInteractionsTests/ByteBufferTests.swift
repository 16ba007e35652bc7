import CDRModel
import CDRTestSupport
import Foundation
import Testing

@testable import CDRInteractions

/// `_ByteBuffer` writes what `JSONTextBuilder` writes, piece by piece, and keeps every byte
/// as it grows.
@Suite struct ByteBufferTests {
  @Test func integersAsJSONWritesThem() {
    var values: [Int64] = [0, 1, -1, 9, 10, 99, 100, 1_234_567, -987_654_321, .max, .min]
    // Around every power of ten, where the number of digits changes.
    var power: Int64 = 1
    for _ in 1...18 {
      power *= 10
      values += [power - 1, power, power + 1, -(power - 1), -power, -(power + 1)]
    }
    // Around every power of two, where the number of bits changes (the digits are
    // counted from the bits).
    for bits in 1...62 {
      let low = Int64(1) << bits
      values += [low - 1, low, low + 1, -(low - 1), -low, -(low + 1)]
    }
    values += [.max - 1, .min + 1, 63_746_438_672, 5]
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

  @Test func growsAcrossManyPiecesAndKeepsItsBytes() {
    var random = SeededGenerator(seed: 5)
    var buffer = _ByteBuffer(capacity: 64)
    var reference: [UInt8] = []
    for _ in 0..<5_000 {
      // Every length a short copy handles (0 to 32 bytes) and longer ones.
      let piece = (0..<random.below(70)).map { _ in UInt8(truncatingIfNeeded: random.below(256)) }
      piece.withUnsafeBufferPointer { buffer.append($0) }
      reference += piece
      buffer.append(0x0A)
      reference.append(0x0A)
    }
    #expect(buffer.count == reference.count)
    #expect(buffer.array == reference)
    buffer.removeAll()
    buffer.append("after")
    #expect(buffer.array == Array("after".utf8))
  }
}
