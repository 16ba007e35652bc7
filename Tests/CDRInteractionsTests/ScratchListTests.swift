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
}
