import CDRModel
import Dispatch
import Foundation

extension CDRLegTable {
  /// Reads the legs of an NDJSON file into a table, on every core, a window at a time.
  ///
  /// Records are accepted and rejected exactly as `CDRReader` accepts and
  /// rejects them (the same counts, reasons and locations); each accepted record becomes a
  /// row. A line is projected — only the members a grouping needs are read, the rest is
  /// validated and skipped — unless one of those members is not plain (an escape, a
  /// drifted type, a repeated key, a `transfer_history`, a webhook's `hook_event`...);
  /// that line is then decoded fully and its row filled from the record. Inputs that are
  /// not NDJSON are read by a sequential reader and their records turned into rows.
  ///
  /// After its first window, a regular file is mapped into memory a window at a time
  /// instead of being copied into a buffer, so it must not shrink (be truncated) while it
  /// is read: a mapped page past its new end cannot be read, and the system stops the
  /// process, as with any memory-mapped file. A file that grows is read to its new end.
  /// Standard input and other descriptors that are not regular files are read with `read`.
  ///
  /// - Parameters:
  ///   - path: the file to read.
  ///   - options: limits, as for `CDRReader`.
  ///   - windowBytes: how much of the file is read and parsed at once (default `CDRReader.defaultWindowBytes`, 4 MiB).
  ///   - maximumConcurrency: how many pieces are read at once (default: one per core).
  ///   - rejected: called with each rejection, in input order, on the calling thread.
  /// - Returns: the table and the reader's counts.
  /// - Throws: `CDRReaderError.cannotOpen` when the file cannot
  ///   be opened.
  public static func read(
    contentsOfFile path: String, options: CDRReader.Options = CDRReader.Options(),
    windowBytes: Int = CDRReader.defaultWindowBytes,
    maximumConcurrency: Int = CDRReader.defaultConcurrency,
    rejected: (CDRRejection) -> Void = { _ in }
  ) throws(CDRReaderError) -> (table: CDRLegTable, statistics: CDRReadStatistics) {
    try read(
      contentsOfFile: path, options: options, windowBytes: windowBytes,
      maximumConcurrency: maximumConcurrency, keepingCallerAndCallee: true, rejected: rejected)
  }

  /// ``read(contentsOfFile:options:windowBytes:maximumConcurrency:rejected:)``, without the
  /// caller and callee texts when `keepingCallerAndCallee` is `false`: a table for
  /// statistics, which summary lines cannot be written from.
  ///
  /// `progress` is called on the calling thread after each window with the records read
  /// and the bytes done so far. With `joining`, the legs' id sets for those links are
  /// joined as the windows are appended, beside the reading, so that a partition with the
  /// same links starts from them (`_JoinedLegs`).
  package static func read(
    contentsOfFile path: String, options: CDRReader.Options = CDRReader.Options(),
    windowBytes: Int = CDRReader.defaultWindowBytes,
    maximumConcurrency: Int = CDRReader.defaultConcurrency,
    keepingCallerAndCallee: Bool, joining links: InteractionLinkOptions? = nil,
    progress: (_ records: Int, _ bytes: Int) -> Void = { _, _ in },
    rejected: (CDRRejection) -> Void = { _ in }
  ) throws(CDRReaderError) -> (table: CDRLegTable, statistics: CDRReadStatistics) {
    let file = try _WindowFile(path: path)
    return try read(
      from: file, sourceName: path, source: .file(_SourceFile(path: path), options),
      keepingCallerAndCallee: keepingCallerAndCallee, joining: links,
      // From `fstat`: `FileManager`'s attributes look the owner's name up (reading
      // /etc/passwd and /etc/group), a few milliseconds before the first byte is read.
      expectedBytes: file.regularFileSize(),
      options: options,
      windowBytes: windowBytes, concurrency: maximumConcurrency,
      sequential: { () throws(CDRReaderError) in
        try CDRReader(contentsOfFile: path, options: options)
      }, progress: progress, rejected: rejected)
  }

