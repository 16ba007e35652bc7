import CDRModel
import CDRTime

/// ``_Partition`` on a ``CDRLegTable``: the same components, legs in the same order, and the
/// same edges, from integer columns. The edges are not stored: a leg's edges are read from
/// its columns when they are asked for (``forEachEdge(ofLeg:_:)``), as the partition reads
/// them to join the legs; stored, they would be a tenth of the table.
struct _TablePartition {
  struct Edge {
    var leg: Int32
    /// An id number of the table.
    var target: Int32
    var kind: InteractionLinkKind
    var missing: Bool
  }

  let table: CDRLegTable
  let options: InteractionLinkOptions
  private(set) var starts: [Int] = [0]
  private(set) var members: [Int] = []
  private(set) var componentOfLeg: [Int32] = []

  var componentCount: Int { starts.count - 1 }

  /// The partition of `table`'s legs.
  init(_ table: CDRLegTable, options: InteractionLinkOptions) {
    self.table = table
    self.options = options
    let legCount = table.count
    let idCount = table.ids.count
    componentOfLeg = [Int32](repeating: 0, count: legCount)
    var componentCount: Int32 = 0
    // Components numbered in the order of their first legs, from each leg's root.
    func number(_ componentOfRoot: inout [Int32], root: (Int32) -> Int32) {
      for leg in 0..<legCount {
        let root = Int(root(table.callIDs[leg]))
        if componentOfRoot[root] < 0 {
          componentOfRoot[root] = componentCount
          componentCount += 1
        }
        self.componentOfLeg[leg] = componentOfRoot[root]
      }
    }
    if let joined = table.joined, joined.covers(table, links: options) {
      // Joined while the table was read: only the numbering is left.
      var componentOfRoot = [Int32](repeating: -1, count: idCount)
      number(&componentOfRoot) { joined.sets.root($0) }
    } else {
      // Node n: id n as a call id; idCount + n: id n as an interaction id.
      // (The interaction-id nodes exist only when that link is on.)
      var sets = _UnionFind(
        singletons: options.contains(.interactionID) ? idCount * 2 : idCount)
      for leg in 0..<legCount {
        let own = table.callIDs[leg]
        forEachEdge(ofLeg: leg) { edge in
          sets.union(
            own, edge.kind == .interactionID ? Int32(idCount) + edge.target : edge.target)
        }
      }
      var componentOfRoot = sets.takeSizes(filledWith: -1)
      number(&componentOfRoot) { sets.find($0) }
    }
    let count = Int(componentCount)
    let componentOfLeg = componentOfLeg
    (starts, members) = _Partition.buckets(count: count, keys: componentOfLeg)
    let order = _TableLegOrder(table: table)
    let starts = self.starts
    // In place in one buffer: sorting each component's slice of the array copied it out
    // and back, with a retain, an allocation and a release per component.
    members.withUnsafeMutableBufferPointer { members in
      for component in 0..<count {
        let lower = starts[component]
        let upper = starts[component + 1]
        guard upper - lower > 1 else { continue }
        guard upper - lower <= 16 else {
          var slice = UnsafeMutableBufferPointer(rebasing: members[lower..<upper])
          slice.sort { order.precedes($0, $1) }
          continue
        }
        // Insertion sort, which the standard sort also runs on so few: stable, with the
        // same comparisons.
        for position in (lower + 1)..<upper {
          let leg = members[position]
          var hole = position
          while hole > lower, order.precedes(leg, members[hole - 1]) {
            members[hole] = members[hole - 1]
            hole -= 1
          }
          members[hole] = leg
        }
      }
    }
  }

  func legIndices(of component: Int) -> ArraySlice<Int> {
    members[starts[component]..<starts[component + 1]]
  }

  /// Calls `body` with each link leg `leg` makes to another id under ``options``: its other
  /// leg, bridge, loopback partner and shared interaction id, in that order (a link to its
  /// own call id is a self reference, see ``forEachSelfEdge(ofLeg:_:)``; a bridge to itself
  /// is no link at all).
  @inline(__always)
  func forEachEdge(ofLeg leg: Int, _ body: (Edge) -> Void) {
    Self.forEachEdge(of: table, options: options, leg: leg, body)
  }

