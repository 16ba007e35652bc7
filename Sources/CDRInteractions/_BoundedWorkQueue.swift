import Dispatch
import Foundation

/// Runs work on the global queue, no more than `limit` at once, starting it in the order it
/// was submitted. Work submitted while `limit` run waits, and the first of them to end runs
/// it next on its own thread: the thread that submits never blocks, and no core waits for
/// that thread to hand out the next piece of work. (When the window loop took one permit a
/// piece and blocked for the next, a core stood idle whenever a piece ended while that
/// thread was still mapping a window; queued instead, `cdr interactions` took 0.95 to 0.97
/// of the time on two cores, in paired runs.)
final class _BoundedWorkQueue: @unchecked Sendable {
  private let limit: Int
  private let lock = NSLock()
  /// Guarded by `lock`: the work running, and the work waiting from `head` on.
  private var running = 0
  private var waiting: [@Sendable () -> Void] = []
  private var head = 0

  init(limit: Int) { self.limit = Swift.max(1, limit) }

  /// Runs `work` as soon as fewer than `limit` run, inside `group` (entered now, left
  /// when `work` returns).
  func submit(to group: DispatchGroup, _ work: @escaping @Sendable () -> Void) {
    group.enter()
    let job: @Sendable () -> Void = {
      work()
      group.leave()
    }
    lock.lock()
    if running < limit {
      running += 1
      lock.unlock()
      DispatchQueue.global().async { self.run(job) }
    } else {
      waiting.append(job)
      lock.unlock()
    }
  }

  /// Runs `job`, then whatever waits, until nothing does.
  private func run(_ job: @escaping @Sendable () -> Void) {
    var next: (@Sendable () -> Void)? = job
    while let current = next {
      current()
      lock.lock()
      if head < waiting.count {
        next = waiting[head]
        head += 1
        if head == waiting.count {
          waiting.removeAll(keepingCapacity: true)
          head = 0
        }
      } else {
        next = nil
        running -= 1
      }
      lock.unlock()
    }
  }
}