  /// Reads the legs of NDJSON bytes into a table, as
  /// ``read(contentsOfFile:options:windowBytes:maximumConcurrency:rejected:)`` reads a file.
  public static func read(
    bytes: [UInt8], sourceName: String = "<memory>",
    options: CDRReader.Options = CDRReader.Options(),
    windowBytes: Int = CDRReader.defaultWindowBytes,
    maximumConcurrency: Int = CDRReader.defaultConcurrency,
    rejected: (CDRRejection) -> Void = { _ in }
  ) -> (table: CDRLegTable, statistics: CDRReadStatistics) {
    read(
      bytes: bytes, sourceName: sourceName, options: options, windowBytes: windowBytes,
      maximumConcurrency: maximumConcurrency, keepingCallerAndCallee: true, rejected: rejected)
  }

  /// ``read(bytes:sourceName:options:windowBytes:maximumConcurrency:rejected:)``; see
  /// ``read(contentsOfFile:options:windowBytes:maximumConcurrency:keepingCallerAndCallee:rejected:)``.
  package static func read(
    bytes: [UInt8], sourceName: String = "<memory>",
    options: CDRReader.Options = CDRReader.Options(),
    windowBytes: Int = CDRReader.defaultWindowBytes,
    maximumConcurrency: Int = CDRReader.defaultConcurrency, keepingCallerAndCallee: Bool,
    joining links: InteractionLinkOptions? = nil,
    progress: (_ records: Int, _ bytes: Int) -> Void = { _, _ in },
    rejected: (CDRRejection) -> Void = { _ in }
  ) -> (table: CDRLegTable, statistics: CDRReadStatistics) {
    do {
      return try read(
        from: _WindowMemory(bytes), sourceName: sourceName, source: .bytes(bytes, options),
        keepingCallerAndCallee: keepingCallerAndCallee, joining: links,
        expectedBytes: bytes.count,
        options: options, windowBytes: windowBytes, concurrency: maximumConcurrency,
        sequential: { () throws(CDRReaderError) in
          CDRReader(bytes: bytes, sourceName: sourceName, options: options)
        }, progress: progress, rejected: rejected)
    } catch {
      // Memory cannot fail to open.
      return (CDRLegTable(), CDRReadStatistics())
    }
  }

  private static func read(
    from window: some _WindowSource, sourceName: String, source: _LegSource,
    keepingCallerAndCallee keeps: Bool, joining: InteractionLinkOptions?, expectedBytes: Int?,
    options: CDRReader.Options, windowBytes: Int, concurrency: Int,
    sequential: () throws(CDRReaderError) -> CDRReader,
    progress: (_ records: Int, _ bytes: Int) -> Void, rejected: (CDRRejection) -> Void
  ) throws(CDRReaderError) -> (table: CDRLegTable, statistics: CDRReadStatistics) {
    let sink = _TableSink(keepingCallerAndCallee: keeps, joining: joining)
    sink.table.sources.append(source)
    var records: [CallDetailRecord] = []
    let (statistics, _) = try CDRReader.readWindows(
      from: window, sourceName: sourceName, options: options, windowBytes: windowBytes,
      concurrency: concurrency,
      sequential: { () throws(CDRReaderError) in
        // Rows a first look at a lone document may have added are the sequential reader's now.
        sink.finish()
        sink.table = CDRLegTable(keepingCallerAndCallee: keeps)
        sink.table.sources.append(source)
        return try sequential()
      },
      merger: {
        _TableMerger(
          sink: sink, source: source, sourceName: sourceName, line: $0,
          expectedBytes: expectedBytes)
      },
      drain: { merger in
        for rejection in merger.rejections { rejected(rejection) }
        merger.rejections.removeAll(keepingCapacity: true)
        progress(merger.index, merger.bytesDone)
      },
      { event in
        switch event {
        case .record(let record, _): records.append(record)
        case .rejection(let rejection): rejected(rejection)
        }
      })
    sink.finish()
    if !records.isEmpty {
      sink.table.append(contentsOf: CDRLegTable(records, keepingCallerAndCallee: keeps))
    }
    return (sink.table, statistics)
  }
}

/// The pieces of a window queued to be read (`CDRLegTable.startPieces`).
final class _PiecesInFlight: Sendable {
  let group = DispatchGroup()
  let results: _ResultSlots<(table: CDRLegTable, counts: _ProjectedChunkCounts)>
  let count: Int

  init(count: Int) {
    self.count = count
    results = _ResultSlots(count: count)
  }

  /// Waits until every piece is read; their tables and counts, in order.
  func wait() -> [(table: CDRLegTable, counts: _ProjectedChunkCounts)] {
    group.wait()
    return (0..<count).map { results.take(at: $0) }
  }
}

