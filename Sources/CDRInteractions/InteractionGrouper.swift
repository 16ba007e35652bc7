import CDRModel

/// Groups legs (CDR documents) into interactions, one per call.
///
/// Legs are joined when one's `other_leg_call_id` names another's `call_id`, when they
/// share a `custom_channel_vars.bridge_id` (which names the A-leg's call id, so the A-leg
/// joins too), when a loopback leg's `channel_loopback_other_leg_id` names the other half,
/// and — if asked — when they share an `interaction_id`. A call id referenced but not in
/// the input still joins the legs that reference it, and is reported in
/// ``InteractionDiagnostics/missingReferences``.
///
/// Connected components come from a union-find over interned integer ids (path
/// compression, union by size): near-linear time, no recursion, and the result does not
/// depend on the order of the input.
///
/// ```swift
/// let grouping = InteractionGrouper().group(records)
/// for interaction in grouping.interactions { print(interaction.id, interaction.legCount) }
/// ```
public struct InteractionGrouper: Sendable, Hashable {
  /// Which keys join legs.
  public var links: InteractionLinkOptions
  /// How many cores ``group(_:)`` may build interactions on (default: one per core; 1 keeps
  /// the work on the calling thread). The result does not depend on it.
  public var maximumConcurrency: Int

  /// Creates a grouper; by default it links on other leg, bridge id and loopback partner
  /// and builds interactions on every core.
  public init(
    links: InteractionLinkOptions = .default,
    maximumConcurrency: Int = CDRReader.defaultConcurrency
  ) {
    self.links = links
    self.maximumConcurrency = maximumConcurrency
  }

  /// Groups `legs` into interactions, ordered by start time, then id.
  ///
  /// Components are found on the calling thread; with thousands of calls, their
  /// interactions are then built on up to ``maximumConcurrency`` cores.
  public func group(_ legs: some Sequence<CallDetailRecord>) -> InteractionGrouping {
    let all = Array(legs)
    return InteractionGrouping(
      interactions: _GroupingCore.interactions(
        all, options: links, concurrency: maximumConcurrency),
      links: links)
  }
}
