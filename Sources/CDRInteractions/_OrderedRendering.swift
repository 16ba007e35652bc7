import Dispatch
import Foundation

/// Renders numbered pieces of output on worker threads and hands them, in order, to the
/// thread that asked for them, which writes each as soon as it and every piece before it
/// are ready: no round of pieces waits for its slowest one before the next round starts.
///
/// Pieces are rendered into a ring of `slots` buffers: piece `n` goes to buffer `n % slots`
/// once piece `n - slots` has been written, so at most `slots` pieces are ahead of the
/// writing, and the buffers are kept from piece to piece (nothing is allocated after the
/// first turn of the ring). Workers claim pieces in order. When the piece to write next is
/// not yet claimed (no worker has started, or there are none), the writing thread renders it
/// itself: the rendering never depends on a worker being scheduled to make progress.
///
/// (Rendered in rounds of eight pieces, each round ending when its last piece did, the two
/// cores of `cdr interactions` were busy for about 80 % of the rendering.)
final class _OrderedRendering: @unchecked Sendable {
  private let condition = NSCondition()
  private let slots: UnsafeMutablePointer<_ByteBuffer>
  private let slotCount: Int
  private let pieceCount: Int
  private let render: @Sendable (Int, inout _ByteBuffer) -> Void
  /// Guarded by `condition`: the first piece no thread has claimed, the number of pieces
  /// written, and per slot whether its piece is rendered and not yet written.
  private var nextUnclaimed = 0
  private var written = 0
  private var rendered: [Bool]

  private init(
    pieces: Int, slots: Int, slotCapacity: Int,
    render: @escaping @Sendable (Int, inout _ByteBuffer) -> Void
  ) {
    pieceCount = pieces
    slotCount = slots
    self.render = render
    rendered = Array(repeating: false, count: slots)
    self.slots = .allocate(capacity: slots)
    for slot in 0..<slots {
      (self.slots + slot).initialize(to: _ByteBuffer(capacity: slotCapacity))
    }
  }

  deinit {
    slots.deinitialize(count: slotCount)
    slots.deallocate()
  }

  /// Renders pieces `0..<pieces` with `render` (given the piece's number and an empty
  /// buffer to append it to) on up to `workers` threads besides this one, and hands each
  /// piece's bytes to `write` on this thread, in the order of their numbers; `write`'s
  /// argument is valid only during that call. Returns once every piece is written and no
  /// worker runs.
  static func run(
    pieces: Int, workers: Int, slotsPerWorker: Int = 4, slotCapacity: Int,
    render: @escaping @Sendable (Int, inout _ByteBuffer) -> Void,
    write: (UnsafeRawBufferPointer) -> Void
  ) {
    guard pieces > 0 else { return }
    let workers = Swift.max(0, Swift.min(workers, pieces - 1))
    let rendering = _OrderedRendering(
      pieces: pieces, slots: Swift.max(1, workers * Swift.max(1, slotsPerWorker)),
      slotCapacity: slotCapacity, render: render)
    let group = DispatchGroup()
    for _ in 0..<workers {
      DispatchQueue.global().async(group: group) { rendering.work() }
    }
    rendering.writeAll(write)
    group.wait()
  }

  /// A worker: claims the next piece, waits for its slot to be written, renders it, until
  /// every piece is claimed.
  private func work() {
    while true {
      condition.lock()
      guard nextUnclaimed < pieceCount else {
        condition.unlock()
        return
      }
      let piece = nextUnclaimed
      nextUnclaimed += 1
      while piece - written >= slotCount { condition.wait() }
      condition.unlock()
      let slot = piece % slotCount
      render(piece, &slots[slot])
      condition.lock()
      rendered[slot] = true
      condition.broadcast()
      condition.unlock()
    }
  }

  /// The writing thread: each piece in turn, rendered here when no worker has claimed it.
  private func writeAll(_ write: (UnsafeRawBufferPointer) -> Void) {
    for piece in 0..<pieceCount {
      let slot = piece % slotCount
      condition.lock()
      if nextUnclaimed == piece {
        // Every piece before it is written, so its slot is free.
        nextUnclaimed += 1
        condition.unlock()
        render(piece, &slots[slot])
      } else {
        while !rendered[slot] { condition.wait() }
        condition.unlock()
      }
      slots[slot].withBytes { write(UnsafeRawBufferPointer($0)) }
      slots[slot].removeAll()
      condition.lock()
      rendered[slot] = false
      written += 1
      condition.broadcast()
      condition.unlock()
    }
  }
}