/// The table being read, shared by the windows' mergers. Each window's pieces are appended
/// in order by one serial task, beside the projection of the windows after it: the window
/// loop does not wait for an append (whose first touch of the table's fresh pages can
/// outlast a window's projection) before it projects the next window.
///
/// While appends are queued only their task uses ``table``; the calling thread uses it after
/// ``finish()``.
final class _TableSink: @unchecked Sendable {
  var table: CDRLegTable
  /// The links whose id sets are joined as pieces are appended, if any.
  let joining: InteractionLinkOptions?
  /// Whether the table keeps the caller and callee texts (pieces must match it).
  let keepsCallerAndCallee: Bool
  /// Appends the pieces, one window's at a time, in the order they were queued.
  private let appending = DispatchQueue(label: "CDRLegTable.append")
  /// Windows whose pieces may wait to be appended at once (bounds the memory held by
  /// pieces when appending falls behind).
  private let room = DispatchSemaphore(value: 2)

  init(keepingCallerAndCallee: Bool, joining: InteractionLinkOptions?) {
    table = CDRLegTable(keepingCallerAndCallee: keepingCallerAndCallee)
    table.ids.keepsHashes = false
    self.joining = joining
    keepsCallerAndCallee = keepingCallerAndCallee
  }

  /// Queues `pieces` (a window's, in order) to be appended after those queued before; when
  /// `scale` is given, the table first reserves room for `scale` times what it and
  /// `pieces` hold. Waits while two windows are queued.
  func enqueue(_ pieces: [CDRLegTable], reservingScale scale: Double?) {
    room.wait()
    appending.async { [self] in
      if let scale { reserve(scale: scale, pieces: pieces) }
      merge(pieces)
      room.signal()
    }
  }

  /// Waits until every queued window's pieces are appended.
  func finish() {
    appending.sync {}
  }

  private func merge(_ pieces: [CDRLegTable]) {
    let first = table.count
    for piece in pieces { table.appendPiece(piece) }
    if let joining { table.joinLegs(from: first, links: joining) }
  }

  /// Reserves room for `scale` times what the table and `pieces` hold.
  private func reserve(scale: Double, pieces: [CDRLegTable]) {
    var legs = table.count
    var text = table.text.count
    var ids = table.ids.count
    var idBytes = table.ids.bytes.count
    for piece in pieces {
      legs += piece.count
      text += piece.text.count
      ids += piece.ids.count
      idBytes += piece.ids.bytes.count
    }
    table.reserve(scale: scale, legs: legs, text: text, ids: ids, idBytes: idBytes)
    if let joining { table.reserveJoining(links: joining, ids: Int(Double(ids) * scale) + 16) }
  }
}

/// Reads whole-line pieces into pieces of table in parallel and appends them in order.
struct _TableMerger: _InPlaceWindowMerger {
  let sink: _TableSink
  /// The table's source (its legs' lines are read again from it).
  let source: _LegSource
  let sourceName: String
  var line: Int
  var index = 0
  var nonBlankLines = 0
  /// The bytes of the input read so far, to the end of the last window's whole lines.
  var bytesDone = 0
  var statistics = CDRReadStatistics()
  var rejections: [CDRRejection] = []
  /// The input's size when known: after the first window the table reserves room for the
  /// legs that many bytes should hold, so the columns are not copied as they grow.
  let expectedBytes: Int?
  private var reserved = false
  /// The window whose pieces are being read, and the input offset where it ends.
  private var reading: (_PiecesInFlight, end: Int)?
  /// Runs the pieces, no more at once than the concurrency, whatever window they are of
  /// (made on the first read, with its concurrency).
  private var workQueue: _BoundedWorkQueue?

  init(sink: _TableSink, source: _LegSource, sourceName: String, line: Int, expectedBytes: Int?) {
    self.sink = sink
    self.source = source
    self.sourceName = sourceName
    self.line = line
    self.expectedBytes = expectedBytes
  }

