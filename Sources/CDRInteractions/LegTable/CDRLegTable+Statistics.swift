import CDRModel
import CDRTime
import Foundation

extension InteractionStatistics {
  /// KAZOO-style statistics over the legs of `table`, every leg a call: what
  /// ``init(legs:)`` gives for the records the table was made from.
  ///
  /// ```swift
  /// let (table, _) = try CDRLegTable.read(contentsOfFile: "cdrs.ndjson")
  /// let perLeg = InteractionStatistics(legsOf: table)
  /// let perCall = InteractionStatistics(
  ///   interactionsOf: table, partition: InteractionGrouper().partition(table))
  /// print(perCall.answerSeizureRatio ?? 0, perLeg.calls)
  /// ```
  public init(legsOf table: CDRLegTable) {
    self.init()
    for leg in 0..<table.count {
      addLeg(
        billingSeconds: table.billing[leg], ringingSeconds: table.ringing[leg],
        transfers: table.transfers[leg])
    }
  }

  /// Statistics over the calls `partition` groups the legs of `table` into, one call per
  /// component: what ``init(interactions:)`` gives for the interactions
  /// ``InteractionGrouper/group(_:)`` builds from the table's records with the same links,
  /// without building them.
  ///
  /// A call's figures are ``Interaction``'s: answered when a leg has billed time, the
  /// largest leg's billed seconds, the representative's (first leg's) ringing seconds, and
  /// the transfers of all its legs.
  ///
  /// - Parameters:
  ///   - table: the legs.
  ///   - partition: ``InteractionGrouper/partition(_:)-(CDRLegTable)`` of `table`.
  /// - Precondition: `partition` partitions `table`'s legs (`partition.legCount ==
  ///   table.count`).
  public init(interactionsOf table: CDRLegTable, partition: LegPartition) {
    let calls = _TableCalls(table: table, partition: partition)
    self.init()
    for component in calls.countingOrder() { calls.add(component, to: &self) }
  }

  /// KAZOO-style statistics of the legs of `table` per group label of `dimension`, sorted by
  /// label: what ``grouped(legs:by:)`` gives for the table's records, labels included.
  public static func grouped(legsOf table: CDRLegTable, by dimension: StatisticsDimension)
    -> [(key: String, statistics: InteractionStatistics)]
  {
    var labels = _GroupLabels(dimension: dimension, table: table)
    var labelOfLeg: [Int32] = []
    labelOfLeg.reserveCapacity(table.count)
    for leg in 0..<table.count { labelOfLeg.append(labels.label(ofLeg: leg)) }
    // Legs are labelled in input order, as the reference counts them: a group's first-seen
    // label is the one it shows.
    let groupOf = labels.groups().groupOf
    var statistics = [InteractionStatistics](repeating: .init(), count: labels.count)
    for leg in 0..<table.count {
      statistics[Int(groupOf[Int(labelOfLeg[leg])])].addLeg(
        billingSeconds: table.billing[leg], ringingSeconds: table.ringing[leg],
        transfers: table.transfers[leg])
    }
    return labels.sortedGroups(statistics, groupOf: groupOf)
  }

  /// Statistics of the calls `partition` groups the legs of `table` into, per group label of
  /// `dimension`, sorted by label: what ``grouped(_:by:)`` gives for the interactions of the
  /// table's records (see ``init(interactionsOf:partition:)``), labels included.
  ///
  /// - Precondition: `partition` partitions `table`'s legs.
  public static func grouped(
    interactionsOf table: CDRLegTable, partition: LegPartition, by dimension: StatisticsDimension
  ) -> [(key: String, statistics: InteractionStatistics)] {
    let calls = _TableCalls(table: table, partition: partition)
    var exact = calls.ringingOrderMatters
    var order = exact ? calls.recordOrder() : Array(partition.indices)
    while true {
      var labels = _GroupLabels(dimension: dimension, table: table)
      // Per call, in `order`: its labels (owners: every leg's, in leg order).
      var labelStarts: [Int] = [0]
      var labelList: [Int32] = []
      labelStarts.reserveCapacity(order.count + 1)
      labelList.reserveCapacity(order.count)
      for component in order {
        let legs = partition[component]
        if case .owner = dimension {
          let before = labelList.count
          for leg in legs where table.owners[leg] >= 0 {
            labelList.append(labels.label(ofTableLabel: table.owners[leg]))
          }
          if labelList.count == before { labelList.append(labels.noValueLabel()) }
        } else {
          labelList.append(labels.label(ofLeg: legs[legs.startIndex]))
        }
        labelStarts.append(labelList.count)
      }
      let (groupOf, merged) = labels.groups()
      if merged && !exact {
        // Labels `String` holds equal: the group shows the one the reference saw first,
        // so count in its order.
        order = calls.recordOrder()
        exact = true
        continue
      }
      var statistics = [InteractionStatistics](repeating: .init(), count: labels.count)
      var seen: [Int32] = []
      for (position, component) in order.enumerated() {
        seen.removeAll(keepingCapacity: true)
        for label in labelList[labelStarts[position]..<labelStarts[position + 1]] {
          let group = groupOf[Int(label)]
          if seen.contains(group) { continue }
          seen.append(group)
          calls.add(component, to: &statistics[Int(group)])
        }
      }
      return labels.sortedGroups(statistics, groupOf: groupOf)
    }
  }
}

