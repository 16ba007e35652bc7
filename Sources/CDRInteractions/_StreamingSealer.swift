/// The watermark, the sealing passes and the late-leg keys of a streaming grouping, for any
/// kind of held leg: ``StreamingInteractionGrouper`` holds records, the leg-table stream
/// (`_StreamingTableRun`) holds table rows. Both seal the same legs at the same moments and
/// report the same late legs; only what they make of a sealed call differs (an
/// ``Interaction``, or a summary line).
///
/// The rules are ``StreamingInteractionGrouper``'s: a pass runs once the watermark has
/// passed some held call's end and a quarter as many legs as were held after the previous
/// pass have arrived since; it seals every held call that ends before the watermark. The
/// keys of sealed calls are kept until the watermark has advanced ``lateRetention`` seconds
/// past the pass that sealed them.
struct _StreamingSealer<Leg: _StreamingLeg> {
  /// One sealed call, as the caller built it: its interaction id and every key of its legs
  /// (``_StreamingLeg/streamingKeys(options:)``).
  typealias Sealed = (id: String, keys: [String])

  let links: InteractionLinkOptions
  let window: Int64
  let lateRetention: Int64
  /// The most legs held at once so far.
  private(set) var peakPendingLegs = 0
  /// The number of legs fed so far.
  private(set) var legsSeen = 0
  /// The number of late legs reported so far.
  private(set) var lateLegs = 0

  /// The held legs, joined as they arrive.
  private var pending: _StreamingComponents<Leg>
  private(set) var newestEnd: Int64 = .min
  /// A lower bound on the end of every pending call: no pass can seal anything until the
  /// watermark passes it.
  private var earliestPossibleSeal: Int64 = .max
  /// Legs added since the last sealing pass, and legs held right after it: a pass costs
  /// time proportional to the legs held, so one runs only once a quarter as many new legs
  /// have arrived (amortized linear time overall).
  private var legsSincePass = 0
  private var legsAfterPass = 0
  private var sealedKeys: [String: String] = [:]
  /// Keys of sealed calls with the watermark they were sealed at (non-decreasing).
  private var sealedQueue: [(mark: Int64, keys: [String])] = []
  private var sealedQueueHead = 0

  init(links: InteractionLinkOptions, window: Int64, lateRetention: Int64?) {
    self.links = links
    self.window = max(0, window)
    self.lateRetention = max(0, lateRetention ?? window)
    self.pending = _StreamingComponents(options: links)
  }

  /// The number of legs currently held.
  var pendingLegs: Int { pending.legs.count }

  /// Feeds one leg. Returns the id of the sealed call it belongs to when it is late (it is
  /// then not held); otherwise holds it and, when a pass runs, calls `seal` once with the
  /// legs of the calls sealed (in arrival order), which returns each sealed call's id and
  /// keys.
  mutating func add(_ leg: Leg, seal: ([Leg]) -> [Sealed]) -> String? {
    legsSeen += 1
    if !sealedKeys.isEmpty, let sealed = leg.firstMatch(options: links, { sealedKeys[$0] }) {
      lateLegs += 1
      return sealed
    }
    let end = leg.streamingEnd
    pending.insert(leg, end: end)
    peakPendingLegs = max(peakPendingLegs, pending.legs.count)
    newestEnd = max(newestEnd, end)
    earliestPossibleSeal = min(earliestPossibleSeal, end)
    legsSincePass += 1
    let mark = newestEnd.subtractingSaturating(window)
    guard earliestPossibleSeal < mark, legsSincePass * 4 >= legsAfterPass else { return nil }
    runPass(before: mark, seal)
    return nil
  }

  /// Removes and returns every held leg (the end of the stream), in arrival order.
  mutating func finish() -> [Leg] {
    let remaining = pending.legs
    pending = _StreamingComponents(options: links)
    earliestPossibleSeal = .max
    return remaining
  }

  private mutating func runPass(before mark: Int64, _ seal: ([Leg]) -> [Sealed]) {
    // Only the legs of calls that end before the mark are partitioned, once each.
    let (legs, nextSeal) = pending.removeCalls(endingBefore: mark)
    for sealed in seal(legs) {
      for key in sealed.keys { sealedKeys[key] = sealed.id }
      sealedQueue.append((mark, sealed.keys))
    }
    earliestPossibleSeal = nextSeal
    legsSincePass = 0
    legsAfterPass = pending.legs.count
    forgetSealed(before: mark.subtractingSaturating(lateRetention))
  }

  private mutating func forgetSealed(before horizon: Int64) {
    while sealedQueueHead < sealedQueue.count, sealedQueue[sealedQueueHead].mark < horizon {
      for key in sealedQueue[sealedQueueHead].keys { sealedKeys[key] = nil }
      sealedQueueHead += 1
    }
    if sealedQueueHead > 1024, sealedQueueHead * 2 > sealedQueue.count {
      sealedQueue.removeFirst(sealedQueueHead)
      sealedQueueHead = 0
    }
  }
}

extension Int64 {
  /// `self - other`, clamped to `Int64`'s range instead of overflowing.
  func subtractingSaturating(_ other: Int64) -> Int64 {
    let (value, overflow) = subtractingReportingOverflow(other)
    return overflow ? (other > 0 ? .min : .max) : value
  }
}

extension _StreamingSealer: Sendable where Leg: Sendable {}
