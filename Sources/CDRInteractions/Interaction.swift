import CDRModel
import CDRTime

/// One call as a caller experiences it: every leg joined by ``InteractionGrouper``.
///
/// Built from a connected component of legs. The legs are in KAZOO's order (see
/// ``CDRModel/CallDetailRecord/precedesInInteraction(_:)``); the representative is the first of
/// them, the leg KAZOO's `interaction_listing` view picks (when every leg has a
/// `channel_created_time`; otherwise CDRKit compares start instants in one unit where
/// KAZOO mixes microseconds and seconds).
public struct Interaction: Sendable, Hashable, Codable, Identifiable {
  /// The interaction id: the `interaction_id` the legs share when every leg that has one
  /// agrees; otherwise `<start>-<representative call id>`, with `<start>` the
  /// representative's start in gregorian seconds.
  public var id: String
  /// Every leg, in KAZOO's order (earliest channel time first).
  public var legs: [CallDetailRecord]
  /// The representative leg (the first of ``legs``), as KAZOO's listing picks it.
  public var representative: CallDetailRecord
  /// The earliest leg start (channel time) in gregorian seconds.
  public var start: GregorianSeconds
  /// The latest leg end (`timestamp`, else start + duration) in gregorian seconds.
  public var end: GregorianSeconds
  /// `end − start`, in seconds (never negative).
  public var durationSeconds: Int64
  /// The largest `billing_seconds` of any leg: the billed length of the call (the leg
  /// that talked longest; KAZOO 4.3's per-user listing picks that leg too).
  public var billingSeconds: Int
  /// The representative's `ringing_seconds` (0 when absent): time to answer, a
  /// post-dial-delay proxy.
  public var ringingSeconds: Int
  /// Whether any leg was billed (`billing_seconds` > 0).
  public var answered: Bool
  /// The representative's caller id number.
  public var callerIDNumber: String?
  /// The representative's caller id name.
  public var callerIDName: String?
  /// The representative's callee id number.
  public var calleeIDNumber: String?
  /// The representative's callee id name.
  public var calleeIDName: String?
  /// The representative's `call_direction`.
  public var direction: CallDirection?
  /// The representative's account (`custom_channel_vars.account_id`, else `pvt_account_id`).
  public var accountID: String?
  /// Every account that owns a leg, sorted (more than one when a loopback crosses accounts).
  public var accountIDs: [String]
  /// Every `custom_channel_vars.owner_id` among the legs, sorted.
  public var ownerIDs: [String]
  /// The number of legs (documents).
  public var legCount: Int { legs.count }
  /// Transfers: the sum of ``CDRModel/CallDetailRecord/transferCount`` over the legs.
  public var transferCount: Int
  /// How the interaction was joined and what looked wrong.
  public var diagnostics: InteractionDiagnostics

  /// Every leg's call id, sorted (a duplicated call id appears once).
  public var callIDs: [String] {
    var ids = legs.indices.map { legs[$0].callID }
    ids.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    var distinct: [String] = []
    distinct.reserveCapacity(ids.count)
    for id in ids where distinct.last != id { distinct.append(id) }
    return distinct
  }

  /// Builds an interaction from its legs (in any order) and its link diagnostics.
  /// Returns `nil` when `legs` is empty.
  public init?(
    legs unordered: [CallDetailRecord], links: [InteractionLink] = [],
    missingReferences: [InteractionLink] = [], selfReferences: [InteractionLink] = []
  ) {
    self.init(
      orderedLegs: unordered.sorted { $0.precedesInInteraction($1) }, links: links,
      missingReferences: missingReferences, selfReferences: selfReferences)
  }

  /// Builds an interaction from legs already in KAZOO's order.
  init?(
    orderedLegs legs: [CallDetailRecord], links: [InteractionLink],
    missingReferences: [InteractionLink], selfReferences: [InteractionLink]
  ) {
    guard let first = legs.first else { return nil }
    self.legs = legs
    self.representative = first
    self.start = first.channelStartTime
    var end = first.channelEndTime
    var billing = 0
    var answered = false
    var transfers = 0
    // Interactions have a handful of legs: small arrays beat sets here.
    var accounts = _DistinctStrings()
    var owners = _DistinctStrings()
    var interactionIDs = _DistinctStrings()
    var seen = _DistinctStrings()
    var duplicates: [String] = []
    // Indexing (not `for leg in legs`) reads fields without copying whole records.
    for index in legs.indices {
      end = max(end, legs[index].channelEndTime)
      let billed = legs[index].billingSeconds ?? 0
      billing = max(billing, billed)
      if billed > 0 { answered = true }
      transfers += legs[index].transferCount
      let vars = legs[index].customChannelVars
      if let account = vars?.accountID ?? legs[index].privateAccountID {
        accounts.insert(account)
      }
      if let owner = vars?.ownerID { owners.insert(owner) }
      if let interactionID = legs[index].interactionID { interactionIDs.insert(interactionID) }
      let callID = legs[index].callID
      if !seen.insert(callID) { duplicates.append(callID) }
    }
    self.end = max(end, start)
    self.durationSeconds = self.end.rawValue - start.rawValue
    self.billingSeconds = billing
    self.ringingSeconds = first.ringingSeconds ?? 0
    self.answered = answered
    self.callerIDNumber = first.callerIDNumber
    self.callerIDName = first.callerIDName
    self.calleeIDNumber = first.calleeIDNumber
    self.calleeIDName = first.calleeIDName
    self.direction = first.callDirection
    self.accountID = first.customChannelVars?.accountID ?? first.privateAccountID
    let byBytes: (String, String) -> Bool = { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    self.accountIDs = accounts.items.sorted(by: byBytes)
    self.ownerIDs = owners.items.sorted(by: byBytes)
    self.transferCount = transfers
    if interactionIDs.count == 1, let shared = interactionIDs.items.first {
      self.id = shared
    } else {
      self.id = String(first.channelStartTime.rawValue) + "-" + first.callID
    }
    let disagreeing =
      interactionIDs.count > 1
      ? legs.filter { $0.interactionID != first.interactionID }.map(\.callID) : []
    self.diagnostics = InteractionDiagnostics(
      links: links, missingReferences: missingReferences, selfReferences: selfReferences,
      interactionIDDisagreements: disagreeing, duplicateCallIDs: duplicates)
  }

  /// Whether this interaction is listed before `other`: earlier start, then smaller id,
  /// then smaller first call id.
  public func precedes(_ other: Interaction) -> Bool {
    if start != other.start { return start < other.start }
    if id != other.id { return id.utf8.lexicographicallyPrecedes(other.id.utf8) }
    return representative.precedesInInteraction(other.representative)
  }
}