extension StatisticsDimension {
  /// The group labels of leg `leg` of `table`: ``keys(of:)-(CallDetailRecord)`` of its
  /// record.
  public func keys(ofLeg leg: Int, in table: CDRLegTable) -> [String] {
    switch self {
    case .account: [table.labelText(leg, .account) ?? Self.noValue]
    case .owner: [table.labelText(leg, .owner) ?? Self.noValue]
    case .direction: [table.labelText(leg, .direction) ?? Self.noValue]
    case .day(let zone):
      [Self.localDay(GregorianSeconds(unixMicroseconds: table.channelTimes[leg]), in: zone)]
    }
  }

  /// The group labels of call `component` of `partition` over `table`:
  /// ``keys(of:)-(Interaction)`` of its interaction — the representative's account,
  /// direction and start day, every owner of its legs.
  ///
  /// - Precondition: `partition` partitions `table`'s legs.
  public func keys(ofInteraction component: Int, of partition: LegPartition, in table: CDRLegTable)
    -> [String]
  {
    precondition(partition.legCount == table.count, "the partition is not of this table")
    let legs = partition[component]
    let first = legs[legs.startIndex]
    switch self {
    case .owner:
      var owners = _DistinctStrings()
      for leg in legs {
        if let owner = table.labelText(leg, .owner) { owners.insert(owner) }
      }
      let sorted = owners.items.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
      return sorted.isEmpty ? [Self.noValue] : sorted
    default:
      return keys(ofLeg: first, in: table)
    }
  }
}

extension CDRLegTable {
  /// Label `which` of leg `leg` (`nil`: absent), as its record has it.
  func labelText(_ leg: Int, _ which: Label) -> String? {
    let number = label(leg, which)
    guard number >= 0 else { return nil }
    return labels.bytes.withUnsafeBufferPointer {
      String(decoding: UnsafeBufferPointer(rebasing: $0[labels.range(number)]), as: UTF8.self)
    }
  }
}

/// The calls of a partitioned table, counted as ``InteractionStatistics/add(_:)-(Interaction)``
/// counts their interactions.
struct _TableCalls {
  let table: CDRLegTable
  let partition: LegPartition

  init(table: CDRLegTable, partition: LegPartition) {
    precondition(partition.legCount == table.count, "the partition is not of this table")
    self.table = table
    self.partition = partition
  }

  /// Counts call `component` into `statistics`: ``Interaction``'s figures from the columns.
  @inline(__always)
  func add(_ component: Int, to statistics: inout InteractionStatistics) {
    let legs = partition[component]
    var billing = 0
    var answered = false
    var transfers = 0
    for leg in legs {
      let billed = table.billing[leg]
      billing = max(billing, billed)
      if billed > 0 { answered = true }
      transfers += table.transfers[leg]
    }
    statistics.addCall(
      legs: legs.count, answered: answered, billingSeconds: billing,
      ringingSeconds: table.ringing[legs[legs.startIndex]], transfers: transfers)
  }

  /// Whether the order calls are counted in can change the totals: ringing seconds (the
  /// representative's, which may be negative) add saturating, and a saturating sum of
  /// mixed signs depends on the order unless neither the positive nor the negative terms
  /// can reach the limits. (Billed seconds are never negative; counts do not saturate.)
  var ringingOrderMatters: Bool {
    var positive = 0
    var negative = 0
    for component in partition.indices {
      let legs = partition[component]
      let ringing = table.ringing[legs[legs.startIndex]]
      let overflow: Bool
      if ringing >= 0 {
        (positive, overflow) = positive.addingReportingOverflow(ringing)
      } else {
        (negative, overflow) = negative.addingReportingOverflow(ringing)
      }
      if overflow { return true }
    }
    return false
  }

