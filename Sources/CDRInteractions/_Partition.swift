import CDRModel

/// Which legs belong together: components of the link graph, each listing its legs in
/// KAZOO's leg order, with the links found, kept as integers until an interaction is built.
///
/// Built by interning every call id once (a dense integer per id), uniting along every
/// reference on integer arrays and collecting components with a counting sort: linear in
/// legs + references (times the inverse Ackermann factor).
struct _Partition {
  /// One reference from a leg.
  struct Edge {
    var leg: Int32
    /// The referenced call id's number, or the interaction id's number for `.interactionID`.
    var target: Int32
    var kind: InteractionLinkKind
    var missing: Bool
  }

  let options: InteractionLinkOptions
  /// Component → its legs' indices, in KAZOO's order: `members[starts[c]..<starts[c + 1]]`.
  private(set) var starts: [Int] = [0]
  private(set) var members: [Int] = []
  /// Leg index → component.
  private(set) var componentOfLeg: [Int32] = []
  /// Component → its edges' positions in `edges`, the same way.
  private var edgeStarts: [Int] = [0]
  private var edgeOrder: [Int] = []
  private var edges: [Edge] = []
  private var selfEdges: [(leg: Int32, kind: InteractionLinkKind)] = []
  /// Component → its self references' positions in `selfEdges`.
  private var selfStarts: [Int] = [0]
  private var selfOrder: [Int] = []
  private var calls: _IDInterner
  private var sharedIDs = _IDInterner()

  var componentCount: Int { starts.count - 1 }

  init(_ legs: [CallDetailRecord], options: InteractionLinkOptions) {
    self.options = options
    calls = _IDInterner(capacity: legs.count)
    var sets = _UnionFind(capacity: legs.count * 2)
    var callNode: [Int32] = []
    callNode.reserveCapacity(legs.count)
    var sharedNode: [Int32] = []
    var legNode = [Int32](repeating: 0, count: legs.count)
    // Loops index `legs` rather than iterate it: iterating retains every record.
    for index in legs.indices {
      let (number, isNew) = calls.intern(legs[index].callID)
      if isNew { callNode.append(sets.makeSet()) }
      legNode[index] = callNode[Int(number)]
    }
    let realCallCount = calls.count
    edges.reserveCapacity(legs.count * 2)
    for index in legs.indices {
      let legIndex = Int32(truncatingIfNeeded: index)
      let shared = _LegKeys.visit(
        legs[index], options: options,
        reference: { kind, target in
          let (number, isNew) = calls.intern(target)
          if isNew { callNode.append(sets.makeSet()) }
          sets.union(legNode[index], callNode[Int(number)])
          edges.append(
            Edge(leg: legIndex, target: number, kind: kind, missing: Int(number) >= realCallCount))
        },
        selfReference: { kind in selfEdges.append((legIndex, kind)) })
      if let shared {
        let (number, isNew) = sharedIDs.intern(shared)
        if isNew { sharedNode.append(sets.makeSet()) }
        sets.union(legNode[index], sharedNode[Int(number)])
        edges.append(Edge(leg: legIndex, target: number, kind: .interactionID, missing: false))
      }
    }
    // Components, numbered in order of their first leg.
    var componentOfRoot = [Int32](repeating: -1, count: sets.count)
    componentOfLeg = [Int32](repeating: 0, count: legs.count)
    var componentCount: Int32 = 0
    for index in legs.indices {
      let root = Int(sets.find(legNode[index]))
      if componentOfRoot[root] < 0 {
        componentOfRoot[root] = componentCount
        componentCount += 1
      }
      componentOfLeg[index] = componentOfRoot[root]
    }
    let count = Int(componentCount)
    let componentOfLeg = componentOfLeg
    (starts, members) = Self.buckets(count: count, keys: componentOfLeg)
    (edgeStarts, edgeOrder) = Self.buckets(
      count: count, keys: edges.map { componentOfLeg[Int($0.leg)] })
    (selfStarts, selfOrder) = Self.buckets(
      count: count, keys: selfEdges.map { componentOfLeg[Int($0.leg)] })
    // Each component's legs in KAZOO's order; sort keys computed once per leg.
    var channelTimes = [Int64](repeating: 0, count: legs.count)
    for index in legs.indices { channelTimes[index] = legs[index].channelTimeMicroseconds }
    for component in 0..<count where starts[component + 1] - starts[component] > 1 {
      members[starts[component]..<starts[component + 1]].sort { left, right in
        if channelTimes[left] != channelTimes[right] {
          return channelTimes[left] < channelTimes[right]
        }
        return legs[left].precedesInInteraction(legs[right])
      }
    }
  }

  /// A stable counting sort of positions by key (each key in `0..<count`): the positions
  /// with key `k` are `order[starts[k]..<starts[k + 1]]`, in increasing order. Shared with
  /// the leg table's partition.
  static func buckets(count: Int, keys: [Int32]) -> (starts: [Int], order: [Int]) {
    // Over buffers: through the arrays it cost a bounds check and a uniqueness check per
    // step, a quarter of partitioning a large table.
    var starts = [Int](repeating: 0, count: count + 1)
    var order = [Int](repeating: 0, count: keys.count)
    keys.withUnsafeBufferPointer { keys in
      starts.withUnsafeMutableBufferPointer { starts in
        for key in keys { starts[Int(key) + 1] += 1 }
        for key in 0..<count { starts[key + 1] += starts[key] }
        var fill = [Int](starts)
        fill.withUnsafeMutableBufferPointer { fill in
          order.withUnsafeMutableBufferPointer { order in
            for (position, key) in keys.enumerated() {
              order[fill[Int(key)]] = position
              fill[Int(key)] += 1
            }
          }
        }
      }
    }
    return (starts, order)
  }

  /// The legs of `component`, in KAZOO's order, as indices into the grouped legs.
  func legIndices(of component: Int) -> ArraySlice<Int> {
    members[starts[component]..<starts[component + 1]]
  }

  /// The interaction of `component`.
  func interaction(_ component: Int, legs: [CallDetailRecord]) -> Interaction? {
    var ordered: [CallDetailRecord] = []
    ordered.reserveCapacity(starts[component + 1] - starts[component])
    for index in legIndices(of: component) { ordered.append(legs[index]) }
    var links: [InteractionLink] = []
    var missing: [InteractionLink] = []
    for position in edgeStarts[component]..<edgeStarts[component + 1] {
      let edge = edges[edgeOrder[position]]
      let from = legs[Int(edge.leg)].callID
      let to =
        edge.kind == .interactionID
        ? sharedIDs.ids[Int(edge.target)] : calls.ids[Int(edge.target)]
      let link = InteractionLink(from: from, to: to, kind: edge.kind)
      if edge.missing { missing.append(link) } else { links.append(link) }
    }
    var selfReferences: [InteractionLink] = []
    for position in selfStarts[component]..<selfStarts[component + 1] {
      let edge = selfEdges[selfOrder[position]]
      let callID = legs[Int(edge.leg)].callID
      selfReferences.append(InteractionLink(from: callID, to: callID, kind: edge.kind))
    }
    return Interaction(
      orderedLegs: ordered, links: links, missingReferences: missing,
      selfReferences: selfReferences)
  }
}
