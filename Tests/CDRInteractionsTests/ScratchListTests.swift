import CDRTestSupport
import Testing

@testable import CDRInteractions

/// The summary line's reusable lists hold what an array would, through growth, emptying,
/// sorting and appending one to another.
@Suite struct ScratchListTests {
  @Test func holdsWhatAnArrayHolds() {
    var random = SeededGenerator(seed: 11)
    var list = _ScratchList<Int32>(capacity: 1)
    var other = _ScratchList<Int32>()
    var otherReference: [Int32] = []
    for round in 0..<50 {
      list.removeAll()
      var reference: [Int32] = []
      for _ in 0..<random.below(70) {
        let value = Int32(random.below(40))
        list.append(value)
        reference.append(value)
      }
      #expect(Array(list.elements) == reference, "round \(round)")
      #expect(list.count == reference.count)
      #expect(list.isEmpty == reference.isEmpty)
      for probe in Int32(0)..<45 { #expect(list.contains(probe) == reference.contains(probe)) }
      other.append(contentsOf: list)
      otherReference += reference
      list.sort(by: >)
      #expect(Array(list.elements) == reference.sorted(by: >))
    }
    #expect(Array(other.elements) == otherReference)
  }

  /// Short lists are sorted by insertion, longer ones by the standard sort: both keep equal
  /// elements in the order they were appended.
  @Test func sortKeepsEqualElementsInOrder() {
    var random = SeededGenerator(seed: 5)
    for length in 0..<30 {
      var list = _ScratchList<Pair>()
      var appended: [Pair] = []
      for position in 0..<length {
        let pair = Pair(key: Int(random.below(4)), position: position)
        list.append(pair)
        appended.append(pair)
      }
      list.sort { $0.key < $1.key }
      let expected = appended.sorted { ($0.key, $0.position) < ($1.key, $1.position) }
      #expect(Array(list.elements) == expected, "length \(length)")
    }
  }

  struct Pair: Equatable {
    var key: Int
    var position: Int
  }
}
