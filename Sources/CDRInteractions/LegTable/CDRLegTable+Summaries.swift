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
    writeSummaryBlocks(of: table) { write(Array($0)) }
  }

  /// ``writeSummaryLines(of:_:)``, handing each block of whole lines to `write` as the raw
  /// bytes it was rendered into, valid only during that call: no copy into an array (a
  /// summary is about 1.3 KB; a call's output is often larger than its input).
  ///
  /// ```swift
  /// InteractionGrouper().writeSummaryBlocks(of: table) { block in
  ///   _ = fwrite(block.baseAddress, 1, block.count, stdout)
  /// }
  /// ```
  ///
  /// - Returns: the number of interactions written.
  @discardableResult
  public func writeSummaryBlocks(
    of table: CDRLegTable, _ write: (UnsafeRawBufferPointer) -> Void
  ) -> Int {
    precondition(table.keepsCallerAndCallee, "a table for statistics has no caller texts")
    let partition = _TablePartition(table, options: links)
    var unique = _TableSummaries(partition: partition)
    let order: [Int]
    let distinct: Bool
    if maximumConcurrency > 1 {
      // Whether the ids are distinct does not depend on the order: both at once.
      let prepared = unique
      let slots = _ResultSlots<[Int]>(count: 1)
      let check = _ResultSlots<Bool>(count: 1)
      DispatchQueue.concurrentPerform(iterations: 2) { task in
        if task == 0 {
          slots.store(prepared.interactionOrder(), at: 0)
        } else {
          check.store(prepared.idsAreDistinctASCII(), at: 0)
        }
      }
      order = slots.take(at: 0)
      distinct = check.take(at: 0)
    } else {
      order = unique.interactionOrder()
      distinct = unique.idsAreDistinctASCII()
    }
    if !distinct { unique.makeIDsUnique(order: order) }
    let summaries = unique
    // Pieces of a few hundred lines (about 1.3 KB a line), rendered by the workers into a
    // ring of buffers and written here in order (`_OrderedRendering`): at most four pieces
    // a worker are ahead of the writing, and the buffers are kept from piece to piece.
    let workers = maximumConcurrency > 1 ? Swift.min(maximumConcurrency, 1 << 10) : 0
    let linesPerPiece = workers > 0 ? 256 : 4096
    let pieces = (order.count + linesPerPiece - 1) / linesPerPiece
    _OrderedRendering.run(
      pieces: pieces, workers: workers, slotCapacity: linesPerPiece * 1536,
      render: { piece, text in
        let first = piece * linesPerPiece
        summaries.writeLines(
          order[first..<Swift.min(order.count, first + linesPerPiece)], to: &text)
      }, write: write)
    return order.count
  }
}

/// Renders a ``_TablePartition``'s components as summary lines.
struct _TableSummaries: @unchecked Sendable {
  let partition: _TablePartition
  let table: CDRLegTable
  /// Per component: its start and its id (made unique by ``makeIDsUnique(order:)``).
  private var keys: _ComponentKeys
  /// Interactions of components with an exotic leg, built from decoded records.
  private var built: [Int: Interaction] = [:]
  /// Per component whose `interaction_id` other components share: that id.
  private var splitIDs: [Int: String] = [:]

  init(partition: _TablePartition) {
    self.partition = partition
    self.table = partition.table
    let table = partition.table
    let count = partition.componentCount
    var keys = _ComponentKeys(reservingCapacity: count)
    var built: [Int: Interaction] = [:]
    // The members and the id arena as buffers for the whole loop: a slice per component
    // costs a retain and a release.
    table.ids.bytes.withUnsafeBufferPointer { idBytes in
      partition.members.withUnsafeBufferPointer { members in
        let starts = partition.starts
        for component in 0..<count {
          let legs = UnsafeBufferPointer(
            rebasing: members[starts[component]..<starts[component + 1]])
          let exotic = legs.contains { table.flags[$0] & CDRLegTable.Flags.exotic != 0 }
          if exotic, let interaction = Self.interaction(component, partition: partition) {
            built[component] = interaction
            keys.append(interaction)
          } else {
            keys.append(legs: legs, of: table, idBytes: idBytes)
          }
        }
      }
    }
    self.keys = keys
    self.built = built
  }

  /// The interaction id of `component` (made unique when ``makeIDsUnique(order:)`` ran).
  func interactionID(of component: Int) -> String { keys.id(of: component) }

  /// The components in ``Interaction/precedes(_:)`` order.
  func interactionOrder() -> [Int] {
    // The two arrays, not the partition: a closure holding the partition copied it (and
    // retained every column of its table) each time the sort asked for a first leg.
    let members = partition.members
    let starts = partition.starts
    return keys.order(table: table) { component in members[starts[component]] }
  }

