import CDRModel
import CDRTime
import Dispatch

/// What a ``_StreamingSummaryRun`` reports while it reads, in input order.
package enum _StreamingSummaryEvent {
  /// Summary lines of sealed calls (whole lines, each ending in a newline).
  case lines([UInt8])
  /// A record the reader rejected.
  case rejection(CDRRejection)
  /// A leg whose call was already sealed and written: its call id and that call's id.
  case lateLeg(callID: String, joining: String)
  /// The number of records read so far (after each window).
  case progress(records: Int)
}

/// `cdr interactions --stream` on leg-table rows: the summary lines
/// ``StreamingInteractionGrouper`` would give (every ``Interaction`` it emits, through
/// ``Interaction/writeSummaryJSON(to:)``, in the order it emits them), without a record or an
/// interaction per leg.
///
/// NDJSON is projected into ``CDRLegTable`` pieces a window at a time (on every core, as
/// ``CDRLegTable/read(contentsOfFile:options:windowBytes:maximumConcurrency:rejected:)`` does).
/// Each row goes through the same ``_StreamingSealer`` as the record grouper, holding only
/// its piece, its row number and its times; a piece stays alive while one of its rows is
/// held. A sealing
/// pass gathers the sealed rows into a small table and writes its summary lines as the batch
/// writer does, except that ids are not made unique (the streaming grouper never did). So
/// memory holds the rows of open calls, the pieces they sit in and the keys of recently
/// sealed calls, never the input.
package struct _StreamingSummaryRun {
  /// Which keys join legs.
  package var links: InteractionLinkOptions { sealer.links }
  /// Interactions written so far.
  package private(set) var interactions = 0
  /// Legs in the interactions written so far.
  package private(set) var legs = 0
  /// Late legs reported so far.
  package var lateLegs: Int { sealer.lateLegs }
  /// The most legs held at once so far.
  package var peakPendingLegs: Int { sealer.peakPendingLegs }
  private var sealer: _StreamingSealer<_StreamedRow>
  /// Whether `handle` asked for nothing more.
  private var stopped = false

  /// A run with the grouping options of ``StreamingInteractionGrouper/init(links:window:lateRetention:)``.
  package init(links: InteractionLinkOptions = .default, window: Int64, lateRetention: Int64? = nil)
  {
    sealer = _StreamingSealer(links: links, window: window, lateRetention: lateRetention)
  }

  /// Reads an NDJSON file (or any input `CDRReader` reads; inputs that are not NDJSON are
  /// read sequentially), reporting to `handle` in input order. Once `handle` returns
  /// `false` the rest of the input is read (to count it) but nothing more is reported.
  ///
  /// - Throws: `CDRReaderError.cannotOpen` when the file cannot be opened.
  package mutating func read(
    contentsOfFile path: String, options: CDRReader.Options = CDRReader.Options(),
    windowBytes: Int = 1 << 20, maximumConcurrency: Int = CDRReader.defaultConcurrency,
    _ handle: (_StreamingSummaryEvent) -> Bool
  ) throws(CDRReaderError) -> CDRReadStatistics {
    let file = try _WindowFile(path: path)
    return try read(
      from: file, sourceName: path, source: .file(_SourceFile(path: path), options),
      options: options,
      windowBytes: windowBytes, concurrency: maximumConcurrency,
      sequential: { () throws(CDRReaderError) in
        try CDRReader(contentsOfFile: path, options: options)
      }, handle)
  }

  /// Reads NDJSON bytes as ``read(contentsOfFile:options:windowBytes:maximumConcurrency:_:)``
  /// reads a file.
  package mutating func read(
    bytes: [UInt8], sourceName: String = "<memory>",
    options: CDRReader.Options = CDRReader.Options(), windowBytes: Int = 1 << 20,
    maximumConcurrency: Int = CDRReader.defaultConcurrency,
    _ handle: (_StreamingSummaryEvent) -> Bool
  ) -> CDRReadStatistics {
    do {
      return try read(
        from: _WindowMemory(bytes), sourceName: sourceName, source: .bytes(bytes, options),
        options: options, windowBytes: windowBytes, concurrency: maximumConcurrency,
        sequential: { () throws(CDRReaderError) in
          CDRReader(bytes: bytes, sourceName: sourceName, options: options)
        }, handle)
    } catch {
      // Memory cannot fail to open.
      return CDRReadStatistics()
    }
  }

  /// Writes the calls still held (the end of the stream), as
  /// ``StreamingInteractionGrouper/finish()`` emits them.
  package mutating func finish(_ handle: (_StreamingSummaryEvent) -> Bool) {
    let remaining = sealer.finish()
    guard !remaining.isEmpty else { return }
    var stop = stopped
    let written = Self.write(remaining, links: links) { lines in
      if !stop, !handle(.lines(lines)) { stop = true }
    }
    stopped = stop
    interactions += written.interactions
    legs += remaining.count
  }

  private mutating func read(
    from window: some _WindowSource, sourceName: String, source: _LegSource,
    options: CDRReader.Options, windowBytes: Int, concurrency: Int,
    sequential: () throws(CDRReaderError) -> CDRReader,
    _ handle: (_StreamingSummaryEvent) -> Bool
  ) throws(CDRReaderError) -> CDRReadStatistics {
    var records = 0
    let (statistics, _) = try CDRReader.readWindows(
      from: window, sourceName: sourceName, options: options, windowBytes: windowBytes,
      concurrency: concurrency, sequential: sequential,
      merger: { _StreamingTableMerger(sourceName: sourceName, source: source, line: $0) },
      drain: { merger in
        let items = merger.items
        merger.items.removeAll()
        for item in items {
          switch item {
          case .piece(let table, let firstIndex, let rejections):
            records += table.count + rejections.count
            feed(table, firstIndex: firstIndex, rejections: rejections, handle)
          case .rejection(let rejection):
            records += 1
            report(.rejection(rejection), handle)
          }
        }
        report(.progress(records: records), handle)
      },
      { event in
        // Inputs that are not NDJSON: one row per record.
        records += 1
        switch event {
        case .record(let record, _):
          feed(CDRLegTable([record]), firstIndex: 0, rejections: [], handle)
        case .rejection(let rejection): report(.rejection(rejection), handle)
        }
        report(.progress(records: records), handle)
      })
    return statistics
  }

  private mutating func report(
    _ event: _StreamingSummaryEvent, _ handle: (_StreamingSummaryEvent) -> Bool
  ) {
    guard !stopped else { return }
    if !handle(event) { stopped = true }
  }

  /// Feeds the rows of `table` (records `firstIndex`...) and its rejections in record order.
  private mutating func feed(
    _ table: CDRLegTable, firstIndex: Int, rejections: [CDRRejection],
    _ handle: (_StreamingSummaryEvent) -> Bool
  ) {
    guard !stopped else { return }
    let piece = _HeldPiece(table)
    let links = sealer.links
    var nextRejection = 0
    var index = firstIndex
    for row in 0..<table.count {
      while nextRejection < rejections.count,
        rejections[nextRejection].location.index <= index
      {
        index = rejections[nextRejection].location.index + 1
        report(.rejection(rejections[nextRejection]), handle)
        nextRejection += 1
      }
      index += 1
      guard !stopped else { return }
      let leg = _StreamedRow(piece, row: row)
      var written = (interactions: 0, legs: 0)
      var stop = false
      let late = sealer.add(leg) { sealed in
        let result = Self.write(sealed, links: links) { lines in
          if !stop, !handle(.lines(lines)) { stop = true }
        }
        written = (result.interactions, sealed.count)
        return result.sealed
      }
      if stop { stopped = true }
      interactions += written.interactions
      legs += written.legs
      if let late { report(.lateLeg(callID: leg.streamingCallID, joining: late), handle) }
    }
    while nextRejection < rejections.count {
      report(.rejection(rejections[nextRejection]), handle)
      nextRejection += 1
    }
  }

  /// Writes the summary lines of the calls of `legs` (whole calls, in arrival order) in
  /// ``Interaction/precedes(_:)`` order, to `emit` in blocks of whole lines; returns each
  /// call's id and keys in component order, and the number of calls.
  private static func write(
    _ legs: [_StreamedRow], links: InteractionLinkOptions, _ emit: ([UInt8]) -> Void
  ) -> (sealed: [_StreamingSealer<_StreamedRow>.Sealed], interactions: Int) {
    let table = CDRLegTable.gathering(legs)
    let partition = _TablePartition(table, options: links)
    let summaries = _TableSummaries(partition: partition)
    var lines = _ByteBuffer(capacity: blockBytes + (blockBytes >> 2))
    let order = summaries.interactionOrder()
    // A few lines at a time, so a block stays near its size.
    for start in stride(from: 0, to: order.count, by: 16) {
      summaries.writeLines(order[start..<min(order.count, start + 16)], to: &lines)
      if lines.count >= blockBytes {
        lines.withBytes { emit(Array($0)) }
        lines.removeAll()
      }
    }
    if lines.count > 0 { lines.withBytes { emit(Array($0)) } }
    let sealed = (0..<partition.componentCount).map { component in
      var keys: [String] = []
      for leg in partition.legIndices(of: component) {
        keys.append(contentsOf: legs[leg].streamingKeys(options: links))
      }
      return (id: summaries.interactionID(of: component), keys: keys)
    }
    return (sealed, partition.componentCount)
  }

  /// The size of the blocks of lines handed out: standard output writes blocks this large
  /// as they are.
  private static let blockBytes = 64 << 10
}

