import CDRModel
import CDRTime

/// The time a leg listing sorts and selects on.
///
/// KAZOO's `/cdrs` view keys legs by `[pvt_created, _id]`: the time the CDR was *saved*,
/// which ``created`` reproduces and is the default. ``listingStart`` uses the call's start
/// (`timestamp − duration_seconds`, the listing's `timestamp` column) instead, which suits
/// documents that never went through KAZOO's database (no `pvt_created`).
public enum LegSortKey: String, Sendable, Hashable, Codable, CaseIterable {
  /// `pvt_created` (KAZOO's choice). Legs without it are never selected, as in KAZOO.
  case created
  /// The call's start time, `timestamp − duration_seconds` (`listingStartTime` in CDRTime,
  /// the listing's `timestamp` column).
  case listingStart

  /// The sort key of `record`, or `nil` when the record has no such time.
  ///
  /// The id is `_id`, or the call id for a document that was never stored.
  public func key(of record: CallDetailRecord) -> PageKey? {
    let id = record.documentID ?? record.callID
    switch self {
    case .created:
      guard let created = record.privateCreated else { return nil }
      return PageKey(time: Int64(created), id: id)
    case .listingStart:
      return PageKey(time: record.listingStartTime.rawValue, id: id)
    }
  }
}
