import CDRModel
import CDRTime

/// The legs a ``StreamingInteractionGrouper`` holds, joined as they arrive: each id is
/// interned once, legs are united on integers, and every set keeps its earliest leg start
/// and latest leg end. A sealing pass then finds the calls it can emit with one `find`
/// per held leg, and partitions only the legs it emits, instead of re-partitioning every
/// held leg on every pass.
///
/// Sealed sets are marked dead rather than removed: an id that names a dead set is given a
/// fresh set when a leg uses it again. The ids of sealed calls are dropped when the table
/// is rebuilt from the held legs, which happens once it holds twice as many ids as after
/// the previous rebuild (amortized constant time per leg).
struct _StreamingComponents<Leg: _StreamingLeg> {
  let options: InteractionLinkOptions
  /// The held legs, in arrival order.
  private(set) var legs: [Leg] = []
  /// Held leg → the set node of its call id.
  private var legNode: [Int32] = []
  private var calls = _IDInterner()
  /// Call id number → its node.
  private var callNode: [Int32] = []
  private var sharedIDs = _IDInterner()
  /// Interaction id number → its node.
  private var sharedNode: [Int32] = []
  private var sets = _UnionFind()
  /// Node → the earliest leg start (gregorian seconds) of its set; meaningful at roots.
  private var earliestStart: [Int64] = []
  /// Node → the latest leg end of its set; meaningful at roots.
  private var latestEnd: [Int64] = []
  /// Node → whether its set was sealed; meaningful at roots.
  private var sealed: [Bool] = []
  /// Ids interned right after the last rebuild.
  private var idsAfterRebuild = 0

  init(options: InteractionLinkOptions) {
    self.options = options
  }

  /// Holds `leg`, which ends at `end` (its ``_StreamingLeg/streamingEnd``).
  mutating func insert(_ leg: Leg, end: Int64) {
    let node = callIDNode(leg.streamingCallID)
    legs.append(leg)
    legNode.append(node)
    let root = Int(sets.find(node))
    earliestStart[root] = min(earliestStart[root], leg.streamingStart)
    latestEnd[root] = max(latestEnd[root], end)
    let shared = leg.visitLinks(options: options) { target in unite(node, callIDNode(target)) }
    if let shared { unite(node, interactionIDNode(shared)) }
  }

  /// Removes and returns the held legs of every call whose end — its latest leg end, at
  /// least its earliest start, as ``Interaction/end`` computes it — is before `mark`; also
  /// returns the smallest such end among the calls kept (`Int64.max` when none).
  mutating func removeCalls(endingBefore mark: Int64) -> (legs: [Leg], nextEnd: Int64) {
    var removed: [Leg] = []
    var nextEnd = Int64.max
    // Kept legs move down in place (swapping moves legs without retaining them).
    var kept = 0
    for slot in legs.indices {
      let root = Int(sets.find(legNode[slot]))
      let end = max(earliestStart[root], latestEnd[root])
      if end < mark {
        removed.append(legs[slot])
        sealed[root] = true
      } else {
        if kept != slot {
          legs.swapAt(kept, slot)
          legNode.swapAt(kept, slot)
        }
        kept += 1
        nextEnd = min(nextEnd, end)
      }
    }
    legs.removeSubrange(kept...)
    legNode.removeSubrange(kept...)
    if calls.count + sharedIDs.count > 2 * idsAfterRebuild + 4096 { rebuild() }
    return (removed, nextEnd)
  }

  /// Starts over from the held legs, dropping the ids of sealed calls.
  private mutating func rebuild() {
    let held = legs
    self = _StreamingComponents(options: options)
    for leg in held { insert(leg, end: leg.streamingEnd) }
    idsAfterRebuild = calls.count + sharedIDs.count
  }

  /// The node of call id `id`: its set's, or a new set when it has none or a sealed one.
  private mutating func callIDNode(_ id: String) -> Int32 {
    let (number, isNew) = calls.intern(id)
    let node = liveNode(isNew ? nil : callNode[Int(number)])
    if isNew { callNode.append(node) } else { callNode[Int(number)] = node }
    return node
  }

  /// The node of interaction id `id`, as ``callIDNode(_:)`` does for call ids.
  private mutating func interactionIDNode(_ id: String) -> Int32 {
    let (number, isNew) = sharedIDs.intern(id)
    let node = liveNode(isNew ? nil : sharedNode[Int(number)])
    if isNew { sharedNode.append(node) } else { sharedNode[Int(number)] = node }
    return node
  }

  /// `existing` while its set is not sealed; otherwise (or when `nil`) a new node.
  private mutating func liveNode(_ existing: Int32?) -> Int32 {
    if let existing, !sealed[Int(sets.find(existing))] { return existing }
    return makeNode()
  }

  private mutating func makeNode() -> Int32 {
    earliestStart.append(.max)
    latestEnd.append(.min)
    sealed.append(false)
    return sets.makeSet()
  }

  /// Joins the sets of `a` and `b`, combining their start and end.
  private mutating func unite(_ a: Int32, _ b: Int32) {
    let rootA = Int(sets.find(a))
    let rootB = Int(sets.find(b))
    guard rootA != rootB else { return }
    let start = min(earliestStart[rootA], earliestStart[rootB])
    let end = max(latestEnd[rootA], latestEnd[rootB])
    sets.union(a, b)
    let root = Int(sets.find(a))
    earliestStart[root] = start
    latestEnd[root] = end
  }
}

/// What ``_StreamingComponents`` needs of a leg: its call id, its start and end, and the
/// ids it links to, by the rules of ``_LegKeys/visit(_:options:reference:selfReference:)``.
protocol _StreamingLeg {
  /// The leg's call id.
  var streamingCallID: String { get }
  /// `channelStartTime` in gregorian seconds.
  var streamingStart: Int64 { get }
  /// `channelEndTime` in gregorian seconds.
  var streamingEnd: Int64 { get }
  /// Calls `reference` with every call id the leg references other than its own (other
  /// leg, bridge, loopback, in that order); returns the interaction id when linking by it.
  func visitLinks(options: InteractionLinkOptions, _ reference: (String) -> Void) -> String?
}

extension _StreamingLeg {
  /// Every key of the leg, in the namespace and order of ``_LegKeys/allKeys(callID:)``.
  func streamingKeys(options: InteractionLinkOptions) -> [String] {
    var keys = [streamingCallID]
    let shared = visitLinks(options: options) { keys.append($0) }
    if let shared { keys.append(_LegKeys.interactionKey(shared)) }
    return keys
  }

  /// The first non-nil `lookup` of the leg's keys, in the order of ``streamingKeys(options:)``.
  func firstMatch<Value>(options: InteractionLinkOptions, _ lookup: (String) -> Value?) -> Value? {
    if let value = lookup(streamingCallID) { return value }
    var found: Value?
    let shared = visitLinks(options: options) { target in
      if found == nil { found = lookup(target) }
    }
    if found == nil, let shared { found = lookup(_LegKeys.interactionKey(shared)) }
    return found
  }
}

extension CallDetailRecord: _StreamingLeg {
  var streamingCallID: String { callID }
  var streamingStart: Int64 { channelStartTime.rawValue }
  var streamingEnd: Int64 { channelEndTime.rawValue }

  func visitLinks(options: InteractionLinkOptions, _ reference: (String) -> Void) -> String? {
    _LegKeys.visit(
      self, options: options, reference: { _, target in reference(target) },
      selfReference: { _ in })
  }
}

extension _StreamingComponents: Sendable where Leg: Sendable {}