  /// ``forEachEdge(ofLeg:_:)`` of `table` under `options`, without a partition.
  @inline(__always)
  static func forEachEdge(
    of table: CDRLegTable, options: InteractionLinkOptions, leg: Int, _ body: (Edge) -> Void
  ) {
    let legIndex = Int32(truncatingIfNeeded: leg)
    let bits = table.flags[leg]
    let empty = table.emptyID
    if options.contains(.otherLeg) {
      let other = table.otherLegs[leg]
      if other >= 0, other != empty, bits & CDRLegTable.Flags.otherIsSelf == 0 {
        body(
          Edge(
            leg: legIndex, target: other, kind: .otherLeg, missing: !table.isCallID[Int(other)]))
      }
    }
    if options.contains(.bridge) {
      let bridge = table.bridges[leg]
      if bridge >= 0, bridge != empty, bits & CDRLegTable.Flags.bridgeIsSelf == 0 {
        body(
          Edge(
            leg: legIndex, target: bridge, kind: .bridge, missing: !table.isCallID[Int(bridge)]))
      }
    }
    if options.contains(.loopback) {
      let partner = table.loopbacks[leg]
      if partner >= 0, partner != empty, bits & CDRLegTable.Flags.loopbackIsSelf == 0 {
        body(
          Edge(
            leg: legIndex, target: partner, kind: .loopback,
            missing: !table.isCallID[Int(partner)]))
      }
    }
    if options.contains(.interactionID) {
      let shared = table.interactionIDs[leg]
      if shared >= 0, shared != empty {
        body(Edge(leg: legIndex, target: shared, kind: .interactionID, missing: false))
      }
    }
  }

  /// Calls `body` with each link of leg `leg` to its own call id (other leg, loopback
  /// partner), in that order.
  @inline(__always)
  func forEachSelfEdge(ofLeg leg: Int, _ body: (InteractionLinkKind) -> Void) {
    let bits = table.flags[leg]
    let empty = table.emptyID
    if options.contains(.otherLeg), bits & CDRLegTable.Flags.otherIsSelf != 0 {
      let other = table.otherLegs[leg]
      if other >= 0, other != empty { body(.otherLeg) }
    }
    if options.contains(.loopback), bits & CDRLegTable.Flags.loopbackIsSelf != 0 {
      let partner = table.loopbacks[leg]
      if partner >= 0, partner != empty { body(.loopback) }
    }
  }
}

/// `CallDetailRecord.precedesInInteraction` on table rows: channel time, loopback marker,
/// call id, then — for the rare exact tie — the two legs decoded in full.
/// A class: a sort's closure captures one reference, where a value would copy the table
/// (a retain and a release per column) for every component sorted.
final class _TableLegOrder {
  let table: CDRLegTable

  init(table: CDRLegTable) { self.table = table }

  func precedes(_ left: Int, _ right: Int) -> Bool {
    let leftTime = table.channelTimes[left]
    let rightTime = table.channelTimes[right]
    if leftTime != rightTime { return leftTime < rightTime }
    let exotic = (table.flags[left] | table.flags[right]) & CDRLegTable.Flags.exotic != 0
    let leftMarker = table.markers[left]
    let rightMarker = table.markers[right]
    if leftMarker != rightMarker,
      let order = compare(
        table.labels.range(leftMarker), table.labels.range(rightMarker),
        in: table.labels.bytes, exotic: exotic)
    {
      return order
    }
    if table.callIDs[left] != table.callIDs[right],
      let order = compare(
        table.ids.range(table.callIDs[left]), table.ids.range(table.callIDs[right]),
        in: table.ids.bytes, exotic: exotic)
    {
      return order
    }
    // The same call id at the same time (a duplicated leg): the document ids and then the
    // documents decide, which the table does not keep. The same line twice (an input read
    // twice) is the same record: neither comes first, and nothing needs decoding.
    if let leftLine = table.lineBytes(at: left), let rightLine = table.lineBytes(at: right),
      leftLine.elementsEqual(rightLine)
    {
      return false
    }
    guard let leftRecord = table.record(at: left), let rightRecord = table.record(at: right)
    else { return false }
    return leftRecord.precedesInInteraction(rightRecord)
  }

  /// `nil` when the texts are equal as `String`s; else whether `left` sorts first by UTF-8.
  private func compare(
    _ left: Range<Int>, _ right: Range<Int>, in arena: [UInt8], exotic: Bool
  ) -> Bool? {
    arena.withUnsafeBufferPointer { bytes in
      let leftBytes = UnsafeBufferPointer(rebasing: bytes[left])
      let rightBytes = UnsafeBufferPointer(rebasing: bytes[right])
      if leftBytes.elementsEqual(rightBytes) { return nil }
      if exotic {
        let leftText = String(decoding: leftBytes, as: UTF8.self)
        let rightText = String(decoding: rightBytes, as: UTF8.self)
        if leftText == rightText { return nil }
      }
      return bytesPrecede(leftBytes, rightBytes)
    }
  }
}

extension LegPartition {
  init(_ partition: _TablePartition) {
    self.init(
      legCount: partition.table.count, starts: partition.starts, members: partition.members,
      componentOfLeg: partition.componentOfLeg)
  }
}

extension InteractionGrouper {
  /// Partitions the legs of `table` into calls with this grouper's links: the same
  /// components, with their legs in the same order, as ``partition(_:)-([CallDetailRecord])``
  /// of the records the table was made from.
  public func partition(_ table: CDRLegTable) -> LegPartition {
    LegPartition(_TablePartition(table, options: links))
  }
}
