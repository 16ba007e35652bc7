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

/// Groups legs into interactions: intern every call id once, union along every reference,
/// collect components. Linear in legs + references (times the inverse Ackermann factor).
enum _GroupingCore {
  static func interactions(
    _ legs: [CallDetailRecord], options: InteractionLinkOptions
  ) -> [Interaction] {
    var sets = _UnionFind(capacity: legs.count * 2)
    var callNodes: [String: Int32] = [:]
    callNodes.reserveCapacity(legs.count)
    var interactionNodes: [String: Int32] = [:]
    var legNode = [Int32](repeating: 0, count: legs.count)
    // Loops index `legs` rather than iterate it: iterating copies whole records.
    for index in legs.indices {
      let callID = legs[index].callID
      if let node = callNodes[callID] {
        legNode[index] = node
      } else {
        let node = sets.makeSet()
        callNodes[callID] = node
        legNode[index] = node
      }
    }
    let realNodeCount = Int32(truncatingIfNeeded: sets.count)
    // (leg index, link, missing?) for every reference; self references separately.
    var edges: [(leg: Int32, link: InteractionLink, missing: Bool)] = []
    edges.reserveCapacity(legs.count * 2)
    var selfEdges: [(leg: Int32, link: InteractionLink)] = []
    for index in legs.indices {
      let keys = _LegKeys(legs[index], options: options)
      let callID = legs[index].callID
      let legIndex = Int32(truncatingIfNeeded: index)
      for kind in keys.selfReferences {
        selfEdges.append((legIndex, InteractionLink(from: callID, to: callID, kind: kind)))
      }
      for (kind, target) in keys.references {
        let node: Int32
        if let existing = callNodes[target] {
          node = existing
        } else {
          node = sets.makeSet()
          callNodes[target] = node
        }
        sets.union(legNode[index], node)
        edges.append(
          (
            legIndex, InteractionLink(from: callID, to: target, kind: kind),
            node >= realNodeCount
          ))
      }
      if let shared = keys.interactionID {
        let node: Int32
        if let existing = interactionNodes[shared] {
          node = existing
        } else {
          node = sets.makeSet()
          interactionNodes[shared] = node
        }
        sets.union(legNode[index], node)
        edges.append(
          (legIndex, InteractionLink(from: callID, to: shared, kind: .interactionID), false))
      }
    }
    var componentOfRoot: [Int32: Int] = [:]
    var componentOfLeg = [Int](repeating: 0, count: legs.count)
    var members: [[Int]] = []
    for index in legs.indices {
      let root = sets.find(legNode[index])
      let component: Int
      if let existing = componentOfRoot[root] {
        component = existing
      } else {
        component = members.count
        componentOfRoot[root] = component
        members.append([])
      }
      componentOfLeg[index] = component
      members[component].append(index)
    }
    var links = [[InteractionLink]](repeating: [], count: members.count)
    var missing = [[InteractionLink]](repeating: [], count: members.count)
    var selfReferences = [[InteractionLink]](repeating: [], count: members.count)
    for edge in edges {
      let component = componentOfLeg[Int(edge.leg)]
      if edge.missing {
        missing[component].append(edge.link)
      } else {
        links[component].append(edge.link)
      }
    }
    for edge in selfEdges {
      selfReferences[componentOfLeg[Int(edge.leg)]].append(edge.link)
    }
    var result: [Interaction] = []
    result.reserveCapacity(members.count)
    // Sort keys computed once per leg, so comparisons do not touch (or copy) records.
    var channelTimes = [Int64](repeating: 0, count: legs.count)
    var markers = [String](repeating: "", count: legs.count)
    for index in legs.indices {
      channelTimes[index] = legs[index].channelTimeMicroseconds
      markers[index] = legs[index].loopbackLegMarker
    }
    for component in members.indices {
      var order = members[component]
      if order.count > 1 {
        order.sort { left, right in
          if channelTimes[left] != channelTimes[right] {
            return channelTimes[left] < channelTimes[right]
          }
          if markers[left] != markers[right] {
            return markers[left].utf8.lexicographicallyPrecedes(markers[right].utf8)
          }
          return legs[left].precedesInInteraction(legs[right])
        }
      }
      var ordered: [CallDetailRecord] = []
      ordered.reserveCapacity(order.count)
      for index in order { ordered.append(legs[index]) }
      if let interaction = Interaction(
        orderedLegs: ordered, links: links[component], missingReferences: missing[component],
        selfReferences: selfReferences[component])
      {
        result.append(interaction)
      }
    }
    return result
  }
}