/// A table piece rows are held in; freed once none of its rows is held.
final class _HeldPiece: Sendable {
  let table: CDRLegTable

  init(_ table: CDRLegTable) { self.table = table }
}

/// A held row: its piece and row, and the times the sealer needs; its ids are read from
/// the piece, as the strings a record would give.
struct _StreamedRow: _StreamingLeg {
  let piece: _HeldPiece
  let row: Int32
  let streamingStart: Int64
  let streamingEnd: Int64

  init(_ piece: _HeldPiece, row: Int) {
    self.piece = piece
    self.row = Int32(truncatingIfNeeded: row)
    streamingStart = GregorianSeconds(unixMicroseconds: piece.table.channelTimes[row]).rawValue
    streamingEnd = piece.table.ends[row]
  }

  var streamingCallID: String { piece.table.idString(piece.table.callIDs[Int(row)]) }

  func visitLinks(options: InteractionLinkOptions, _ reference: (String) -> Void) -> String? {
    // The rules of `_LegKeys.visit`, on the same strings.
    let table = piece.table
    let row = Int(row)
    let own = table.callIDs[row]
    lazy var callID = table.idString(own)
    func link(_ number: Int32) {
      // Equal numbers are equal bytes; otherwise the strings decide, as for a record.
      guard number >= 0, number != table.emptyID, number != own else { return }
      let target = table.idString(number)
      if target != callID { reference(target) }
    }
    if options.contains(.otherLeg) { link(table.otherLegs[row]) }
    if options.contains(.bridge) { link(table.bridges[row]) }
    if options.contains(.loopback) { link(table.loopbacks[row]) }
    if options.contains(.interactionID) {
      let shared = table.interactionIDs[row]
      if shared >= 0, shared != table.emptyID { return table.idString(shared) }
    }
    return nil
  }
}

