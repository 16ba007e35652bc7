import Testing

@testable import CDRInteractions

/// The leg table's four-byte integer column reads back every `Int` exactly, small or not.
@Suite struct NarrowIntegersTests {
  static let values: [Int] = [
    0, 1, -1, 266, Int(Int32.max), Int(Int32.max) + 1, Int(Int32.min), Int(Int32.min) + 1,
    Int(Int32.min) - 1, 5_000_000_000, -3_000_000_000, Int.max, Int.min, 42,
  ]

  @Test func everyValueReadsBack() {
    var column = _NarrowIntegers()
    for value in Self.values { column.append(value) }
    #expect(column.count == Self.values.count)
    for (index, value) in Self.values.enumerated() { #expect(column[index] == value) }
  }

  @Test func appendingAColumnKeepsItsWideValuesInPlace() {
    var first = _NarrowIntegers()
    first.append(7)
    first.append(Int.max)
    var second = _NarrowIntegers()
    for value in Self.values { second.append(value) }
    first.append(contentsOf: second)
    first.append(contentsOf: second)
    let expected = [7, Int.max] + Self.values + Self.values
    #expect(first.count == expected.count)
    for (index, value) in expected.enumerated() { #expect(first[index] == value) }
  }

  @Test func appendingValuesFromABufferReadsThemBack() {
    var column = _NarrowIntegers()
    column.append(Int.min)
    Self.values.withUnsafeBufferPointer { column.append(contentsOf: $0) }
    Self.values.withUnsafeBufferPointer { column.append(contentsOf: $0) }
    let expected = [Int.min] + Self.values + Self.values
    #expect(column.count == expected.count)
    for (index, value) in expected.enumerated() { #expect(column[index] == value) }
  }
}
