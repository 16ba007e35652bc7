import CDRModel
import CDRTime
import Dispatch

extension InteractionGrouper {
  /// Writes one summary line per interaction of `table` — the bytes of
  /// ``Interaction/writeSummaryJSON(to:)`` and a newline, in ``Interaction/precedes(_:)``
  /// order: what `cdr interactions` prints, without building an ``Interaction`` per call.
  ///
  /// Lines are rendered on up to ``maximumConcurrency`` cores, a round at a time, and
  /// handed to `write` in order in blocks of whole lines.
  ///
  /// - Returns: the number of interactions written.
  @discardableResult
  public func writeSummaryLines(of table: CDRLegTable, _ write: ([UInt8]) -> Void) -> Int {
    let partition = _TablePartition(table, options: links)
    let summaries = _TableSummaries(partition: partition)
    let order = summaries.interactionOrder()
    let round = 1 << 13
    var roundStart = 0
    while roundStart < order.count {
      let roundEnd = min(order.count, roundStart + round)
      let pieces = _OrderedParallelWork.map(
        count: roundEnd - roundStart, concurrency: maximumConcurrency, minimumRange: 1024
      ) { [roundStart] range in
        var text: [UInt8] = []
        var builder = JSONTextBuilder(reservingCapacity: 4096)
        for position in range {
          builder.removeAll()
          summaries.write(component: order[roundStart + position], to: &builder)
          text.append(contentsOf: builder.bytes)
          text.append(0x0A)
        }
        return text
      }
      for piece in pieces { write(piece) }
      roundStart = roundEnd
    }
    return order.count
  }
}

/// Renders a ``_TablePartition``'s components as summary lines.
struct _TableSummaries: @unchecked Sendable {
  let partition: _TablePartition
  var table: CDRLegTable { partition.table }
  /// Per component: its start (gregorian seconds) and its id's bytes in `idText`.
  private var startOf: [Int64] = []
  private var idRanges: [Range<Int>] = []
  private var idText: [UInt8] = []
  /// Interactions of components with an exotic leg, built from decoded records.
  private var built: [Int: Interaction] = [:]

  init(partition: _TablePartition) {
    self.partition = partition
    let table = partition.table
    let count = partition.componentCount
    startOf.reserveCapacity(count)
    idRanges.reserveCapacity(count)
    for component in 0..<count {
      let legs = partition.legIndices(of: component)
      let exotic = legs.contains { table.flags[$0] & CDRLegTable.Flags.exotic != 0 }
      if exotic, let interaction = Self.interaction(component, partition: partition) {
        built[component] = interaction
        startOf.append(interaction.start.rawValue)
        let start = idText.count
        idText.append(contentsOf: interaction.id.utf8)
        idRanges.append(start..<idText.count)
        continue
      }
      let first = legs[legs.startIndex]
      let start = GregorianSeconds(unixMicroseconds: table.channelTimes[first]).rawValue
      startOf.append(start)
      let idStart = idText.count
      if let shared = Self.sharedInteractionID(legs, table: table) {
        idText.append(contentsOf: table.ids.bytes[table.ids.range(shared)])
      } else {
        idText.append(contentsOf: String(start).utf8)
        idText.append(UInt8(ascii: "-"))
        idText.append(contentsOf: table.ids.bytes[table.ids.range(table.callIDs[first])])
      }
      idRanges.append(idStart..<idText.count)
    }
  }

  /// The interaction id the legs share when exactly one distinct one is present.
  private static func sharedInteractionID(_ legs: ArraySlice<Int>, table: CDRLegTable) -> Int32? {
    var shared: Int32 = -1
    for leg in legs {
      let id = table.interactionIDs[leg]
      if id < 0 { continue }
      if shared < 0 {
        shared = id
      } else if shared != id {
        return nil
      }
    }
    return shared < 0 ? nil : shared
  }

