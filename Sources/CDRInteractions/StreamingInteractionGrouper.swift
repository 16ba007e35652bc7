import CDRModel
import CDRTime

/// What ``StreamingInteractionGrouper`` reports as legs arrive.
public enum StreamingGroupingEvent: Sendable, Hashable {
  /// An interaction no further leg can join any more (sealed by the watermark, or by
  /// ``StreamingInteractionGrouper/finish()``).
  case interaction(Interaction)
  /// A leg that arrived after the interaction it belongs to was sealed and emitted. It is
  /// not added to any interaction; `joining` is the sealed interaction's id.
  case lateLeg(CallDetailRecord, joining: String)
}

/// Groups a stream of legs, fed in (roughly) end-time order, emitting each interaction as
/// soon as no leg can join it any more.
///
/// The watermark is the newest leg end seen minus ``window`` seconds. An interaction whose
/// latest leg end is older than the watermark is sealed and emitted. Sealing runs in passes
/// over the held legs; to keep the total work linear, a pass runs only when the watermark
/// has passed some held interaction's end *and* at least a quarter as many legs as were
/// held after the previous pass have arrived since, so an interaction may be emitted a
/// little after the watermark passes it (never before). Memory holds the legs
/// of unsealed interactions (about a window's worth) plus the keys of interactions sealed
/// while the watermark advanced the last ``lateRetention`` seconds, never the whole stream.
/// A leg that references a sealed interaction is reported as
/// ``StreamingGroupingEvent/lateLeg(_:joining:)``, never dropped silently. When the window
/// is at least as long as the spread of any call's leg ends plus the input's disorder, the
/// interactions emitted equal ``InteractionGrouper/group(_:)`` on the whole input.
///
/// ```swift
/// var grouper = StreamingInteractionGrouper(window: 3600)
/// for leg in legs { for event in grouper.add(leg) { handle(event) } }
/// for event in grouper.finish() { handle(event) }
/// ```
public struct StreamingInteractionGrouper: Sendable {
  /// Which keys join legs.
  public let links: InteractionLinkOptions
  /// How far (seconds) behind the newest leg end an interaction must end to be sealed.
  public let window: Int64
  /// How far (seconds) the watermark must advance past the point where an interaction was
  /// sealed before its keys are forgotten. Until then a leg joining it is recognised as
  /// late; after that such a leg is grouped on its own like any other leg.
  public let lateRetention: Int64
  /// The most legs held at once so far.
  public private(set) var peakPendingLegs = 0
  /// The number of legs fed so far.
  public private(set) var legsSeen = 0
  /// The number of late legs reported so far.
  public private(set) var lateLegs = 0

  /// The held legs, joined as they arrive.
  private var pending: _StreamingComponents
  private var newestEnd: Int64 = .min
  /// A lower bound on the end of every pending interaction: no pass can seal anything
  /// until the watermark passes it.
  private var earliestPossibleSeal: Int64 = .max
  /// Legs added since the last sealing pass, and legs held right after it: a pass costs
  /// time proportional to the legs held, so one runs only once a quarter as many new legs
  /// have arrived (amortized linear time overall).
  private var legsSincePass = 0
  private var legsAfterPass = 0
  private var sealedKeys: [String: String] = [:]
  /// Keys of sealed interactions with the watermark they were sealed at (non-decreasing).
  private var sealedQueue: [(mark: Int64, keys: [String])] = []
  private var sealedQueueHead = 0

  /// Creates a streaming grouper.
  ///
  /// - Parameters:
  ///   - links: which keys join legs.
  ///   - window: seconds behind the newest leg end before an interaction is sealed (≥ 0).
  ///   - lateRetention: seconds sealed interactions stay recognisable; defaults to `window`.
  public init(links: InteractionLinkOptions = .default, window: Int64, lateRetention: Int64? = nil)
  {
    self.links = links
    self.window = max(0, window)
    self.lateRetention = max(0, lateRetention ?? window)
    self.pending = _StreamingComponents(options: links)
  }

  /// The number of legs currently held.
  public var pendingLegs: Int { pending.legs.count }

  /// The current watermark: newest leg end minus the window (`nil` before any leg).
  public var watermark: GregorianSeconds? {
    newestEnd == .min ? nil : GregorianSeconds(newestEnd.subtractingSaturating(window))
  }

  /// Feeds one leg; returns the interactions it sealed (in order) and a late-leg report
  /// when the leg belongs to an interaction already emitted.
  public mutating func add(_ leg: CallDetailRecord) -> [StreamingGroupingEvent] {
    legsSeen += 1
    if !sealedKeys.isEmpty,
      let sealed = _LegKeys.firstMatch(of: leg, options: links, { sealedKeys[$0] })
    {
      lateLegs += 1
      return [.lateLeg(leg, joining: sealed)]
    }
    let end = leg.channelEndTime.rawValue
    pending.insert(leg, end: end)
    peakPendingLegs = max(peakPendingLegs, pending.legs.count)
    newestEnd = max(newestEnd, end)
    earliestPossibleSeal = min(earliestPossibleSeal, end)
    legsSincePass += 1
    let mark = newestEnd.subtractingSaturating(window)
    guard earliestPossibleSeal < mark, legsSincePass * 4 >= legsAfterPass else { return [] }
    return seal(before: mark)
  }

  /// Emits every interaction still held (the end of the stream).
  public mutating func finish() -> [StreamingGroupingEvent] {
    let remaining = _GroupingCore.interactions(pending.legs, options: links)
      .sorted { $0.precedes($1) }
    pending = _StreamingComponents(options: links)
    earliestPossibleSeal = .max
    return remaining.map { .interaction($0) }
  }

  private mutating func seal(before mark: Int64) -> [StreamingGroupingEvent] {
    // Only the legs of calls that end before the mark are partitioned, once each.
    let (legs, nextSeal) = pending.removeCalls(endingBefore: mark)
    var sealed = _GroupingCore.interactions(legs, options: links)
    for interaction in sealed {
      var keys: [String] = []
      for index in interaction.legs.indices {
        let callID = interaction.legs[index].callID
        keys.append(
          contentsOf: _LegKeys(interaction.legs[index], options: links).allKeys(callID: callID))
      }
      for key in keys { sealedKeys[key] = interaction.id }
      sealedQueue.append((mark, keys))
    }
    earliestPossibleSeal = nextSeal
    legsSincePass = 0
    legsAfterPass = pending.legs.count
    forgetSealed(before: mark.subtractingSaturating(lateRetention))
    sealed.sort { $0.precedes($1) }
    return sealed.map { .interaction($0) }
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
  fileprivate func subtractingSaturating(_ other: Int64) -> Int64 {
    let (value, overflow) = subtractingReportingOverflow(other)
    return overflow ? (other > 0 ? .min : .max) : value
  }
}
