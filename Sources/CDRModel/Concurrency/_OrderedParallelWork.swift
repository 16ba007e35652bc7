import Dispatch

/// One result slot per parallel piece; each slot is written by exactly one worker before
/// `concurrentPerform` returns and read only afterwards.
package final class _ResultSlots<Value>: @unchecked Sendable {
  private let slots: UnsafeMutablePointer<Value?>
  private let count: Int

  /// Slots for `count` pieces, all empty.
  package init(count: Int) {
    self.count = count
    slots = .allocate(capacity: count)
    slots.initialize(repeating: nil, count: count)
  }

  /// Stores the result of piece `index` (once, from the worker that computed it).
  package func store(_ value: Value, at index: Int) { slots[index] = value }

  /// Moves the result of piece `index` out (after every worker has finished).
  package func take(at index: Int) -> Value {
    defer { slots[index] = nil }
    guard let value = slots[index] else { preconditionFailure("piece \(index) was not read") }
    return value
  }

  deinit {
    slots.deinitialize(count: count)
    slots.deallocate()
  }
}

/// Work on consecutive ranges of `0..<count` spread over the cores, with the results
/// handed back in range order, so a parallel run gives what a sequential one gives.
package enum _OrderedParallelWork {
  /// Cuts `0..<count` into ranges of about `count / (concurrency × 4)` (at least
  /// `minimumRange`), runs `body` on them on up to `concurrency` threads and returns the
  /// results in range order. With one range (small inputs, or `concurrency` 1) it runs on
  /// the calling thread.
  package static func map<Result: Sendable>(
    count: Int, concurrency: Int, minimumRange: Int,
    _ body: @Sendable (Range<Int>) -> Result
  ) -> [Result] {
    let ranges = self.ranges(count: count, concurrency: concurrency, minimumRange: minimumRange)
    guard ranges.count > 1 else { return ranges.map(body) }
    let results = _ResultSlots<Result>(count: ranges.count)
    DispatchQueue.concurrentPerform(iterations: ranges.count) { piece in
      results.store(body(ranges[piece]), at: piece)
    }
    return ranges.indices.map { results.take(at: $0) }
  }

  /// The ranges ``map(count:concurrency:minimumRange:_:)`` works on.
  static func ranges(count: Int, concurrency: Int, minimumRange: Int) -> [Range<Int>] {
    guard count > 0 else { return [] }
    // Clamped, so an absurd concurrency (`Int.max`) cannot overflow.
    let pieces = concurrency > 1 ? min(concurrency, 1 << 16) * 4 : 1
    let length = max(max(1, minimumRange), (count + pieces - 1) / pieces)
    return stride(from: 0, to: count, by: length).map { $0..<min(count, $0 + length) }
  }
}