extension CDRLegTable {
  /// The rows `rows`, in that order, as one table of their own (ids interned anew, each
  /// row keeping where it was read from).
  static func gathering(_ rows: [_StreamedRow]) -> CDRLegTable {
    var table = CDRLegTable()
    table.reserveCapacity(rows.count)
    var sourceMap: [_SourceKey: Int32] = [:]
    // The piece's table taken out of its box once per run of rows from that piece: taken
    // per row, the copy retained and released each of its columns.
    var held: _HeldPiece?
    var piece = CDRLegTable()
    for row in rows {
      if held !== row.piece {
        held = row.piece
        piece = row.piece.table
      }
      table.appendRow(
        Int(row.row), of: piece, pieceKey: ObjectIdentifier(row.piece), sourceMap: &sourceMap)
    }
    return table
  }

  /// A source of a piece: the piece and the source's index in it.
  struct _SourceKey: Hashable {
    var piece: ObjectIdentifier
    var source: Int32
  }

  /// Appends row `leg` of `piece`: every column, as ``append(contentsOf:)`` would.
  mutating func appendRow(
    _ leg: Int, of piece: CDRLegTable, pieceKey: ObjectIdentifier,
    sourceMap: inout [_SourceKey: Int32]
  ) {
    precondition(textStride == piece.textStride, "tables with and without caller and callee texts")
    func id(_ number: Int32) -> Int32 {
      guard number >= 0 else { return -1 }
      return piece.ids.bytes.withUnsafeBytes { arena in
        internID(
          UnsafeRawBufferPointer(rebasing: arena[piece.ids.range(number)]),
          hash: piece.ids.hashes[Int(number)], isPlain: piece.ids.isPlain[Int(number)])
      }
    }
    func label(_ number: Int32) -> Int32 {
      guard number >= 0 else { return -1 }
      return piece.labels.bytes.withUnsafeBytes { arena in
        labels.intern(
          UnsafeRawBufferPointer(rebasing: arena[piece.labels.range(number)]),
          hash: piece.labels.hashes[Int(number)], isPlain: piece.labels.isPlain[Int(number)])
      }
    }
    let own = id(piece.callIDs[leg])
    isCallID[Int(own)] = true
    callIDs.append(own)
    otherLegs.append(id(piece.otherLegs[leg]))
    bridges.append(id(piece.bridges[leg]))
    loopbacks.append(id(piece.loopbacks[leg]))
    interactionIDs.append(id(piece.interactionIDs[leg]))
    channelTimes.append(piece.channelTimes[leg])
    ends.append(piece.ends[leg])
    billing.append(piece.billing[leg])
    ringing.append(piece.ringing[leg])
    transfers.append(piece.transfers[leg])
    flags.append(piece.flags[leg])
    directions.append(label(piece.directions[leg]))
    accounts.append(label(piece.accounts[leg]))
    owners.append(label(piece.owners[leg]))
    markers.append(label(piece.markers[leg]))
    if keepsCallerAndCallee {
      piece.text.withUnsafeBufferPointer { pieceText in
        for field in Text.allCases {
          // Kept in the piece, so short enough to keep here too.
          _ = appendText(
            piece.textRange(leg, field).map { UnsafeBufferPointer(rebasing: pieceText[$0]) },
            plain: !piece.textEscapes(leg, field), field: field)
        }
      }
    }
    let source = piece.sourceOfLeg[leg]
    switch piece.sources[Int(source)] {
    case .records(let records, let firstLeg):
      sourceOfLeg.append(Int32(sources.count))
      sources.append(.records([records[leg - firstLeg]], firstLeg: count - 1))
    case let other:
      let key = _SourceKey(piece: pieceKey, source: source)
      if let mapped = sourceMap[key] {
        sourceOfLeg.append(mapped)
      } else {
        let mapped = Int32(sources.count)
        sources.append(other)
        sourceMap[key] = mapped
        sourceOfLeg.append(mapped)
      }
    }
    lineOffsets.append(piece.lineOffsets[leg])
    lineLengths.append(piece.lineLengths[leg])
  }
}

