import CDRModel

/// A leg-table column of integers that are nearly always small (seconds, counts, line
/// lengths): four bytes a value, with the rare value outside `Int32` kept aside, so every
/// `Int` reads back exactly. Half the memory of an `[Int]` column, which the kernel must
/// also clear on first touch.
struct _NarrowIntegers: Sendable {
  /// The values; `Int32.min` marks one kept in ``wide``.
  private var narrow: [Int32] = []
  /// Position → value, for the positions ``narrow`` marks.
  private var wide: [Int: Int] = [:]

  /// The number of values.
  var count: Int { narrow.count }

  /// The value at `index`.
  @inline(__always)
  subscript(index: Int) -> Int {
    let value = narrow[index]
    if value != .min { return Int(value) }
    return wide[index] ?? Int(value)
  }

  mutating func append(_ value: Int) {
    if let small = Int32(exactly: value), small != .min {
      narrow.append(small)
    } else {
      wide[narrow.count] = value
      narrow.append(.min)
    }
  }

  mutating func append(contentsOf other: _NarrowIntegers) {
    let base = narrow.count
    narrow.append(contentsOf: other.narrow)
    for (position, value) in other.wide { wide[base + position] = value }
  }

  /// Appends `values`, in order, as ``append(_:)`` would one by one.
  mutating func append(contentsOf values: UnsafeBufferPointer<Int>) {
    let base = narrow.count
    var outside: [(position: Int, value: Int)] = []
    let converted = [Int32](unsafeUninitializedCapacity: values.count) { target, count in
      for index in values.indices {
        let value = values[index]
        if let small = Int32(exactly: value), small != .min {
          target[index] = small
        } else {
          target[index] = .min
          outside.append((base + index, value))
        }
      }
      count = values.count
    }
    narrow.append(contentsOf: converted)
    for (position, value) in outside { wide[position] = value }
  }

  mutating func reserveCapacity(_ count: Int) { narrow.reserveCapacity(count) }

  /// Asks for huge pages behind the values (`_HugePages`).
  mutating func adviseHugePages() { _HugePages.advise(&narrow) }
}
