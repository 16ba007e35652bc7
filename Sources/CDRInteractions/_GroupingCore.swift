import CDRModel

/// The keys a leg is joined by, in the namespaces the grouping uses.
struct _LegKeys {
  /// (kind, referenced call id) for every call-id reference other than the leg's own.
  var references: [(InteractionLinkKind, String)] = []
  /// References to the leg's own call id that are worth flagging.
  var selfReferences: [InteractionLinkKind] = []
  /// The interaction id, when linking by interaction id.
  var interactionID: String?

  init(_ leg: CallDetailRecord, options: InteractionLinkOptions) {
    if options.contains(.otherLeg), let other = leg.otherLegCallID, !other.isEmpty {
      if other == leg.callID {
        selfReferences.append(.otherLeg)
      } else {
        references.append((.otherLeg, other))
      }
    }
    // A bridge id equal to the leg's own call id is how an A-leg is marked: not a finding.
    if options.contains(.bridge), let bridge = leg.customChannelVars?.bridgeID, !bridge.isEmpty,
      bridge != leg.callID
    {
      references.append((.bridge, bridge))
    }
    if options.contains(.loopback), let partner = leg.channelLoopbackOtherLegID, !partner.isEmpty {
      if partner == leg.callID {
        selfReferences.append(.loopback)
      } else {
        references.append((.loopback, partner))
      }
    }
    if options.contains(.interactionID), let shared = leg.interactionID, !shared.isEmpty {
      interactionID = shared
    }
  }

  /// Every key in one namespace: call ids as they are, interaction ids behind a NUL prefix.
  func allKeys(callID: String) -> [String] {
    var keys = [callID]
    for (_, target) in references { keys.append(target) }
    if let interactionID { keys.append("\u{0}" + interactionID) }
    return keys
  }
}

/// Groups legs into interactions: intern every call id once (a dense integer per id), union
/// along every reference on integer arrays, collect components with a counting sort.
/// Linear in legs + references (times the inverse Ackermann factor).
enum _GroupingCore {
  /// One reference from a leg, kept as integers until its component is built.
  private struct Edge {
    var leg: Int32
    /// The referenced call id's number, or the interaction id's number for `.interactionID`.
    var target: Int32
    var kind: InteractionLinkKind
    var missing: Bool
  }