/// Projects whole-line pieces of a window into table pieces on every core, keeping them in
/// order (with their rejections) until the window is drained.
struct _StreamingTableMerger: _InPlaceWindowMerger {
  /// A piece of a window, or a rejection between pieces.
  enum Item {
    /// A piece: its rows, the record index of its first record, and its rejections.
    case piece(CDRLegTable, firstIndex: Int, rejections: [CDRRejection])
    /// A line rejected as too large.
    case rejection(CDRRejection)
  }

  let sourceName: String
  let source: _LegSource
  var line: Int
  var index = 0
  var nonBlankLines = 0
  var statistics = CDRReadStatistics()
  var items: [Item] = []

  init(sourceName: String, source: _LegSource, line: Int) {
    self.sourceName = sourceName
    self.source = source
    self.line = line
  }

  mutating func read(
    inPlace bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int, origin: Int,
    options: CDRReader.Options, concurrency: Int
  ) {
    let pieces = CDRLegTable.projectPieces(
      bytes, from: from, to: to, origin: origin, source: source, sourceName: sourceName,
      options: options, keepingCallerAndCallee: true, concurrency: concurrency)
    for (table, counts) in pieces {
      let firstIndex = index
      items.append(.piece(table, firstIndex: firstIndex, rejections: count(counts)))
    }
  }

  mutating func rejectTooLarge(limit: Int) {
    items.append(.rejection(countTooLarge(limit: limit, sourceName: sourceName)))
  }
}
