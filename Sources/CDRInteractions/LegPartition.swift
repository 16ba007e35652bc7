import CDRModel

/// Which legs belong to the same call: the components of the link graph as lists of leg
/// indices, without building ``Interaction`` values.
///
/// The cheapest grouping there is: call ids are interned into integers and united on integer
/// arrays, and no per-call strings, arrays or summaries are made. Use it to aggregate legs
/// your own way; use ``InteractionGrouper/group(_:)`` for KAZOO's interaction summaries.
///
/// Components are numbered in the order of their first leg in the input; each lists its legs
/// in KAZOO's leg order (the order of ``Interaction/legs``).
///
/// ```swift
/// let partition = InteractionGrouper().partition(legs)
/// for component in partition {
///   let callIDs = component.map { legs[$0].callID }   // one call's legs, in order
/// }
/// partition.component(ofLeg: 0)   // the component holding legs[0]
/// ```
public struct LegPartition: Sendable, Hashable, RandomAccessCollection {
  /// The number of legs partitioned.
  public let legCount: Int
  /// Component → range in `members`.
  private let starts: [Int]
  /// Leg indices, component after component.
  private let members: [Int]
  /// Leg index → component.
  private let componentOfLeg: [Int32]

  init(legCount: Int, starts: [Int], members: [Int], componentOfLeg: [Int32]) {
    self.legCount = legCount
    self.starts = starts
    self.members = members
    self.componentOfLeg = componentOfLeg
  }

  init(_ partition: _Partition, legCount: Int) {
    self.legCount = legCount
    self.starts = partition.starts
    self.members = partition.members
    self.componentOfLeg = partition.componentOfLeg
  }

  /// The first component's position (always 0).
  public var startIndex: Int { 0 }
  /// One past the last component: the number of components (calls).
  public var endIndex: Int { starts.count - 1 }

  /// The indices of the legs of `component`, in KAZOO's leg order.
  public subscript(component: Int) -> ArraySlice<Int> {
    members[starts[component]..<starts[component + 1]]
  }

  /// The component holding the leg at `legIndex` (an index into the partitioned legs).
  public func component(ofLeg legIndex: Int) -> Int {
    Int(componentOfLeg[legIndex])
  }
}

extension InteractionGrouper {
  /// Partitions `legs` into calls with this grouper's links, without building interactions:
  /// the same components as ``group(_:)``, as leg indices. See ``LegPartition``.
  public func partition(_ legs: [CallDetailRecord]) -> LegPartition {
    LegPartition(_Partition(legs, options: links), legCount: legs.count)
  }
}