  static func interactions(
    _ legs: [CallDetailRecord], options: InteractionLinkOptions
  ) -> [Interaction] {
    var sets = _UnionFind(capacity: legs.count * 2)
    var calls = _IDInterner(capacity: legs.count)
    var callNode: [Int32] = []
    callNode.reserveCapacity(legs.count)
    var sharedIDs = _IDInterner()
    var sharedNode: [Int32] = []
    var legNode = [Int32](repeating: 0, count: legs.count)
    // Loops index `legs` rather than iterate it: iterating retains every record.
    for index in legs.indices {
      let (number, isNew) = calls.intern(legs[index].callID)
      if isNew { callNode.append(sets.makeSet()) }
      legNode[index] = callNode[Int(number)]
    }
    let realCallCount = calls.count
    var edges: [Edge] = []
    edges.reserveCapacity(legs.count * 2)
    var selfEdges: [(leg: Int32, kind: InteractionLinkKind)] = []
    for index in legs.indices {
      let keys = _LegKeys(legs[index], options: options)
      let legIndex = Int32(truncatingIfNeeded: index)
      for kind in keys.selfReferences { selfEdges.append((legIndex, kind)) }
      for (kind, target) in keys.references {
        let (number, isNew) = calls.intern(target)
        if isNew { callNode.append(sets.makeSet()) }
        sets.union(legNode[index], callNode[Int(number)])
        edges.append(
          Edge(leg: legIndex, target: number, kind: kind, missing: Int(number) >= realCallCount))
      }
      if let shared = keys.interactionID {
        let (number, isNew) = sharedIDs.intern(shared)
        if isNew { sharedNode.append(sets.makeSet()) }
        sets.union(legNode[index], sharedNode[Int(number)])
        edges.append(Edge(leg: legIndex, target: number, kind: .interactionID, missing: false))
      }
    }
    // Components, numbered in order of their first leg; legs listed per component by a
    // counting sort (offsets into one flat array).
    var componentOfRoot = [Int32](repeating: -1, count: sets.count)
    var componentOfLeg = [Int32](repeating: 0, count: legs.count)
    var componentCount: Int32 = 0
    for index in legs.indices {
      let root = Int(sets.find(legNode[index]))
      if componentOfRoot[root] < 0 {
        componentOfRoot[root] = componentCount
        componentCount += 1
      }
      componentOfLeg[index] = componentOfRoot[root]
    }
    var starts = [Int](repeating: 0, count: Int(componentCount) + 1)
    for component in componentOfLeg { starts[Int(component) + 1] += 1 }
    for component in 0..<Int(componentCount) { starts[component + 1] += starts[component] }
    var fill = starts
    var members = [Int](repeating: 0, count: legs.count)
    for index in legs.indices {
      let component = Int(componentOfLeg[index])
      members[fill[component]] = index
      fill[component] += 1
    }
    // Edges per component, in leg order, the same way.
    var edgeStarts = [Int](repeating: 0, count: Int(componentCount) + 1)
    for edge in edges { edgeStarts[Int(componentOfLeg[Int(edge.leg)]) + 1] += 1 }
    for component in 0..<Int(componentCount) {
      edgeStarts[component + 1] += edgeStarts[component]
    }
    var edgeFill = edgeStarts
    var edgeOrder = [Int32](repeating: 0, count: edges.count)
    for position in edges.indices {
      let component = Int(componentOfLeg[Int(edges[position].leg)])
      edgeOrder[edgeFill[component]] = Int32(truncatingIfNeeded: position)
      edgeFill[component] += 1
    }
    var selfReferences = [[InteractionLink]](repeating: [], count: Int(componentCount))
    for edge in selfEdges {
      let callID = legs[Int(edge.leg)].callID
      selfReferences[Int(componentOfLeg[Int(edge.leg)])].append(
        InteractionLink(from: callID, to: callID, kind: edge.kind))
    }
    // Sort keys computed once per leg, so comparisons do not touch records.
    var channelTimes = [Int64](repeating: 0, count: legs.count)
    for index in legs.indices { channelTimes[index] = legs[index].channelTimeMicroseconds }
    var result: [Interaction] = []
    result.reserveCapacity(Int(componentCount))
    var links: [InteractionLink] = []
    var missing: [InteractionLink] = []
    for component in 0..<Int(componentCount) {
      var order = members[starts[component]..<starts[component + 1]]
      if order.count > 1 {
        order.sort { left, right in
          if channelTimes[left] != channelTimes[right] {
            return channelTimes[left] < channelTimes[right]
          }
          return legs[left].precedesInInteraction(legs[right])
        }
      }
      var ordered: [CallDetailRecord] = []
      ordered.reserveCapacity(order.count)
      for index in order { ordered.append(legs[index]) }
      links.removeAll(keepingCapacity: true)
      missing.removeAll(keepingCapacity: true)
      for position in edgeStarts[component]..<edgeStarts[component + 1] {
        let edge = edges[Int(edgeOrder[position])]
        let from = legs[Int(edge.leg)].callID
        let to =
          edge.kind == .interactionID
          ? sharedIDs.ids[Int(edge.target)] : calls.ids[Int(edge.target)]
        let link = InteractionLink(from: from, to: to, kind: edge.kind)
        if edge.missing { missing.append(link) } else { links.append(link) }
      }
      if let interaction = Interaction(
        orderedLegs: ordered, links: links, missingReferences: missing,
        selfReferences: selfReferences[component])
      {
        result.append(interaction)
      }
    }
    return result
  }
}
