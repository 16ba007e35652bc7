import CDRModel
import CDRTime

/// ``_Partition`` on a ``CDRLegTable``: the same components, legs in the same order, and the
/// same edges, from integer columns.
struct _TablePartition {
  struct Edge {
    var leg: Int32
    /// An id number of the table.
    var target: Int32
    var kind: InteractionLinkKind
    var missing: Bool
  }

  let table: CDRLegTable
  private(set) var starts: [Int] = [0]
  private(set) var members: [Int] = []
  private(set) var componentOfLeg: [Int32] = []
  private(set) var edgeStarts: [Int] = [0]
  private(set) var edgeOrder: [Int] = []
  private(set) var edges: [Edge] = []
  private(set) var selfEdges: [(leg: Int32, kind: InteractionLinkKind)] = []
  private(set) var selfStarts: [Int] = [0]
  private(set) var selfOrder: [Int] = []

  var componentCount: Int { starts.count - 1 }

  /// The partition of `table`'s legs; with `keepingEdges: false`, only the components and
  /// their ordered legs (what ``LegPartition`` holds), without the links between them.
  init(_ table: CDRLegTable, options: InteractionLinkOptions, keepingEdges: Bool = true) {
    self.table = table
    let legCount = table.count
    let idCount = table.ids.count
    // Node n: id n as a call id; idCount + n: id n as an interaction id.
    // (The interaction-id nodes exist only when that link is on.)
    var sets = _UnionFind(singletons: options.contains(.interactionID) ? idCount * 2 : idCount)
    let empty = table.emptyID
    if keepingEdges { edges.reserveCapacity(legCount * 2) }
    for leg in 0..<legCount {
      let legIndex = Int32(truncatingIfNeeded: leg)
      let own = table.callIDs[leg]
      let bits = table.flags[leg]
      func reference(_ kind: InteractionLinkKind, _ target: Int32) {
        sets.union(own, target)
        guard keepingEdges else { return }
        edges.append(
          Edge(leg: legIndex, target: target, kind: kind, missing: !table.isCallID[Int(target)]))
      }
      if options.contains(.otherLeg) {
        let other = table.otherLegs[leg]
        if other >= 0, other != empty {
          if bits & CDRLegTable.Flags.otherIsSelf != 0 {
            if keepingEdges { selfEdges.append((legIndex, .otherLeg)) }
          } else {
            reference(.otherLeg, other)
          }
        }
      }
      if options.contains(.bridge) {
        let bridge = table.bridges[leg]
        if bridge >= 0, bridge != empty, bits & CDRLegTable.Flags.bridgeIsSelf == 0 {
          reference(.bridge, bridge)
        }
      }
      if options.contains(.loopback) {
        let partner = table.loopbacks[leg]
        if partner >= 0, partner != empty {
          if bits & CDRLegTable.Flags.loopbackIsSelf != 0 {
            if keepingEdges { selfEdges.append((legIndex, .loopback)) }
          } else {
            reference(.loopback, partner)
          }
        }
      }
      if options.contains(.interactionID) {
        let shared = table.interactionIDs[leg]
        if shared >= 0, shared != empty {
          sets.union(own, Int32(idCount) + shared)
          if keepingEdges {
            edges.append(Edge(leg: legIndex, target: shared, kind: .interactionID, missing: false))
          }
        }
      }
    }
    var componentOfRoot = [Int32](repeating: -1, count: sets.count)
    componentOfLeg = [Int32](repeating: 0, count: legCount)
    var componentCount: Int32 = 0
    for leg in 0..<legCount {
      let root = Int(sets.find(table.callIDs[leg]))
      if componentOfRoot[root] < 0 {
        componentOfRoot[root] = componentCount
        componentCount += 1
      }
      componentOfLeg[leg] = componentOfRoot[root]
    }
    let count = Int(componentCount)
    let componentOfLeg = componentOfLeg
    (starts, members) = _Partition.buckets(count: count, keys: componentOfLeg.lazy.map { Int($0) })
    (edgeStarts, edgeOrder) = _Partition.buckets(
      count: count, keys: edges.lazy.map { Int(componentOfLeg[Int($0.leg)]) })
    (selfStarts, selfOrder) = _Partition.buckets(
      count: count, keys: selfEdges.lazy.map { Int(componentOfLeg[Int($0.leg)]) })
    let order = _TableLegOrder(table: table)
    for component in 0..<count where starts[component + 1] - starts[component] > 1 {
      members[starts[component]..<starts[component + 1]].sort { order.precedes($0, $1) }
    }
  }

  func legIndices(of component: Int) -> ArraySlice<Int> {
    members[starts[component]..<starts[component + 1]]
  }

  /// The positions of `component`'s edges, for ``edge(at:)``. (Positions rather than a
  /// lazy collection: one capturing the partition would copy it, every column of the table
  /// retained and released, per component.)
  func edgePositions(of component: Int) -> Range<Int> {
    edgeStarts[component]..<edgeStarts[component + 1]
  }

  func edge(at position: Int) -> Edge { edges[edgeOrder[position]] }

  /// The positions of `component`'s self references, for ``selfEdge(at:)``.
  func selfEdgePositions(of component: Int) -> Range<Int> {
    selfStarts[component]..<selfStarts[component + 1]
  }

  func selfEdge(at position: Int) -> (leg: Int32, kind: InteractionLinkKind) {
    selfEdges[selfOrder[position]]
  }
}

/// `CallDetailRecord.precedesInInteraction` on table rows: channel time, loopback marker,
/// call id, document id, then — for the rare exact tie — the two legs decoded in full.
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
    let empty = 0..<0
    if let order = compare(
      table.textRange(left, .documentID) ?? empty, table.textRange(right, .documentID) ?? empty,
      exotic: exotic)
    {
      return order
    }
    guard let leftRecord = table.record(at: left), let rightRecord = table.record(at: right)
    else { return false }
    return leftRecord.jsonText.utf8.lexicographicallyPrecedes(rightRecord.jsonText.utf8)
  }

  private func compare(_ left: Range<Int>?, _ right: Range<Int>?, exotic: Bool) -> Bool? {
    compare(left ?? 0..<0, right ?? 0..<0, in: table.text, exotic: exotic)
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
      return leftBytes.lexicographicallyPrecedes(rightBytes)
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
    LegPartition(_TablePartition(table, options: links, keepingEdges: false))
  }
}
