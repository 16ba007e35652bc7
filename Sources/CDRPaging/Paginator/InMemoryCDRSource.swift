import CDRModel

/// A ``CDRSource`` over legs held in memory, sorted or not on input.
///
/// Keys must be unique: a later leg with the key of an earlier one is kept out and listed
/// in ``duplicates`` (KAZOO likewise keeps the first CDR saved under an id). Legs without a
/// sort time (no `pvt_created` for ``LegSortKey/created``) are listed in ``unsortable`` and
/// never selected, as KAZOO's views never select them. Legs without `interaction_time` /
/// `interaction_key` (and no parsable `interaction_id`) are not part of interaction listings;
/// they are listed in ``withoutInteraction``.
///
/// ```swift
/// var source = InMemoryCDRSource(records: legs)
/// source.insert(lateLeg)          // between pages: the next page still sees it if ahead
/// ```
public struct InMemoryCDRSource: CDRSource, Sendable {
  /// The sort key.
  public let sortKey: LegSortKey
  /// Legs in ascending key order.
  public private(set) var sorted: [KeyedLeg] = []
  /// Legs refused because their key was already taken.
  public private(set) var duplicates: [CallDetailRecord] = []
  /// Legs without a sort time.
  public private(set) var unsortable: [CallDetailRecord] = []
  /// Legs without an interaction key.
  public private(set) var withoutInteraction: [CallDetailRecord] = []
  private var groups: [PageKey: InteractionGroup] = [:]
  private var groupKeys: [PageKey] = []

  /// Creates a source; `records` need not be sorted.
  public init(records: some Sequence<CallDetailRecord>, sortKey: LegSortKey = .created) {
    self.sortKey = sortKey
    for record in records { insert(record) }
  }

  /// Adds a leg. Returns `false` when it was refused (duplicate key or no sort time).
  @discardableResult
  public mutating func insert(_ record: CallDetailRecord) -> Bool {
    guard let key = sortKey.key(of: record) else {
      unsortable.append(record)
      return false
    }
    let index = Self.insertionIndex(of: key, in: sorted, by: \.key)
    if index < sorted.count && sorted[index].key == key {
      duplicates.append(record)
      return false
    }
    sorted.insert(KeyedLeg(key: key, record: record), at: index)
    if let (groupKey, interactionID) = Self.interactionKey(of: record) {
      if var group = groups[groupKey] {
        let legIndex = Self.insertionIndex(of: key, in: group.legs) { sortKey.key(of: $0) ?? key }
        group.legs.insert(record, at: legIndex)
        groups[groupKey] = group
      } else {
        groups[groupKey] = InteractionGroup(
          key: groupKey, interactionID: interactionID, legs: [record])
        groupKeys.insert(groupKey, at: Self.insertionIndex(of: groupKey, in: groupKeys, by: \.self))
      }
    } else {
      withoutInteraction.append(record)
    }
    return true
  }

  /// `(interaction_time, interaction_key)` and the interaction id of a leg: the typed
  /// fields, else the parts of `interaction_id` (11 characters, `-`, key), as the cdr app
  /// splits it.
  public static func interactionKey(of record: CallDetailRecord) -> (PageKey, String)? {
    if let time = record.interactionTime, let key = record.interactionKey {
      return (PageKey(time: Int64(time), id: key), record.interactionID ?? "\(time)-\(key)")
    }
    guard let id = record.interactionID else { return nil }
    let utf8 = Array(id.utf8)
    guard utf8.count > 12, utf8[11] == UInt8(ascii: "-"),
      let time = Int64(String(decoding: utf8[0..<11], as: UTF8.self))
    else { return nil }
    return (PageKey(time: time, id: String(decoding: utf8[12...], as: UTF8.self)), id)
  }

  /// Up to `limit` legs whose sort time lies in `range`, in `direction` order, starting at
  /// `bound` (or at the first key of the range when `nil`).
  ///
  /// A binary search finds the first leg, so a page costs O(log n + limit) whatever its
  /// position in the listing.
  ///
  /// ```swift
  /// let source = InMemoryCDRSource(records: legs)
  /// let newest = source.legs(from: nil, direction: .descending, in: from...to, limit: 10)
  /// let more = source.legs(from: .after(newest[9].key), direction: .descending,
  ///                        in: from...to, limit: 10)
  /// ```
  public func legs(
    from bound: PageBound?, direction: PageDirection, in range: ClosedRange<Int64>, limit: Int
  )
    -> [KeyedLeg]
  {
    Self.scan(sorted, key: \.key, from: bound, direction: direction, in: range, limit: limit)
  }

  /// Up to `limit` interactions whose `interaction_time` lies in `range`, in `direction`
  /// order, starting at `bound` (or at the first key of the range when `nil`).
  ///
  /// Interactions are keyed by `(interaction_time, interaction_key)`; each group carries
  /// every leg of the interaction held by the source, in leg-key order, so a page of
  /// groups never splits an interaction. Legs listed in ``withoutInteraction`` never
  /// appear here.
  public func interactions(
    from bound: PageBound?, direction: PageDirection, in range: ClosedRange<Int64>, limit: Int
  ) -> [InteractionGroup] {
    Self.scan(groupKeys, key: \.self, from: bound, direction: direction, in: range, limit: limit)
      .compactMap { groups[$0] }
  }

  private static func scan<Element>(
    _ elements: [Element], key: (Element) -> PageKey, from bound: PageBound?,
    direction: PageDirection,
    in range: ClosedRange<Int64>, limit: Int
  ) -> [Element] {
    guard limit > 0 else { return [] }
    var result: [Element] = []
    switch direction {
    case .ascending:
      var index = firstIndex(in: elements, key: key) { $0.time >= range.lowerBound }
      if let bound {
        index = max(
          index, firstIndex(in: elements, key: key) { bound.admits($0, direction: .ascending) })
      }
      while index < elements.count, result.count < limit,
        key(elements[index]).time <= range.upperBound
      {
        result.append(elements[index])
        index += 1
      }
    case .descending:
      var index = firstIndex(in: elements, key: key) { $0.time > range.upperBound } - 1
      if let bound {
        index = min(
          index,
          firstIndex(in: elements, key: key) { !bound.admits($0, direction: .descending) } - 1)
      }
      while index >= 0, result.count < limit, key(elements[index]).time >= range.lowerBound {
        result.append(elements[index])
        index -= 1
      }
    }
    return result
  }

  /// The first index whose key satisfies a predicate that is false then true along the order.
  private static func firstIndex<Element>(
    in elements: [Element], key: (Element) -> PageKey, where predicate: (PageKey) -> Bool
  ) -> Int {
    var low = 0
    var high = elements.count
    while low < high {
      let middle = (low + high) / 2
      if predicate(key(elements[middle])) { high = middle } else { low = middle + 1 }
    }
    return low
  }

  private static func insertionIndex<Element>(
    of target: PageKey, in elements: [Element], by key: (Element) -> PageKey
  )
    -> Int
  {
    firstIndex(in: elements, key: key) { !($0 < target) }
  }
}