  /// Starts reading the pieces of `bytes[from..<to]` on every core, then waits for the
  /// window before it and hands its pieces to the sink: a window's last piece runs beside
  /// the next window's first ones, so no core waits for the slowest piece of each window.
  /// `bytes` must stay valid until the next call returns or ``finishReads()`` does.
  mutating func read(
    inPlace bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int, origin: Int,
    options: CDRReader.Options, concurrency: Int
  ) {
    let workQueue = self.workQueue ?? _BoundedWorkQueue(limit: concurrency)
    self.workQueue = workQueue
    let window = CDRLegTable.startPieces(
      bytes, from: from, to: to, origin: origin, source: source, sourceName: sourceName,
      options: options, keepingCallerAndCallee: sink.keepsCallerAndCallee,
      concurrency: concurrency, workQueue: workQueue)
    finishReads()
    reading = (window, origin + to)
  }

  /// Waits for the window being read, counts its pieces and queues them on the sink (which
  /// appends them beside the projection of the next windows; the table is not read here).
  mutating func finishReads() {
    guard let (window, end) = reading else { return }
    reading = nil
    let pieces = window.wait()
    var tables: [CDRLegTable] = []
    tables.reserveCapacity(pieces.count)
    for (table, counts) in pieces {
      tables.append(table)
      rejections.append(contentsOf: count(counts))
    }
    bytesDone = end
    var scale: Double?
    if !reserved, let expectedBytes, end > 0 {
      reserved = true
      let ratio = Double(expectedBytes) / Double(end) * 1.05
      if ratio > 1 { scale = ratio }
    }
    sink.enqueue(tables, reservingScale: scale)
  }

  mutating func rejectTooLarge(limit: Int) {
    rejections.append(countTooLarge(limit: limit, sourceName: sourceName))
  }
}

extension CDRLegTable {
  /// The whole NDJSON lines `bytes[from..<to]` of a window that starts at byte `origin` of
  /// `source`, cut into pieces (``pieceRanges(_:from:to:concurrency:)``) read on up to
  /// `concurrency` cores (``projectPiece``), in order. The calling thread reads pieces too:
  /// for the small windows of `--stream`, waiting for the global queue instead (as
  /// ``startPieces`` does) was a tenth slower.
  static func projectPieces(
    _ bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int, origin: Int, source: _LegSource,
    sourceName: String, options: CDRReader.Options, keepingCallerAndCallee keeps: Bool,
    concurrency: Int
  ) -> [(table: CDRLegTable, counts: _ProjectedChunkCounts)] {
    let ranges = pieceRanges(bytes, from: from, to: to, concurrency: concurrency)
    let results = _ResultSlots<(table: CDRLegTable, counts: _ProjectedChunkCounts)>(
      count: ranges.count)
    // Valid until this function returns, after every piece is read; only read.
    nonisolated(unsafe) let window = bytes
    DispatchQueue.concurrentPerform(iterations: ranges.count) { piece in
      results.store(
        projectPiece(
          window, range: ranges[piece], origin: origin, source: source, sourceName: sourceName,
          options: options, keepingCallerAndCallee: keeps),
        at: piece)
    }
    return ranges.indices.map { results.take(at: $0) }
  }

  /// The pieces a window's whole lines `bytes[from..<to]` are read in: about two per core,
  /// each ending after a newline.
  static func pieceRanges(
    _ bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int, concurrency: Int
  ) -> [Range<Int>] {
    CDRReader.cutLines(
      bytes, from: from, to: to, into: Swift.min(Swift.max(1, concurrency), 1 << 16) * 2)
  }

  /// Queues the pieces of `bytes[from..<to]` (``pieceRanges(_:from:to:concurrency:)``, each
  /// read by ``projectPiece``) on `workQueue`, and returns at once; `bytes` must stay valid
  /// until they are done (``_PiecesInFlight/wait()``).
  static func startPieces(
    _ bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int, origin: Int, source: _LegSource,
    sourceName: String, options: CDRReader.Options, keepingCallerAndCallee keeps: Bool,
    concurrency: Int, workQueue: _BoundedWorkQueue
  ) -> _PiecesInFlight {
    let ranges = pieceRanges(bytes, from: from, to: to, concurrency: concurrency)
    let pieces = _PiecesInFlight(count: ranges.count)
    // Valid until the pieces are waited for; only read.
    nonisolated(unsafe) let window = bytes
    for (piece, range) in ranges.enumerated() {
      workQueue.submit(to: pieces.group) {
        pieces.results.store(
          projectPiece(
            window, range: range, origin: origin, source: source, sourceName: sourceName,
            options: options, keepingCallerAndCallee: keeps),
          at: piece)
      }
    }
    return pieces
  }

