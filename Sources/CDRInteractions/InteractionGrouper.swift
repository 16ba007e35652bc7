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

  /// Creates a grouper; by default it links on other leg, bridge id and loopback partner.
  public init(links: InteractionLinkOptions = .default) {
    self.links = links
  }

  /// Groups `legs` into interactions, ordered by start time, then id.
  public func group(_ legs: some Sequence<CallDetailRecord>) -> InteractionGrouping {
    let all = Array(legs)
    return InteractionGrouping(
      interactions: _GroupingCore.interactions(all, options: links), links: links)
  }
}
