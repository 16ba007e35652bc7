import Foundation
import Testing

@testable import CDRInteractions

/// The ring that renders summary lines on workers and writes them on the calling thread:
/// every piece once, in order, with its own bytes, whatever the number of workers.
@Suite struct OrderedRenderingTests {
  /// Piece `n` as text: its number, then `n % 7` letters, then a newline (pieces of
  /// different lengths, some empty of letters).
  static func piece(_ number: Int) -> [UInt8] {
    Array("\(number):".utf8)
      + Array(repeating: UInt8(ascii: "a") + UInt8(number % 26), count: number % 7)
      + [0x0A]
  }

  /// What `_OrderedRendering` writes for `pieces` pieces on `workers` workers.
  static func written(pieces: Int, workers: Int, slotsPerWorker: Int = 4) -> [UInt8] {
    final class Output: @unchecked Sendable { var bytes: [UInt8] = [] }
    let output = Output()
    _OrderedRendering.run(
      pieces: pieces, workers: workers, slotsPerWorker: slotsPerWorker, slotCapacity: 8,
      render: { number, buffer in
        // Uneven work, so that pieces finish out of order.
        var sum = 0
        for value in 0..<((number * 7_919) % 3_000) { sum &+= value }
        if sum == -1 { buffer.append(0x21) }
        piece(number).withUnsafeBufferPointer { buffer.append($0) }
      },
      write: { output.bytes.append(contentsOf: $0) })
    return output.bytes
  }

  @Test(arguments: [0, 1, 2, 3, 8])
  func everyPieceOnceInOrder(workers: Int) {
    for pieces in [0, 1, 2, 5, 9, 300] {
      let expected = (0..<pieces).flatMap(Self.piece)
      #expect(Self.written(pieces: pieces, workers: workers) == expected, "\(pieces) pieces")
    }
  }

  /// One slot a worker: each piece waits for the one before it to be written.
  @Test func oneSlotPerWorker() {
    let expected = (0..<200).flatMap(Self.piece)
    #expect(Self.written(pieces: 200, workers: 2, slotsPerWorker: 1) == expected)
  }
}
