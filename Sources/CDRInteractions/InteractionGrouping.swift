import CDRModel
import Foundation

/// Interactions found in a set of legs, in order, with KAZOO-style lookups.
///
/// Produced by ``InteractionGrouper/group(_:)``, ``StreamingInteractionGrouper``, or by
/// merging partial groupings with ``merged(with:)``.
public struct InteractionGrouping: Sendable, Hashable {
  /// The link options the interactions were grouped with.
  public let links: InteractionLinkOptions
  /// Every interaction, ordered by start time, then id (``Interaction/precedes(_:)``).
  public let interactions: [Interaction]
  /// Lookup tables, built on the first lookup (a caller that only lists interactions
  /// never pays for them).
  private let index: _GroupingIndex

  /// Collects interactions (in any order) grouped with `links`, and indexes them.
  public init(interactions: [Interaction], links: InteractionLinkOptions) {
    // Sort positions by precomputed keys: sorting the (large) values directly copies them.
    let starts = interactions.indices.map { interactions[$0].start }
    let ids = interactions.indices.map { interactions[$0].id }
    let positions = interactions.indices.sorted { left, right in
      if starts[left] != starts[right] { return starts[left] < starts[right] }
      if ids[left] != ids[right] {
        return ids[left].utf8.lexicographicallyPrecedes(ids[right].utf8)
      }
      return interactions[left].precedes(interactions[right])
    }
    var ordered: [Interaction] = []
    ordered.reserveCapacity(interactions.count)
    for position in positions { ordered.append(interactions[position]) }
    let orderedIDs = positions.map { ids[$0] }
    if let unique = _UniqueInteractionIDs.resolve(
      orderedIDs, firstCallID: { ordered[$0].representative.callID })
    {
      for (position, change) in unique {
        ordered[position].id = change.id
        ordered[position].diagnostics.splitInteractionID = change.split
      }
    }
    self.links = links
    self.interactions = ordered
    self.index = _GroupingIndex()
  }

  /// Two groupings are equal when they have the same links and interactions.
  public static func == (lhs: InteractionGrouping, rhs: InteractionGrouping) -> Bool {
    lhs.links == rhs.links && lhs.interactions == rhs.interactions
  }

  /// Hashes the links and interactions.
  public func hash(into hasher: inout Hasher) {
    hasher.combine(links)
    hasher.combine(interactions)
  }

  private var tables: _GroupingIndex.Tables { index.tables(for: interactions) }

  /// Every leg of every interaction, interaction by interaction, in order.
  public var legs: [CallDetailRecord] { interactions.flatMap(\.legs) }

  /// The interaction with a leg whose `call_id` is `callID`.
  public func interaction(withCallID callID: String) -> Interaction? {
    tables.byCallID[callID].map { interactions[$0] }
  }

  /// The interaction with id `id`. Ids are unique within a grouping: when interaction-id
  /// linking is off and two calls share an `interaction_id`, the first keeps it and the
  /// others are `ID~FIRST_CALL_ID` (see ``InteractionDiagnostics/splitInteractionID``).
  public func interaction(withInteractionID id: String) -> Interaction? {
    tables.byInteractionID[id].map { interactions[$0] }
  }

  /// The interaction holding the CDR document `documentID` (`YYYYMM-call_id`): the leg
  /// whose `_id` is exactly that, else — for documents read without `_id` — the leg whose
  /// call id is the part after the `YYYYMM-` prefix.
  public func interaction(withDocumentID documentID: String) -> Interaction? {
    if let position = tables.byDocumentID[documentID] { return interactions[position] }
    let bytes = Array(documentID.utf8)
    guard bytes.count > 7, bytes[6] == UInt8(ascii: "-"),
      bytes[0..<6].allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
    else { return nil }
    return interaction(withCallID: String(decoding: bytes[7...], as: UTF8.self))
  }

  /// The interaction that `id` names, tried as a call id, then a CDR document id, then an
  /// interaction id — what `cdr legs ID` accepts.
  public func interaction(matching id: String) -> Interaction? {
    interaction(withCallID: id) ?? interaction(withDocumentID: id)
      ?? interaction(withInteractionID: id)
  }

  /// The legs of the interaction `id` names, in order (KAZOO's `cdrs/legs/{id}`), or
  /// `nil` when no interaction matches.
  public func legs(of id: String) -> [CallDetailRecord]? {
    interaction(matching: id)?.legs
  }

  /// The interactions with at least one leg owned by `ownerID`
  /// (`custom_channel_vars.owner_id`), as KAZOO's `/users/{id}/cdrs/interaction` lists.
  public func interactions(ownedBy ownerID: String) -> [Interaction] {
    interactions.filter { $0.ownerIDs.contains(ownerID) }
  }

  /// The legs owned by `ownerID`, interaction by interaction, in order.
  public func legs(ownedBy ownerID: String) -> [CallDetailRecord] {
    legs.filter { $0.customChannelVars?.ownerID == ownerID }
  }
}

/// The lookup tables of an ``InteractionGrouping``, built once, on first use, under a lock.
final class _GroupingIndex: @unchecked Sendable {
  struct Tables {
    var byCallID: [String: Int] = [:]
    var byDocumentID: [String: Int] = [:]
    var byInteractionID: [String: Int] = [:]
  }

  private let lock = NSLock()
  private var built: Tables?

  func tables(for interactions: [Interaction]) -> Tables {
    lock.lock()
    defer { lock.unlock() }
    if let built { return built }
    var tables = Tables()
    tables.byInteractionID.reserveCapacity(interactions.count)
    for index in interactions.indices {
      let id = interactions[index].id
      if tables.byInteractionID[id] == nil { tables.byInteractionID[id] = index }
      for leg in interactions[index].legs.indices {
        let callID = interactions[index].legs[leg].callID
        if tables.byCallID[callID] == nil { tables.byCallID[callID] = index }
        if let document = interactions[index].legs[leg].documentID,
          tables.byDocumentID[document] == nil
        {
          tables.byDocumentID[document] = index
        }
      }
    }
    built = tables
    return tables
  }
}