  /// The components in an order that counts as the reference does: component order when
  /// the order cannot matter, else ``recordOrder()``.
  func countingOrder() -> [Int] {
    ringingOrderMatters ? recordOrder() : Array(partition.indices)
  }

  /// The components in the order of ``InteractionGrouping/interactions`` for the table's
  /// records (start, then id, then representative: ``Interaction/precedes(_:)``, ties in
  /// component order), as `_TableSummaries.interactionOrder()` sorts them for summary
  /// lines. Only needed when the counting order matters, so it is computed then.
  func recordOrder() -> [Int] {
    var keys = _ComponentKeys(reservingCapacity: partition.count)
    for component in partition.indices {
      let legs = partition[component]
      if legs.contains(where: { table.flags[$0] & CDRLegTable.Flags.exotic != 0 }),
        let interaction = decodedInteraction(legs)
      {
        // `String` semantics for its ids: the reference's own interaction.
        keys.append(interaction)
      } else {
        keys.append(legs: legs, of: table)
      }
    }
    let partition = self.partition
    return keys.order(table: table) { component in
      let legs = partition[component]
      return legs[legs.startIndex]
    }
  }

  /// The interaction of `legs` (in leg order) from their records decoded again; `nil` when
  /// one can no longer be decoded.
  private func decodedInteraction(_ legs: ArraySlice<Int>) -> Interaction? {
    var records: [CallDetailRecord] = []
    for leg in legs {
      guard let record = table.record(at: leg) else { return nil }
      records.append(record)
    }
    return Interaction(orderedLegs: records, links: [], missingReferences: [], selfReferences: [])
  }
}

/// The group labels of a grouping: interned from their bytes in first-seen order; labels
/// `String` holds equal (canonically equivalent, which only non-ASCII labels can be) form one
/// group, shown by its first-seen label, as one `[String: …]` key gathers them in the
/// reference.
struct _GroupLabels {
  let dimension: StatisticsDimension
  let table: CDRLegTable
  private var interner = _ByteInterner()
  /// The table's label number → this grouping's (-1: not seen yet).
  private var fromTable: [Int32]
  private var noValue: Int32 = -1
  private var days: _LocalDays?

  init(dimension: StatisticsDimension, table: CDRLegTable) {
    self.dimension = dimension
    self.table = table
    fromTable = [Int32](repeating: -1, count: table.labels.count)
    if case .day(let zone) = dimension { days = _LocalDays(zone: zone) }
  }

  /// The number of labels.
  var count: Int { interner.count }

  private mutating func label(_ text: String) -> Int32 {
    var text = text
    return text.withUTF8 { interner.intern(UnsafeRawBufferPointer($0)) }
  }

  /// ``StatisticsDimension/noValue``'s label.
  mutating func noValueLabel() -> Int32 {
    if noValue < 0 { noValue = label(StatisticsDimension.noValue) }
    return noValue
  }

  /// The label of the table's label `number` (-1: absent, ``noValueLabel()``).
  @inline(__always)
  mutating func label(ofTableLabel number: Int32) -> Int32 {
    guard number >= 0 else { return noValueLabel() }
    let known = fromTable[Int(number)]
    if known >= 0 { return known }
    let labels = table.labels
    let new = labels.bytes.withUnsafeBytes {
      interner.intern(UnsafeRawBufferPointer(rebasing: $0[labels.range(number)]))
    }
    fromTable[Int(number)] = new
    return new
  }

  /// The label of `leg` by ``dimension``: ``StatisticsDimension/keys(of:)-(CallDetailRecord)``.
  mutating func label(ofLeg leg: Int) -> Int32 {
    switch dimension {
    case .account: return label(ofTableLabel: table.accounts[leg])
    case .owner: return label(ofTableLabel: table.owners[leg])
    case .direction: return label(ofTableLabel: table.directions[leg])
    case .day:
      let start = GregorianSeconds(unixMicroseconds: table.channelTimes[leg])
      let local = days!.local(start)
      if let known = days!.label(ofLocal: local) { return known }
      let new = label(StatisticsDimension.localDay(local: local))
      days!.remember(local: local, label: new)
      return new
    }
  }

