/// One reference from a leg to a key: the leg `from` names `to` in its `kind` field.
public struct InteractionLink: Sendable, Hashable, Codable, Comparable {
  /// The call id of the leg that holds the reference.
  public var from: String
  /// The referenced call id (or, for ``InteractionLinkKind/interactionID``, the shared
  /// interaction id).
  public var to: String
  /// The field that holds the reference.
  public var kind: InteractionLinkKind

  /// Creates a link.
  public init(from: String, to: String, kind: InteractionLinkKind) {
    self.from = from
    self.to = to
    self.kind = kind
  }

  /// Orders by `from`, then `kind`, then `to`.
  public static func < (lhs: InteractionLink, rhs: InteractionLink) -> Bool {
    if lhs.from != rhs.from { return lhs.from.utf8.lexicographicallyPrecedes(rhs.from.utf8) }
    if lhs.kind != rhs.kind { return lhs.kind < rhs.kind }
    return lhs.to.utf8.lexicographicallyPrecedes(rhs.to.utf8)
  }
}

/// What is worth knowing about how an interaction was put together.
public struct InteractionDiagnostics: Sendable, Hashable, Codable {
  /// References that joined legs of this interaction to each other (both ends in the input),
  /// or to a shared interaction id. Sorted.
  public var links: [InteractionLink]
  /// References to call ids that are not in the input. They still join the legs that
  /// share them. Sorted.
  public var missingReferences: [InteractionLink]
  /// Legs whose `other_leg_call_id` or loopback partner is their own call id. Sorted.
  public var selfReferences: [InteractionLink]
  /// When the legs carry more than one distinct `interaction_id`: the call ids of legs
  /// whose `interaction_id` differs from the representative leg's. Empty when every leg
  /// that has an `interaction_id` agrees. Sorted.
  public var interactionIDDisagreements: [String]
  /// Call ids carried by more than one document in this interaction. Every document is
  /// kept as a leg. Sorted.
  public var duplicateCallIDs: [String]
  /// The `interaction_id` this interaction shares with others it has no link to (only
  /// possible when linking by interaction id is off), or `nil`. The first of them in
  /// grouping order keeps the id; each later one gets `ID~FIRST_CALL_ID` (see
  /// ``Interaction/id``), so a grouping never holds two interactions with one id.
  public var splitInteractionID: String?

  /// Creates diagnostics; the lists are sorted and de-duplicated.
  public init(
    links: [InteractionLink] = [], missingReferences: [InteractionLink] = [],
    selfReferences: [InteractionLink] = [], interactionIDDisagreements: [String] = [],
    duplicateCallIDs: [String] = []
  ) {
    self.links = Self.sortedUnique(links, by: <)
    self.missingReferences = Self.sortedUnique(missingReferences, by: <)
    self.selfReferences = Self.sortedUnique(selfReferences, by: <)
    let byBytes: (String, String) -> Bool = { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    self.interactionIDDisagreements = Self.sortedUnique(interactionIDDisagreements, by: byBytes)
    self.duplicateCallIDs = Self.sortedUnique(duplicateCallIDs, by: byBytes)
  }

  private static func sortedUnique<T: Equatable>(_ values: [T], by less: (T, T) -> Bool) -> [T] {
    guard values.count > 1 else { return values }
    var result: [T] = []
    result.reserveCapacity(values.count)
    for value in values.sorted(by: less) where result.last != value { result.append(value) }
    return result
  }

  /// Whether anything unusual was found (links alone are not unusual).
  public var hasFindings: Bool {
    !missingReferences.isEmpty || !selfReferences.isEmpty || !interactionIDDisagreements.isEmpty
      || !duplicateCallIDs.isEmpty || splitInteractionID != nil
  }
}
