/// Makes interaction ids unique within one grouping (KAZOO fidelity: legs that share an
/// `interaction_id` but no link are two calls, and `Interaction` is `Identifiable`).
///
/// Over the interactions in grouping order: an id held by more than one interaction stays
/// with the first; each later holder becomes `ID~FIRST_CALL_ID` (then `~2`, `~3`... should
/// that be taken too). Every holder of a split id has it in
/// `InteractionDiagnostics.splitInteractionID`. Both the record path and the leg table's
/// summaries use this one rule.
enum _UniqueInteractionIDs {
  /// The changes to make, by position, or `nil` when every id is already unique.
  static func resolve(
    _ ids: [String], firstCallID: (Int) -> String
  ) -> [(position: Int, change: (id: String, split: String))]? {
    var counts: [String: Int] = [:]
    counts.reserveCapacity(ids.count)
    var repeated = false
    for id in ids {
      counts[id, default: 0] += 1
      if counts[id] == 2 { repeated = true }
    }
    guard repeated else { return nil }
    var taken = Set<String>()
    var changes: [(position: Int, change: (id: String, split: String))] = []
    for (position, id) in ids.enumerated() where (counts[id] ?? 0) > 1 {
      if taken.insert(id).inserted {
        changes.append((position, (id, id)))
        continue
      }
      let base = id + "~" + firstCallID(position)
      var candidate = base
      var suffix = 2
      while counts[candidate] != nil || taken.contains(candidate) {
        candidate = base + "~" + String(suffix)
        suffix += 1
      }
      taken.insert(candidate)
      changes.append((position, (candidate, id)))
    }
    return changes
  }
}