  /// The table of the whole NDJSON lines `bytes[range]` of a window that starts at byte
  /// `origin` of `source` (its one source), with the piece's counts and rejections:
  /// projected lines as rows of their fields, the others as rows of the full reader's
  /// records.
  static func projectPiece(
    _ buffer: UnsafeBufferPointer<UInt8>, range: Range<Int>, origin: Int, source: _LegSource,
    sourceName: String, options: CDRReader.Options, keepingCallerAndCallee keeps: Bool
  ) -> (table: CDRLegTable, counts: _ProjectedChunkCounts) {
    var table = CDRLegTable(keepingCallerAndCallee: keeps)
    table.sources.append(source)
    table.reserve(forLineBytes: range.count)
    var staging = _StagedRows()
    let counts = CDRReader.projectLineChunk(
      buffer, range: range, sourceName: sourceName, options: options,
      projected: { fields, line in
        table.append(
          fields, in: buffer, source: 0,
          line: (origin + line.lowerBound)..<(origin + line.upperBound), staging: &staging)
      },
      record: { record, line in
        // The staged rows come first: rows stay in the order of their lines.
        staging.flush(into: &table)
        table.append(
          record, source: 0, line: (origin + line.lowerBound)..<(origin + line.upperBound))
      })
    staging.flush(into: &table)
    return (table, counts)
  }

  /// Appends a piece read from this table's first source (its legs keep pointing there).
  mutating func appendPiece(_ piece: CDRLegTable) {
    let before = sources.count
    appendRows(of: piece)
    // The piece's one source is this table's first: point its legs there, drop the copy.
    let first = count - piece.count
    sourceOfLeg.withUnsafeMutableBufferPointer { sourceOfLeg in
      UnsafeMutableBufferPointer(rebasing: sourceOfLeg[first...]).update(repeating: 0)
    }
    sources.removeSubrange(before...)
  }
}

extension CDRLegTable {
  /// Reserves room for the legs that `byteCount` bytes of NDJSON lines are likely to hold:
  /// one per 640 bytes (KAZOO's documents are longer), with two new ids each, so a piece's
  /// columns and id lookup are not copied and rehashed as they grow from empty.
  mutating func reserve(forLineBytes byteCount: Int) {
    let legs = byteCount / 640 + 16
    reserveCapacity(legs)
    ids.reserve(count: 2 * legs, bytes: 2 * legs * 40)
    isCallID.reserveCapacity(2 * legs)
    if keepsCallerAndCallee { text.reserveCapacity(legs * 48) }
  }

  /// Reserves room for `scale` times the given legs, text bytes and ids.
  mutating func reserve(
    scale: Double, legs: Int, text textBytes: Int, ids idCount: Int, idBytes: Int
  ) {
    func scaled(_ value: Int) -> Int { Int(Double(value) * scale) + 16 }
    reserveCapacity(scaled(legs))
    text.reserveCapacity(scaled(textBytes))
    ids.reserve(count: scaled(idCount), bytes: scaled(idBytes))
    isCallID.reserveCapacity(scaled(idCount))
    adviseHugePages()
  }

  /// Asks for huge pages behind the large columns (`_HugePages`): a large table otherwise
  /// spends much of its reading time in page faults.
  mutating func adviseHugePages() {
    _HugePages.advise(&callIDs)
    _HugePages.advise(&otherLegs)
    _HugePages.advise(&bridges)
    _HugePages.advise(&loopbacks)
    _HugePages.advise(&interactionIDs)
    _HugePages.advise(&channelTimes)
    _HugePages.advise(&ends)
    billing.adviseHugePages()
    ringing.adviseHugePages()
    transfers.adviseHugePages()
    _HugePages.advise(&flags)
    _HugePages.advise(&directions)
    _HugePages.advise(&accounts)
    _HugePages.advise(&owners)
    _HugePages.advise(&markers)
    _HugePages.advise(&texts)
    _HugePages.advise(&textLengths)
    _HugePages.advise(&text)
    _HugePages.advise(&sourceOfLeg)
    _HugePages.advise(&lineOffsets)
    lineLengths.adviseHugePages()
    _HugePages.advise(&isCallID)
    ids.adviseHugePages()
  }
}