  /// Per label, its group (the number of the group's first-seen label), and whether a group
  /// holds more than one label.
  func groups() -> (groupOf: [Int32], merged: Bool) {
    var groupOf = (0..<Int32(count)).map { $0 }
    guard !interner.bytes.withUnsafeBytes(bytesAreASCII) else { return (groupOf, false) }
    var first: [String: Int32] = [:]
    var merged = false
    for label in 0..<Int32(count) {
      let text = self.text(label)
      if let existing = first[text] {
        groupOf[Int(label)] = existing
        merged = true
      } else {
        first[text] = label
      }
    }
    return (groupOf, merged)
  }

  func text(_ label: Int32) -> String {
    interner.bytes.withUnsafeBufferPointer { arena in
      String(decoding: UnsafeBufferPointer(rebasing: arena[interner.range(label)]), as: UTF8.self)
    }
  }

  /// The groups that counted something, by label, sorted as the reference sorts them.
  func sortedGroups(_ statistics: [InteractionStatistics], groupOf: [Int32])
    -> [(key: String, statistics: InteractionStatistics)]
  {
    var groups: [(key: String, statistics: InteractionStatistics)] = []
    for label in 0..<Int32(count) where groupOf[Int(label)] == label {
      guard statistics[Int(label)].calls > 0 else { continue }
      groups.append((text(label), statistics[Int(label)]))
    }
    return groups.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
  }
}

/// Local days of instants in one zone: ``StatisticsDimension/localDay(_:in:)`` without a
/// time-zone lookup per instant. A zone's offset is looked up once per UTC hour and kept
/// when it holds for the whole hour (the same offset at both ends and no transition in
/// between); other hours, and instants far from the present, are looked up one by one.
struct _LocalDays {
  let zone: TimeZone
  /// UTC hour → its offset, or `Int64.min` when the offset changes within the hour.
  private var offsets: [Int64: Int64] = [:]
  private var lastHour = Int64.min
  private var lastOffset: Int64 = 0
  /// Local day number → its label.
  private var labels: [Int64: Int32] = [:]
  private var lastDay = Int64.min
  private var lastLabel: Int32 = -1

  init(zone: TimeZone) { self.zone = zone }

  /// `time` moved by the zone's offset at that instant, as `localDay(_:in:)` moves it.
  mutating func local(_ time: GregorianSeconds) -> GregorianSeconds {
    time.adding(offset(at: time))
  }

  private mutating func offset(at time: GregorianSeconds) -> Int64 {
    let unix = time.unixSeconds
    // About ±1,000 years around 1970: hours within Foundation's tables.
    guard unix > -(1 << 35), unix < 1 << 35 else { return direct(time) }
    let hour = (unix >= 0 ? unix : unix - 3599) / 3600
    if hour == lastHour { return lastOffset }
    let offset: Int64
    if let known = offsets[hour] {
      offset = known
    } else {
      offset = constantOffset(hour: hour)
      offsets[hour] = offset
    }
    guard offset != .min else { return direct(time) }
    lastHour = hour
    lastOffset = offset
    return offset
  }

  private func direct(_ time: GregorianSeconds) -> Int64 {
    Int64(zone.secondsFromGMT(for: time.date))
  }

  /// The offset of UTC hour `hour` when it holds for the whole hour, else `Int64.min`.
  private func constantOffset(hour: Int64) -> Int64 {
    let start = hour * 3600
    let first = zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(start)))
    let last = zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(start + 3599)))
    guard first == last else { return .min }
    if let next = zone.nextDaylightSavingTimeTransition(
      after: Date(timeIntervalSince1970: TimeInterval(start))),
      next.timeIntervalSince1970 < TimeInterval(start + 3600)
    {
      return .min
    }
    return Int64(first)
  }

  private static func day(_ local: GregorianSeconds) -> Int64 {
    let (quotient, remainder) = local.rawValue.quotientAndRemainder(dividingBy: 86_400)
    return remainder < 0 ? quotient - 1 : quotient
  }

  /// The label of the day of `local`, when one was remembered.
  mutating func label(ofLocal local: GregorianSeconds) -> Int32? {
    let day = Self.day(local)
    if day == lastDay { return lastLabel }
    guard let label = labels[day] else { return nil }
    lastDay = day
    lastLabel = label
    return label
  }

  mutating func remember(local: GregorianSeconds, label: Int32) {
    let day = Self.day(local)
    labels[day] = label
    lastDay = day
    lastLabel = label
  }
}
