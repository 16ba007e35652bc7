import Dispatch
import Foundation
import Testing

@testable import CDRInteractions

/// The queue the leg table's pieces are read through: every job runs once, no more than
/// the limit at once, and submitting never waits for a job.
@Suite struct BoundedWorkQueueTests {
  /// Counts jobs as they run, under a lock.
  final class Tally: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var running = 0
    private(set) var mostAtOnce = 0
    private(set) var ran: [Int] = []

    func begin(_ job: Int) {
      lock.withLock {
        running += 1
        mostAtOnce = max(mostAtOnce, running)
        ran.append(job)
      }
    }

    func end() { lock.withLock { running -= 1 } }

    var snapshot: (running: Int, ran: Int) { lock.withLock { (running, ran.count) } }
  }

  @Test(arguments: [1, 2, 3])
  func runsEveryJobOnceAndNoMoreThanTheLimitAtOnce(limit: Int) {
    let queue = _BoundedWorkQueue(limit: limit)
    let tally = Tally()
    let group = DispatchGroup()
    for job in 0..<300 {
      queue.submit(to: group) {
        tally.begin(job)
        // Long enough for the jobs to overlap when they may.
        var sum = 0
        for value in 0..<2_000 { sum &+= value &* job }
        if sum == -1 { print(sum) }
        tally.end()
      }
    }
    group.wait()
    #expect(tally.ran.sorted() == Array(0..<300))
    #expect(tally.mostAtOnce <= limit)
    #expect(tally.snapshot.running == 0)
  }

  @Test(.timeLimit(.minutes(1))) func submittingDoesNotWaitForRunningJobs() {
    let queue = _BoundedWorkQueue(limit: 2)
    let tally = Tally()
    let gate = DispatchSemaphore(value: 0)
    let group = DispatchGroup()
    // Every job blocks until the gate opens: if submitting waited for a free place, the
    // third submission would never return.
    for job in 0..<20 {
      queue.submit(to: group) {
        tally.begin(job)
        gate.wait()
        tally.end()
      }
    }
    // Two start, at once (the limit, not one at a time); the others wait in the queue.
    let deadline = Date().addingTimeInterval(30)
    while tally.snapshot.running < 2, Date() < deadline { usleep(1_000) }
    #expect(tally.snapshot == (running: 2, ran: 2))
    for _ in 0..<20 { gate.signal() }
    group.wait()
    #expect(tally.ran.sorted() == Array(0..<20))
    #expect(tally.mostAtOnce == 2)
  }
}
