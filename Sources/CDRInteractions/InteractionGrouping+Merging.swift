import CDRModel

extension InteractionGrouping {
  /// Merges two partial groupings, as if the union of their legs had been grouped.
  ///
  /// Interactions of the two sides that share a key (a call id, a referenced call id, or —
  /// when linking by interaction id — an interaction id) are regrouped from their legs;
  /// the rest are kept as they are. So `group(A).merged(with: group(B))` equals
  /// `group(A + B)`: partition legs (by account and month, as KAZOO stores them), group
  /// each part anywhere, merge. A document present in both parts counts twice and is
  /// reported as a duplicate call id, exactly as grouping the concatenation would.
  ///
  /// - Throws: ``InteractionError/linkOptionsDiffer(_:_:)`` when the two groupings were
  ///   made with different link options.
  public func merged(with other: InteractionGrouping) throws(InteractionError)
    -> InteractionGrouping
  {
    guard links == other.links else { throw .linkOptionsDiffer(links, other.links) }
    let all = interactions + other.interactions
    var sets = _UnionFind(capacity: all.count)
    var nodeOfKey: [String: Int32] = [:]
    for interaction in all {
      let node = sets.makeSet()
      for leg in interaction.legs {
        for key in _LegKeys(leg, options: links).allKeys(callID: leg.callID) {
          if let existing = nodeOfKey[key] {
            sets.union(existing, node)
          } else {
            nodeOfKey[key] = node
          }
        }
      }
    }
    var groups: [Int32: [Int]] = [:]
    var roots: [Int32] = []
    for index in all.indices {
      let root = sets.find(Int32(truncatingIfNeeded: index))
      if groups[root] == nil { roots.append(root) }
      groups[root, default: []].append(index)
    }
    var result: [Interaction] = []
    result.reserveCapacity(roots.count)
    for root in roots {
      let members = groups[root] ?? []
      if members.count == 1, let only = members.first {
        // Ids are made unique per grouping: a split id goes back to the shared one, and
        // the merged grouping splits again where it must.
        var interaction = all[only]
        if let shared = interaction.diagnostics.splitInteractionID {
          interaction.id = shared
          interaction.diagnostics.splitInteractionID = nil
        }
        result.append(interaction)
      } else {
        let legs = members.flatMap { all[$0].legs }
        result.append(contentsOf: _GroupingCore.interactions(legs, options: links))
      }
    }
    return InteractionGrouping(interactions: result, links: links)
  }
}
