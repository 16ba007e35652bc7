import CDRModel
import Testing

@Suite("Ordered parallel work")
struct OrderedParallelWorkTests {
  /// Whatever the cut, the pieces cover `0..<count` once, in order, and the results come
  /// back in range order.
  @Test(arguments: [Int.min, 0, 1, 2, 3, 8, Int.max])
  func piecesCoverTheRangeInOrder(_ concurrency: Int) {
    for count in [0, 1, 7, 100, 1_000, 10_007] {
      for minimumRange in [1, 16, 5_000] {
        let pieces = _OrderedParallelWork.map(
          count: count, concurrency: concurrency, minimumRange: minimumRange
        ) { range in Array(range) }
        #expect(pieces.flatMap { $0 } == Array(0..<count))
        #expect(pieces.allSatisfy { !$0.isEmpty })
        // Pieces are at least `minimumRange` long, but for the last one.
        #expect(pieces.dropLast().allSatisfy { $0.count >= minimumRange })
        if concurrency <= 1 || count <= minimumRange { #expect(pieces.count <= 1) }
      }
    }
  }

  @Test func workIsSpreadWhenThereIsEnough() {
    let pieces = _OrderedParallelWork.map(count: 1_000, concurrency: 2, minimumRange: 10) {
      $0.count
    }
    // Two cores, four pieces each: eight ranges of 125.
    #expect(pieces == Array(repeating: 125, count: 8))
  }
}
