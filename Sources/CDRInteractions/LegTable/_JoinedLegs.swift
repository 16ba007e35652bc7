/// A table's id sets joined while it was read, for one set of links: the union-find of
/// ``_TablePartition``, built window by window by the task that appends the pieces, beside
/// the reading of the next window, instead of in one pass over the whole table afterwards
/// on one core.
///
/// Only links without the shared interaction id: that link joins interaction-id nodes
/// numbered after all the ids, which are not known until the end. A partition uses the
/// sets only when they cover exactly the table it is made of (``covers(_:links:)``).
struct _JoinedLegs: Sendable {
  let links: InteractionLinkOptions
  /// Node n: id n of the table.
  var sets = _UnionFind()
  /// The legs whose links are joined: the first `legs` of the table.
  var legs = 0

  init(links: InteractionLinkOptions) { self.links = links }

  /// Whether legs can be joined while read under `links`.
  static func canJoin(_ links: InteractionLinkOptions) -> Bool {
    !links.contains(.interactionID)
  }

  /// Whether these are the sets of all of `table`'s legs under `links`.
  func covers(_ table: CDRLegTable, links: InteractionLinkOptions) -> Bool {
    links == self.links && Self.canJoin(links) && legs == table.count
      && sets.count == table.ids.count
  }
}

extension CDRLegTable {
  /// Makes room in ``joined`` for the sets of `ids` ids in all, before any leg is
  /// appended (grown by appending, the sets were copied at every doubling).
  mutating func reserveJoining(links: InteractionLinkOptions, ids: Int) {
    guard _JoinedLegs.canJoin(links) else { return }
    if joined == nil, count == 0 { joined = _JoinedLegs(links: links) }
    joined?.sets.reserveCapacity(ids)
  }

  /// Joins the links `links` of legs `first...` (appended since the last call) into
  /// ``joined``; with the interaction-id link, does nothing and leaves the joining to the
  /// partition.
  mutating func joinLegs(from first: Int, links: InteractionLinkOptions) {
    guard _JoinedLegs.canJoin(links) else { return }
    var state = joined ?? _JoinedLegs(links: links)
    // Out of the table while it changes, so it is not copied on write.
    joined = nil
    guard state.links == links, state.legs == first else { return }
    state.sets.addSingletons(upTo: ids.count)
    for leg in first..<count {
      let own = callIDs[leg]
      _TablePartition.forEachEdge(of: self, options: links, leg: leg) { edge in
        state.sets.union(own, edge.target)
      }
    }
    state.legs = count
    joined = state
  }
}
