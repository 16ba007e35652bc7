import CDRModel
import CDRTime

/// A leg together with its sort key.
public struct KeyedLeg: Sendable, Hashable {
  /// The leg's key in its listing.
  public var key: PageKey
  /// The leg.
  public var record: CallDetailRecord

  /// Creates a keyed leg.
  public init(key: PageKey, record: CallDetailRecord) {
    self.key = key
    self.record = record
  }
}

/// The legs of one interaction, keyed by `(interaction_time, interaction_key)`.
public struct InteractionGroup: Sendable, Hashable {
  /// `interaction_time` and `interaction_key`.
  public var key: PageKey
  /// `interaction_id` shared by the legs.
  public var interactionID: String
  /// Every leg of the interaction, in leg-key order (sort time, then document id).
  public var legs: [CallDetailRecord]

  /// Creates a group.
  public init(key: PageKey, interactionID: String, legs: [CallDetailRecord]) {
    self.key = key
    self.interactionID = interactionID
    self.legs = legs
  }

  /// The leg KAZOO's `interaction_listing` reduce picks to stand for the interaction, and
  /// the leg its listing's filters test (`cb_cdrs:load_chunked_cdr_ids/5`): the earliest
  /// channel time, then loopback leg `A` before `B` before an ordinary leg; further ties by
  /// call id, then document id. The same leg as `Interaction.representative` (the
  /// interaction's `first_call_id`). Channel times are compared in one unit (see
  /// `CallDetailRecord.channelTimeMicroseconds`); KAZOO mixes microseconds and seconds.
  public var representative: CallDetailRecord? {
    legs.min { left, right in
      let (leftTime, rightTime) = (left.channelTimeMicroseconds, right.channelTimeMicroseconds)
      if leftTime != rightTime { return leftTime < rightTime }
      let (leftMarker, rightMarker) = (left.loopbackLegMarker, right.loopbackLegMarker)
      if leftMarker != rightMarker {
        return leftMarker.utf8.lexicographicallyPrecedes(rightMarker.utf8)
      }
      if left.callID != right.callID {
        return left.callID.utf8.lexicographicallyPrecedes(right.callID.utf8)
      }
      return (left.documentID ?? "").utf8.lexicographicallyPrecedes((right.documentID ?? "").utf8)
    }
  }
}

/// Anything that can list CDR legs in key order: an in-memory array, a database, a file index.
///
/// A source answers two range queries the paginators need; it does not filter.
public protocol CDRSource {
  /// The time the source sorts legs on.
  var sortKey: LegSortKey { get }

  /// Up to `limit` legs whose sort time lies in `range`, in `direction` order, starting at
  /// `bound` (or at the first key of the range when `nil`).
  func legs(
    from bound: PageBound?, direction: PageDirection, in range: ClosedRange<Int64>, limit: Int
  )
    -> [KeyedLeg]

  /// Up to `limit` interactions whose `interaction_time` lies in `range`, in `direction`
  /// order, starting at `bound` (or at the first key of the range when `nil`). Each group
  /// carries *all* its legs.
  func interactions(
    from bound: PageBound?, direction: PageDirection, in range: ClosedRange<Int64>, limit: Int
  ) -> [InteractionGroup]
}