  /// The components in ``Interaction/precedes(_:)`` order.
  func interactionOrder() -> [Int] {
    let order = _TableLegOrder(table: table)
    return idText.withUnsafeBufferPointer { text in
      (0..<partition.componentCount).sorted { left, right in
        if startOf[left] != startOf[right] { return startOf[left] < startOf[right] }
        let leftID = UnsafeBufferPointer(rebasing: text[idRanges[left]])
        let rightID = UnsafeBufferPointer(rebasing: text[idRanges[right]])
        if !leftID.elementsEqual(rightID) {
          let exotic = built[left] != nil || built[right] != nil
          if !exotic
            || String(decoding: leftID, as: UTF8.self) != String(decoding: rightID, as: UTF8.self)
          {
            return leftID.lexicographicallyPrecedes(rightID)
          }
        }
        let leftLegs = partition.legIndices(of: left)
        let rightLegs = partition.legIndices(of: right)
        return order.precedes(leftLegs[leftLegs.startIndex], rightLegs[rightLegs.startIndex])
      }
    }
  }

  /// The interaction of `component` from its legs decoded in full; `nil` when one can no
  /// longer be decoded.
  private static func interaction(_ component: Int, partition: _TablePartition) -> Interaction? {
    let table = partition.table
    var legs: [CallDetailRecord] = []
    for leg in partition.legIndices(of: component) {
      guard let record = table.record(at: leg) else { return nil }
      legs.append(record)
    }
    var links: [InteractionLink] = []
    var missing: [InteractionLink] = []
    for edge in partition.edges(of: component) {
      let link = InteractionLink(
        from: table.callID(at: Int(edge.leg)), to: table.idString(edge.target), kind: edge.kind)
      if edge.missing { missing.append(link) } else { links.append(link) }
    }
    var selfReferences: [InteractionLink] = []
    for edge in partition.selfEdges(of: component) {
      let callID = table.callID(at: Int(edge.leg))
      selfReferences.append(InteractionLink(from: callID, to: callID, kind: edge.kind))
    }
    return Interaction(
      orderedLegs: legs, links: links, missingReferences: missing, selfReferences: selfReferences)
  }

  // MARK: - Writing

  /// A link as id numbers.
  private struct Link: Equatable {
    var from: Int32
    var kind: InteractionLinkKind
    var to: Int32
  }

