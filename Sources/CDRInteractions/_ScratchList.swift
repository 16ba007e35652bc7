/// A list of plain values reused from one summary line to the next: appending checks the
/// room and stores, emptying sets the count to zero. An `Array` costs a uniqueness check
/// per append and a generic range replacement per emptying, which for the dozen lists of
/// a summary line came to a tenth of writing it.
///
/// Not copyable: it owns its memory and frees it when it ends. Its elements, while no
/// append or emptying runs, are ``elements``.
struct _ScratchList<Element>: ~Copyable {
  private var base: UnsafeMutablePointer<Element>
  /// The number of elements.
  private(set) var count = 0
  private var capacity: Int

  /// An empty list with room for `capacity` elements.
  init(capacity: Int = 16) {
    self.capacity = Swift.max(1, capacity)
    base = .allocate(capacity: self.capacity)
  }

  deinit {
    base.deinitialize(count: count)
    base.deallocate()
  }

  /// Whether the list is empty.
  var isEmpty: Bool { count == 0 }

  /// The elements, in order; valid until the list changes.
  var elements: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: count) }

  /// Appends `element`.
  @inline(__always)
  mutating func append(_ element: Element) {
    if count == capacity { grow() }
    (base + count).initialize(to: element)
    count += 1
  }

  /// Appends the elements of `other`, in order.
  mutating func append(contentsOf other: borrowing _ScratchList<Element>) {
    for element in other.elements { append(element) }
  }

  /// Empties the list, keeping its room.
  @inline(__always)
  mutating func removeAll() {
    base.deinitialize(count: count)
    count = 0
  }

  /// Sorts the elements in place.
  mutating func sort(by areInIncreasingOrder: (Element, Element) -> Bool) {
    var buffer = UnsafeMutableBufferPointer(start: base, count: count)
    guard count > Self.insertionSortLimit else {
      // A component's few ids, links and labels: an insertion sort (stable, as the
      // standard sort is) without the standard sort's set-up, which cost more than the
      // comparisons of two or three elements.
      for next in buffer.indices.dropFirst() {
        var position = next
        while position > 0, areInIncreasingOrder(buffer[position], buffer[position - 1]) {
          buffer.swapAt(position, position - 1)
          position -= 1
        }
      }
      return
    }
    buffer.sort(by: areInIncreasingOrder)
  }

  /// The longest list sorted by insertion.
  static var insertionSortLimit: Int { 12 }

  private mutating func grow() {
    let bigger = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
    bigger.moveInitialize(from: base, count: count)
    base.deallocate()
    base = bigger
    capacity *= 2
  }
}

extension _ScratchList where Element: Equatable {
  /// Whether the list holds `element`.
  @inline(__always)
  func contains(_ element: Element) -> Bool {
    for index in 0..<count where base[index] == element { return true }
    return false
  }
}
