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
  public var links: InteractionLinkOptions { sealer.links }
  /// How far (seconds) behind the newest leg end an interaction must end to be sealed.
  public var window: Int64 { sealer.window }
  /// How far (seconds) the watermark must advance past the point where an interaction was
  /// sealed before its keys are forgotten. Until then a leg joining it is recognised as
  /// late; after that such a leg is grouped on its own like any other leg.
  public var lateRetention: Int64 { sealer.lateRetention }
  /// The most legs held at once so far.
  public var peakPendingLegs: Int { sealer.peakPendingLegs }
  /// The number of legs fed so far.
  public var legsSeen: Int { sealer.legsSeen }
  /// The number of late legs reported so far.
  public var lateLegs: Int { sealer.lateLegs }

  /// The held legs, the watermark and the keys of sealed interactions.
  private var sealer: _StreamingSealer<CallDetailRecord>

  /// Creates a streaming grouper.
  ///
  /// - Parameters:
  ///   - links: which keys join legs.
  ///   - window: seconds behind the newest leg end before an interaction is sealed (≥ 0).
  ///   - lateRetention: seconds sealed interactions stay recognisable; defaults to `window`.
  public init(links: InteractionLinkOptions = .default, window: Int64, lateRetention: Int64? = nil)
  {
    self.sealer = _StreamingSealer(links: links, window: window, lateRetention: lateRetention)
  }

  /// The number of legs currently held.
  public var pendingLegs: Int { sealer.pendingLegs }

  /// The current watermark: newest leg end minus the window (`nil` before any leg).
  public var watermark: GregorianSeconds? {
    sealer.newestEnd == .min
      ? nil : GregorianSeconds(sealer.newestEnd.subtractingSaturating(sealer.window))
  }

  /// Feeds one leg; returns the interactions it sealed (in order) and a late-leg report
  /// when the leg belongs to an interaction already emitted.
  public mutating func add(_ leg: CallDetailRecord) -> [StreamingGroupingEvent] {
    let links = sealer.links
    var sealed: [Interaction] = []
    let late = sealer.add(leg) { legs in
      sealed = _GroupingCore.interactions(legs, options: links)
      return sealed.map { interaction in
        var keys: [String] = []
        for index in interaction.legs.indices {
          keys.append(contentsOf: interaction.legs[index].streamingKeys(options: links))
        }
        return (interaction.id, keys)
      }
    }
    if let late { return [.lateLeg(leg, joining: late)] }
    sealed.sort { $0.precedes($1) }
    return sealed.map { .interaction($0) }
  }

  /// Emits every interaction still held (the end of the stream).
  public mutating func finish() -> [StreamingGroupingEvent] {
    let remaining = _GroupingCore.interactions(sealer.finish(), options: sealer.links)
      .sorted { $0.precedes($1) }
    return remaining.map { .interaction($0) }
  }
}
