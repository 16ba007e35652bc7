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
    var references: [(InteractionLinkKind, String)] = []
    var selfReferences: [InteractionLinkKind] = []
    interactionID = Self.visit(
      leg, options: options, reference: { references.append(($0, $1)) },
      selfReference: { selfReferences.append($0) })
    self.references = references
    self.selfReferences = selfReferences
  }

  /// Calls `reference` for every call-id reference of `leg` other than its own call id and
  /// `selfReference` for references to itself (other leg, bridge, loopback, in that order),
  /// without allocating; returns the interaction id when linking by it.
  static func visit(
    _ leg: CallDetailRecord, options: InteractionLinkOptions,
    reference: (InteractionLinkKind, String) -> Void,
    selfReference: (InteractionLinkKind) -> Void
  ) -> String? {
    let callID = leg.callID
    if options.contains(.otherLeg), let other = leg.otherLegCallID, !other.isEmpty {
      if other == callID { selfReference(.otherLeg) } else { reference(.otherLeg, other) }
    }
    // A bridge id equal to the leg's own call id is how an A-leg is marked: not a finding.
    if options.contains(.bridge), let bridge = leg.customChannelVars?.bridgeID, !bridge.isEmpty,
      bridge != callID
    {
      reference(.bridge, bridge)
    }
    if options.contains(.loopback), let partner = leg.channelLoopbackOtherLegID, !partner.isEmpty {
      if partner == callID { selfReference(.loopback) } else { reference(.loopback, partner) }
    }
    if options.contains(.interactionID), let shared = leg.interactionID, !shared.isEmpty {
      return shared
    }
    return nil
  }

  /// Every key in one namespace: call ids as they are, interaction ids behind a NUL prefix.
  func allKeys(callID: String) -> [String] {
    var keys = [callID]
    for (_, target) in references { keys.append(target) }
    if let interactionID { keys.append(Self.interactionKey(interactionID)) }
    return keys
  }

  /// The key of an interaction id in the namespace of ``allKeys(callID:)``.
  static func interactionKey(_ interactionID: String) -> String { "\u{0}" + interactionID }

  /// The first non-nil `lookup` of `leg`'s keys, tried in the order of
  /// ``allKeys(callID:)`` without building that list.
  static func firstMatch<Value>(
    of leg: CallDetailRecord, options: InteractionLinkOptions, _ lookup: (String) -> Value?
  ) -> Value? {
    if let value = lookup(leg.callID) { return value }
    var found: Value?
    let shared = visit(
      leg, options: options,
      reference: { _, target in
        if found == nil { found = lookup(target) }
      },
      selfReference: { _ in })
    if found == nil, let shared { found = lookup(interactionKey(shared)) }
    return found
  }
}

/// Groups legs into interactions: a ``_Partition``, then an ``Interaction`` per component.
enum _GroupingCore {
  /// Components per piece below which building interactions in parallel does not pay.
  static let minimumComponentsPerPiece = 2048

  /// The interactions of `legs`, one per component in component order. Interactions are
  /// built on up to `concurrency` cores (each from its own legs, so the result does not
  /// depend on it).
  static func interactions(
    _ legs: [CallDetailRecord], options: InteractionLinkOptions,
    concurrency: Int = CDRReader.defaultConcurrency
  ) -> [Interaction] {
    let partition = _Partition(legs, options: options)
    let pieces = _OrderedParallelWork.map(
      count: partition.componentCount, concurrency: concurrency,
      minimumRange: minimumComponentsPerPiece
    ) { components in
      var built: [Interaction] = []
      built.reserveCapacity(components.count)
      for component in components {
        if let interaction = partition.interaction(component, legs: legs) {
          built.append(interaction)
        }
      }
      return built
    }
    guard pieces.count > 1 else { return pieces.first ?? [] }
    var result: [Interaction] = []
    result.reserveCapacity(partition.componentCount)
    for piece in pieces { result.append(contentsOf: piece) }
    return result
  }
}
