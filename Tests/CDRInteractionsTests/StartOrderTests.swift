import CDRTestSupport
import Testing

@testable import CDRInteractions

/// The radix sort behind the order of summary lines, against a comparison sort of
/// (start, index) pairs: ascending starts, equal starts in index order.
@Suite struct StartOrderTests {
  static func expected(_ starts: [Int64]) -> [Int] {
    starts.indices.sorted { (starts[$0], $0) < (starts[$1], $1) }
  }

  static let cases: [[Int64]] = [
    [],
    [63_746_438_401],
    [5, 5, 5, 5],
    [3, 1, 2, 1, 3, 0],
    // Offsets from the smallest that differ only in their high bytes.
    [1 << 40, 1, 1 << 56, (1 << 40) + 1, 1 << 56, 0],
    // A span that does not fit an Int64.
    [Int64.max, Int64.min, 0, -1, Int64.max, Int64.min, 1],
    [-63_746_438_401, 63_746_438_401, 0],
  ]

  @Test(arguments: cases)
  func sortsByStartKeepingTheOrderOfTies(starts: [Int64]) {
    #expect(_StartOrder.sorted(starts) == Self.expected(starts))
  }

  @Test func agreesWithAComparisonSortOnManyTies() {
    var generator = SeededGenerator(seed: 14)
    for span in [1, 10, 300, 70_000, 1 << 30] as [Int64] {
      let starts = (0..<5_000).map { _ in
        63_746_438_401 + Int64.random(in: 0..<span, using: &generator)
      }
      #expect(_StartOrder.sorted(starts) == Self.expected(starts), "span \(span)")
    }
  }
}