  /// Whether every component's id is ASCII and no two are the same, so
  /// ``makeIDsUnique(order:)`` has nothing to change.
  func idsAreDistinctASCII() -> Bool { keys.idsAreDistinctASCII() }

  /// Gives every component in `order` a distinct id, by the rule the record path applies
  /// (`_UniqueInteractionIDs`).
  mutating func makeIDsUnique(order: [Int]) {
    let ids = order.map { keys.id(of: $0) }
    let partition = self.partition
    guard
      let changes = _UniqueInteractionIDs.resolve(
        ids,
        firstCallID: { position in
          let legs = partition.legIndices(of: order[position])
          return partition.table.callID(at: legs[legs.startIndex])
        })
    else { return }
    for (position, change) in changes {
      let component = order[position]
      splitIDs[component] = change.split
      if change.id != ids[position] { keys.setID(change.id, of: component) }
      if var interaction = built[component] {
        interaction.id = change.id
        interaction.diagnostics.splitInteractionID = change.split
        built[component] = interaction
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
    var selfReferences: [InteractionLink] = []
    // In table order, as the record path meets the links.
    for leg in partition.legIndices(of: component).sorted() {
      partition.forEachEdge(ofLeg: leg) { edge in
        let link = InteractionLink(
          from: table.callID(at: leg), to: table.idString(edge.target), kind: edge.kind)
        if edge.missing { missing.append(link) } else { links.append(link) }
      }
      partition.forEachSelfEdge(ofLeg: leg) { kind in
        let callID = table.callID(at: leg)
        selfReferences.append(InteractionLink(from: callID, to: callID, kind: kind))
      }
    }
    return Interaction(
      orderedLegs: legs, links: links, missingReferences: missing, selfReferences: selfReferences)
  }

  // MARK: - Writing

  /// A link as id numbers.
  struct Link: Equatable {
    var from: Int32
    var kind: InteractionLinkKind
    var to: Int32
  }

  /// Lists reused from one summary line to the next.
  struct Scratch: ~Copyable {
    /// Label numbers.
    var accounts = _ScratchList<Int32>()
    var owners = _ScratchList<Int32>()
    var interactionIDs = _ScratchList<Int32>()
    var callIDs = _ScratchList<Int32>()
    var sortedCallIDs = _ScratchList<Int32>()
    var seen = _ScratchList<Int32>()
    var duplicates = _ScratchList<Int32>()
    var disagreeing = _ScratchList<Int32>()
    var links = _ScratchList<Link>()
    var missing = _ScratchList<Link>()
    var selfReferences = _ScratchList<Link>()

    mutating func removeAll() {
      accounts.removeAll()
      owners.removeAll()
      interactionIDs.removeAll()
      callIDs.removeAll()
      sortedCallIDs.removeAll()
      seen.removeAll()
      duplicates.removeAll()
      disagreeing.removeAll()
      links.removeAll()
      missing.removeAll()
      selfReferences.removeAll()
    }
  }

  /// The arenas a summary line's texts are copied from, as buffers: taken once for many
  /// lines, so a line retains and releases none of the arrays behind them (from several
  /// threads at once, each such count is a cache line the cores take from each other).
  struct Arenas {
    var ids: UnsafeBufferPointer<UInt8>
    var idStarts: UnsafeBufferPointer<Int>
    var idIsPlain: UnsafeBufferPointer<Bool>
    var text: UnsafeBufferPointer<UInt8>
    var labels: UnsafeBufferPointer<UInt8>
    var labelStarts: UnsafeBufferPointer<Int>
    var labelIsPlain: UnsafeBufferPointer<Bool>
    var idText: UnsafeBufferPointer<UInt8>
    /// The partition's members and starts: a component's legs as a slice of the array
    /// would cost a retain and a release per line.
    var members: UnsafeBufferPointer<Int>
    var memberStarts: UnsafeBufferPointer<Int>
  }

  /// Appends the summary line of each component of `components`, each with a newline, to
  /// `out`.
  func writeLines(_ components: ArraySlice<Int>, to out: inout _ByteBuffer) {
    var scratch = Scratch()
    let table = self.table
    table.ids.withBuffers { ids, idStarts, idIsPlain in
      table.labels.withBuffers { labels, labelStarts, labelIsPlain in
        table.text.withUnsafeBufferPointer { text in
          keys.idText.withUnsafeBufferPointer { idText in
            partition.members.withUnsafeBufferPointer { members in
              partition.starts.withUnsafeBufferPointer { memberStarts in
                let arenas = Arenas(
                  ids: ids, idStarts: idStarts, idIsPlain: idIsPlain, text: text,
                  labels: labels, labelStarts: labelStarts, labelIsPlain: labelIsPlain,
                  idText: idText, members: members, memberStarts: memberStarts)
                for component in components {
                  if !built.isEmpty, let interaction = built[component] {
                    var builder = JSONTextBuilder()
                    interaction.writeSummaryJSON(to: &builder)
                    builder.bytes.withUnsafeBufferPointer { out.append($0) }
                    out.append(0x0A)
                  } else {
                    scratch.removeAll()
                    writeLine(component: component, arenas, to: &out, scratch: &scratch)
                  }
                }
              }
            }
          }
        }
      }
    }
  }

  private func writeLine(
    component: Int, _ arenas: Arenas, to out: inout _ByteBuffer, scratch: inout Scratch
  ) {
    let ids = arenas.ids
    let text = arenas.text
    let labels = arenas.labels
    let idText = arenas.idText
    let table = self.table
    let idStarts = arenas.idStarts
    let idIsPlain = arenas.idIsPlain
    let legs = UnsafeBufferPointer(
      rebasing: arenas.members[arenas.memberStarts[component]..<arenas.memberStarts[component + 1]])
    let first = legs[0]
    let start = keys.starts[component]
    @inline(__always) func id(_ number: Int32) -> UnsafeBufferPointer<UInt8> {
      UnsafeBufferPointer(rebasing: ids[idStarts[Int(number)]..<idStarts[Int(number) + 1]])
    }
    @inline(__always) func idPrecedes(_ left: Int32, _ right: Int32) -> Bool {
      bytesPrecede(id(left), id(right))
    }
    @inline(__always) func bytes(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> {
      UnsafeBufferPointer(rebasing: text[range])
    }
    let labelStarts = arenas.labelStarts
    let labelIsPlain = arenas.labelIsPlain
    @inline(__always) func label(_ number: Int32) -> UnsafeBufferPointer<UInt8> {
      UnsafeBufferPointer(
        rebasing: labels[labelStarts[Int(number)]..<labelStarts[Int(number) + 1]])
    }
    @inline(__always) func raw(_ literal: StaticString) { out.append(literal) }
    @inline(__always) func string(_ value: UnsafeBufferPointer<UInt8>, plain: Bool) {
      out.appendString(value, plain: plain)
    }
    @inline(__always) func idString(_ number: Int32) {
      string(id(number), plain: idIsPlain[Int(number)])
    }
    @inline(__always) func integer(_ value: Int64) { out.appendInteger(value) }
    var end = table.ends[first]
    var billing = 0
    var answered = false
    var transfers = 0
    for leg in legs {
      end = max(end, table.ends[leg])
      let billed = table.billing[leg]
      billing = max(billing, billed)
      if billed > 0 { answered = true }
      transfers += table.transfers[leg]
      // Labels are interned by their bytes: equal bytes, equal numbers.
      let account = table.accounts[leg]
      if account >= 0, !scratch.accounts.contains(account) { scratch.accounts.append(account) }
      let owner = table.owners[leg]
      if owner >= 0, !scratch.owners.contains(owner) { scratch.owners.append(owner) }
      let shared = table.interactionIDs[leg]
      if shared >= 0, !scratch.interactionIDs.contains(shared) {
        scratch.interactionIDs.append(shared)
      }
      let callID = table.callIDs[leg]
      scratch.callIDs.append(callID)
      if scratch.seen.contains(callID) {
        scratch.duplicates.append(callID)
      } else {
        scratch.seen.append(callID)
      }
    }
    end = max(end, start)
    let (duration, overflow) = end.subtractingReportingOverflow(start)
    if scratch.interactionIDs.count > 1 {
      let firstShared = table.interactionIDs[first]
      for leg in legs where table.interactionIDs[leg] != firstShared {
        scratch.disagreeing.append(table.callIDs[leg])
      }
    }
    // Links are written sorted, so the legs' order does not matter here.
    for leg in legs {
      let own = table.callIDs[leg]
      partition.forEachEdge(ofLeg: leg) { edge in
        let link = Link(from: own, kind: edge.kind, to: edge.target)
        if edge.missing { scratch.missing.append(link) } else { scratch.links.append(link) }
      }
      partition.forEachSelfEdge(ofLeg: leg) { kind in
        scratch.selfReferences.append(Link(from: own, kind: kind, to: own))
      }
    }
    func idArray(sortedUnique values: inout _ScratchList<Int32>) {
      if values.count > 1 { values.sort(by: idPrecedes) }
      out.append(UInt8(ascii: "["))
      var last: Int32 = -1
      for value in values.elements where value != last {
        if last >= 0 { out.append(UInt8(ascii: ",")) }
        idString(value)
        last = value
      }
      out.append(UInt8(ascii: "]"))
    }
    func linkArray(sortedUnique values: inout _ScratchList<Link>) {
      if values.count > 1 {
        values.sort { left, right in
          if left.from != right.from { return idPrecedes(left.from, right.from) }
          if left.kind != right.kind { return left.kind < right.kind }
          return idPrecedes(left.to, right.to)
        }
      }
      out.append(UInt8(ascii: "["))
      var last: Link?
      for link in values.elements where link != last {
        if last != nil { out.append(UInt8(ascii: ",")) }
        raw("{\"from\":")
        idString(link.from)
        switch link.kind {
        case .otherLeg: raw(",\"kind\":\"other_leg_call_id\",\"to\":")
        case .bridge: raw(",\"kind\":\"bridge_id\",\"to\":")
        case .loopback: raw(",\"kind\":\"channel_loopback_other_leg_id\",\"to\":")
        case .interactionID: raw(",\"kind\":\"interaction_id\",\"to\":")
        }
        idString(link.to)
        out.append(UInt8(ascii: "}"))
        last = link
      }
      out.append(UInt8(ascii: "]"))
    }
    func labelArray(_ numbers: inout _ScratchList<Int32>) {
      if numbers.count > 1 {
        numbers.sort { bytesPrecede(label($0), label($1)) }
      }
      out.append(UInt8(ascii: "["))
      for (position, number) in numbers.elements.enumerated() {
        if position > 0 { out.append(UInt8(ascii: ",")) }
        string(label(number), plain: labelIsPlain[Int(number)])
      }
      out.append(UInt8(ascii: "]"))
    }
    func labelField(_ which: CDRLegTable.Label) {
      let number = table.label(first, which)
      if number >= 0 {
        string(label(number), plain: labelIsPlain[Int(number)])
      } else {
        raw("null")
      }
    }
    func field(_ which: CDRLegTable.Text) {
      if let range = table.textRange(first, which) {
        string(bytes(range), plain: !table.textEscapes(first, which))
      } else {
        raw("null")
      }
    }
    raw("{\"account_id\":")
    labelField(.account)
    raw(",\"account_ids\":")
    labelArray(&scratch.accounts)
    raw(
      answered
        ? ",\"answered\":true,\"billing_seconds\":" : ",\"answered\":false,\"billing_seconds\":")
    integer(Int64(billing))
    raw(",\"call_ids\":")
    scratch.sortedCallIDs.append(contentsOf: scratch.callIDs)
    idArray(sortedUnique: &scratch.sortedCallIDs)
    raw(",\"callee_id_name\":")
    field(.calleeIDName)
    raw(",\"callee_id_number\":")
    field(.calleeIDNumber)
    raw(",\"caller_id_name\":")
    field(.callerIDName)
    raw(",\"caller_id_number\":")
    field(.callerIDNumber)
    raw(",\"diagnostics\":{\"duplicate_call_ids\":")
    idArray(sortedUnique: &scratch.duplicates)
    raw(",\"interaction_id_disagreements\":")
    idArray(sortedUnique: &scratch.disagreeing)
    raw(",\"links\":")
    linkArray(sortedUnique: &scratch.links)
    raw(",\"missing_references\":")
    linkArray(sortedUnique: &scratch.missing)
    raw(",\"self_references\":")
    linkArray(sortedUnique: &scratch.selfReferences)
    raw(",\"split_interaction_id\":")
    if !splitIDs.isEmpty, var split = splitIDs[component] {
      split.withUTF8 { string($0, plain: _ByteInterner.isPlain(UnsafeRawBufferPointer($0))) }
    } else {
      raw("null")
    }
    raw("},\"direction\":")
    labelField(.direction)
    raw(",\"duration_seconds\":")
    integer(overflow ? .max : duration)
    raw(",\"end\":")
    integer(end)
    raw(",\"first_call_id\":")
    idString(table.callIDs[first])
    raw(",\"id\":")
    let idBytes = UnsafeBufferPointer(rebasing: idText[keys.idRanges[component]])
    string(idBytes, plain: _ByteInterner.isPlain(UnsafeRawBufferPointer(idBytes)))
    raw(",\"leg_count\":")
    integer(Int64(legs.count))
    raw(",\"legs\":[")
    for (position, callID) in scratch.callIDs.elements.enumerated() {
      if position > 0 { out.append(UInt8(ascii: ",")) }
      idString(callID)
    }
    raw("],\"owner_ids\":")
    labelArray(&scratch.owners)
    raw(",\"ringing_seconds\":")
    integer(Int64(table.ringing[first]))
    raw(",\"start\":")
    integer(start)
    raw(",\"transfers\":")
    integer(Int64(transfers))
    raw("}\n")
  }
}