  func write(component: Int, to builder: inout JSONTextBuilder) {
    if let interaction = built[component] {
      interaction.writeSummaryJSON(to: &builder)
      return
    }
    let table = self.table
    let legs = partition.legIndices(of: component)
    let first = legs[legs.startIndex]
    let start = startOf[component]
    var end = table.ends[first]
    var billing = 0
    var answered = false
    var transfers = 0
    var accounts: [Range<Int>] = []
    var owners: [Range<Int>] = []
    var interactionIDs: [Int32] = []
    var seen: [Int32] = []
    var duplicates: [Int32] = []
    for leg in legs {
      end = max(end, table.ends[leg])
      let billed = table.billing[leg]
      billing = max(billing, billed)
      if billed > 0 { answered = true }
      transfers += table.transfers[leg]
      if let account = table.textRange(leg, .accountID) { insert(account, into: &accounts) }
      if let owner = table.textRange(leg, .ownerID) { insert(owner, into: &owners) }
      let shared = table.interactionIDs[leg]
      if shared >= 0, !interactionIDs.contains(shared) { interactionIDs.append(shared) }
      let callID = table.callIDs[leg]
      if seen.contains(callID) { duplicates.append(callID) } else { seen.append(callID) }
    }
    end = max(end, start)
    let (duration, overflow) = end.subtractingReportingOverflow(start)
    var disagreeing: [Int32] = []
    if interactionIDs.count > 1 {
      let firstShared = table.interactionIDs[first]
      for leg in legs where table.interactionIDs[leg] != firstShared {
        disagreeing.append(table.callIDs[leg])
      }
    }
    var links: [Link] = []
    var missing: [Link] = []
    for edge in partition.edges(of: component) {
      let link = Link(from: table.callIDs[Int(edge.leg)], kind: edge.kind, to: edge.target)
      if edge.missing { missing.append(link) } else { links.append(link) }
    }
    var selfReferences: [Link] = []
    for edge in partition.selfEdges(of: component) {
      let own = table.callIDs[Int(edge.leg)]
      selfReferences.append(Link(from: own, kind: edge.kind, to: own))
    }

    table.ids.bytes.withUnsafeBufferPointer { ids in
      table.text.withUnsafeBufferPointer { text in
        func id(_ number: Int32) -> UnsafeBufferPointer<UInt8> {
          UnsafeBufferPointer(rebasing: ids[table.ids.range(number)])
        }
        func idPrecedes(_ left: Int32, _ right: Int32) -> Bool {
          id(left).lexicographicallyPrecedes(id(right))
        }
        func sortedUniqueIDs(_ values: [Int32]) -> [Int32] {
          guard values.count > 1 else { return values }
          var result: [Int32] = []
          for value in values.sorted(by: idPrecedes) where result.last != value {
            result.append(value)
          }
          return result
        }
        func sortedUniqueLinks(_ values: [Link]) -> [Link] {
          guard values.count > 1 else { return values }
          let sorted = values.sorted { left, right in
            if left.from != right.from { return idPrecedes(left.from, right.from) }
            if left.kind != right.kind { return left.kind < right.kind }
            return idPrecedes(left.to, right.to)
          }
          var result: [Link] = []
          for value in sorted where result.last != value { result.append(value) }
          return result
        }
        func texts(_ ranges: [Range<Int>]) {
          builder.beginArray()
          for range in ranges.sorted(by: {
            UnsafeBufferPointer(rebasing: text[$0]).lexicographicallyPrecedes(
              UnsafeBufferPointer(rebasing: text[$1]))
          }) {
            builder.string(utf8: UnsafeBufferPointer(rebasing: text[range]))
          }
          builder.endArray()
        }
        func field(_ name: String, _ which: CDRLegTable.Text) {
          builder.key(name)
          if let range = table.textRange(first, which) {
            builder.string(utf8: UnsafeBufferPointer(rebasing: text[range]))
          } else {
            builder.null()
          }
        }
        func idArray(_ numbers: [Int32]) {
          builder.beginArray()
          for number in numbers { builder.string(utf8: id(number)) }
          builder.endArray()
        }
        func write(_ links: [Link]) {
          builder.beginArray()
          for link in sortedUniqueLinks(links) {
            builder.beginObject()
            builder.key("from")
            builder.string(utf8: id(link.from))
            builder.key("kind")
            builder.string(link.kind.rawValue)
            builder.key("to")
            builder.string(utf8: id(link.to))
            builder.endObject()
          }
          builder.endArray()
        }
        builder.beginObject()
        field("account_id", .accountID)
        builder.key("account_ids")
        texts(accounts)
        builder.key("answered")
        builder.bool(answered)
        builder.key("billing_seconds")
        builder.integer(billing)
        builder.key("call_ids")
        idArray(sortedUniqueIDs(legs.map { table.callIDs[$0] }))
        field("callee_id_name", .calleeIDName)
        field("callee_id_number", .calleeIDNumber)
        field("caller_id_name", .callerIDName)
        field("caller_id_number", .callerIDNumber)
        builder.key("diagnostics")
        builder.beginObject()
        builder.key("duplicate_call_ids")
        idArray(sortedUniqueIDs(duplicates))
        builder.key("interaction_id_disagreements")
        idArray(sortedUniqueIDs(disagreeing))
        builder.key("links")
        write(links)
        builder.key("missing_references")
        write(missing)
        builder.key("self_references")
        write(selfReferences)
        builder.endObject()
        field("direction", .direction)
        builder.key("duration_seconds")
        builder.integer(overflow ? .max : duration)
        builder.key("end")
        builder.integer(end)
        builder.key("first_call_id")
        builder.string(utf8: id(table.callIDs[first]))
        builder.key("id")
        idText.withUnsafeBufferPointer { idText in
          builder.string(utf8: UnsafeBufferPointer(rebasing: idText[idRanges[component]]))
        }
        builder.key("leg_count")
        builder.integer(legs.count)
        builder.key("legs")
        builder.beginArray()
        for leg in legs { builder.string(utf8: id(table.callIDs[leg])) }
        builder.endArray()
        builder.key("owner_ids")
        texts(owners)
        builder.key("ringing_seconds")
        builder.integer(table.ringing[first])
        builder.key("start")
        builder.integer(start)
        builder.key("transfers")
        builder.integer(transfers)
        builder.endObject()
      }
    }
  }

  /// Adds `range` to `ranges` unless a text with the same bytes is there.
  private func insert(_ range: Range<Int>, into ranges: inout [Range<Int>]) {
    let text = table.text
    for existing in ranges
    where existing.count == range.count && text[existing].elementsEqual(text[range]) {
      return
    }
    ranges.append(range)
  }
}
