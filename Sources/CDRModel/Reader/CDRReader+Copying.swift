import Dispatch

extension CDRReader {
  /// Reads every record of a file and writes each accepted one as a line of compact JSON,
  /// in input order, using every core on NDJSON.
  ///
  /// Each accepted record becomes the text ``CallDetailRecord/json`` writes (keys sorted,
  /// numbers with their original literals, ``JSONValue/write(to:)``) followed by a newline,
  /// exactly as reading the file with ``init(contentsOfFile:options:)`` and writing each
  /// record would give. On NDJSON the work is split over the cores, and a line that already
  /// is that text (compact, keys sorted, strings escaped as the writer escapes them, typed
  /// members in their plain form, not an event, webhook or listing row) is validated and
  /// copied without building a record; every other line is read by the full reader, which
  /// decides, converts and reports as it always does. Other shapes (arrays, envelopes,
  /// documents) are read by the sequential reader.
  ///
  /// Rejections are the reader's own, with the same reasons and locations. `write` is called
  /// with blocks of whole lines; the rejections of a block's lines are reported just before
  /// it. Return `false` from `write` to stop: nothing more is parsed or written (the rest of
  /// the file may still be read past quickly), and the counts cover what was read.
  ///
  /// ```swift
  /// let statistics = try CDRReader.copyRecords(
  ///   contentsOfFile: "legs.ndjson",
  ///   rejected: { print("skipped", $0) },
  ///   write: { block in output.append(contentsOf: block); return true })
  /// ```
  ///
  /// - Parameters:
  ///   - path: the file to read.
  ///   - options: limits, as for ``init(contentsOfFile:options:)``.
  ///   - windowBytes: how much of the file is read and parsed at once (default ``defaultWindowBytes``, 4 MiB).
  ///   - maximumConcurrency: how many pieces of a window are read at once (default: one per
  ///     core).
  ///   - rejected: called with each rejection, in input order.
  ///   - write: called with each block of lines, in input order; returns whether to go on.
  /// - Returns: the reader's counts.
  /// - Throws: ``CDRReaderError/cannotOpen(path:reason:)`` when the file cannot be opened.
  @discardableResult
  public static func copyRecords(
    contentsOfFile path: String, options: Options = Options(),
    windowBytes: Int = defaultWindowBytes,
    maximumConcurrency: Int = defaultConcurrency, rejected: (CDRRejection) -> Void,
    write: ([UInt8]) -> Bool
  ) throws(CDRReaderError) -> CDRReadStatistics {
    try renderRecords(
      .file(path), options: options, windowBytes: windowBytes,
      maximumConcurrency: maximumConcurrency, copiesCanonicalLines: true,
      rejected: rejected, render: writeJSONLine, write: write)
  }

  /// Reads every record of `bytes` and writes each accepted one as a line of compact JSON,
  /// as ``copyRecords(contentsOfFile:options:windowBytes:maximumConcurrency:rejected:write:)``
  /// does for a file.
  @discardableResult
  public static func copyRecords(
    bytes: [UInt8], sourceName: String = "<memory>", options: Options = Options(),
    windowBytes: Int = defaultWindowBytes, maximumConcurrency: Int = defaultConcurrency,
    rejected: (CDRRejection) -> Void, write: ([UInt8]) -> Bool
  ) -> CDRReadStatistics {
    renderRecordsThatOpen(
      .bytes(bytes, sourceName: sourceName), options: options, windowBytes: windowBytes,
      maximumConcurrency: maximumConcurrency, copiesCanonicalLines: true, rejected: rejected,
      render: writeJSONLine, write: write)
  }

  /// Reads every record from an open file descriptor (a pipe, standard input) and writes
  /// each accepted one as a line of compact JSON, as
  /// ``copyRecords(contentsOfFile:options:windowBytes:maximumConcurrency:rejected:write:)``
  /// does for a file.
  ///
  /// NDJSON is read a window at a time on every core. When the first window shows another
  /// shape, the sequential reader goes on from the bytes already read, so an envelope or an
  /// array piped in is still read record by record in bounded memory. The descriptor is
  /// read to its end and left open.
  @discardableResult
  public static func copyRecords(
    fileDescriptor: Int32, sourceName: String = "<stdin>", options: Options = Options(),
    windowBytes: Int = defaultWindowBytes, maximumConcurrency: Int = defaultConcurrency,
    rejected: (CDRRejection) -> Void, write: ([UInt8]) -> Bool
  ) -> CDRReadStatistics {
    renderRecordsThatOpen(
      .fileDescriptor(fileDescriptor, sourceName: sourceName), options: options,
      windowBytes: windowBytes, maximumConcurrency: maximumConcurrency,
      copiesCanonicalLines: true, rejected: rejected, render: writeJSONLine, write: write)
  }

  /// Appends `record`'s compact JSON text and a newline.
  @Sendable private static func writeJSONLine(_ record: CallDetailRecord, to output: inout [UInt8])
  {
    record.json.write(to: &output)
    output.append(0x0A)
  }

  /// Reads every record of a file and writes what `render` makes of each accepted one, in
  /// input order, rendering on every core on NDJSON.
  ///
  /// This is the loop behind ``copyRecords(contentsOfFile:options:windowBytes:maximumConcurrency:rejected:write:)``,
  /// for any per-record output (CSV rows, one result per record): on NDJSON each window of
  /// the file is cut into pieces of whole lines, each piece is decoded and rendered on its
  /// own core, and the pieces' output is written in order; other shapes are read by the
  /// sequential reader and rendered on the calling thread. Records are accepted and
  /// rejected exactly as ``init(contentsOfFile:options:)`` accepts and rejects them.
  ///
  /// ```swift
  /// try CDRReader.renderRecords(
  ///   contentsOfFile: "legs.ndjson", rejected: { print($0) },
  ///   render: { leg, output in output.append(contentsOf: Array((leg.callID + "\n").utf8)) },
  ///   write: { block in sink(block); return true })
  /// ```
  ///
  /// - Parameters:
  ///   - path: the file to read.
  ///   - options: limits, as for ``init(contentsOfFile:options:)``.
  ///   - windowBytes: how much of the file is read and parsed at once (default ``defaultWindowBytes``, 4 MiB).
  ///   - maximumConcurrency: how many pieces of a window are read at once (default: one per
  ///     core).
  ///   - rejected: called with each rejection, in input order; the rejections of a block's
  ///     records are reported just before the block is written.
  ///   - render: appends a record's output to the buffer it is given. It is called on
  ///     several threads at once, for different records, in no particular order; the
  ///     buffers are written in input order.
  ///   - write: called with blocks of output, in input order; returns whether to go on
  ///     (`false` stops parsing and writing; the counts cover what was read).
  /// - Returns: the reader's counts.
  /// - Throws: ``CDRReaderError/cannotOpen(path:reason:)`` when the file cannot be opened.
  @discardableResult
  public static func renderRecords(
    contentsOfFile path: String, options: Options = Options(),
    windowBytes: Int = defaultWindowBytes,
    maximumConcurrency: Int = defaultConcurrency, rejected: (CDRRejection) -> Void,
    render: @escaping @Sendable (CallDetailRecord, inout [UInt8]) -> Void,
    write: ([UInt8]) -> Bool
  ) throws(CDRReaderError) -> CDRReadStatistics {
    try renderRecords(
      .file(path), options: options, windowBytes: windowBytes,
      maximumConcurrency: maximumConcurrency, copiesCanonicalLines: false, rejected: rejected,
      render: render, write: write)
  }

  /// Reads every record of `bytes` and writes what `render` makes of each accepted one, as
  /// ``renderRecords(contentsOfFile:options:windowBytes:maximumConcurrency:rejected:render:write:)``
  /// does for a file.
  @discardableResult
  public static func renderRecords(
    bytes: [UInt8], sourceName: String = "<memory>", options: Options = Options(),
    windowBytes: Int = defaultWindowBytes, maximumConcurrency: Int = defaultConcurrency,
    rejected: (CDRRejection) -> Void,
    render: @escaping @Sendable (CallDetailRecord, inout [UInt8]) -> Void,
    write: ([UInt8]) -> Bool
  ) -> CDRReadStatistics {
    renderRecordsThatOpen(
      .bytes(bytes, sourceName: sourceName), options: options, windowBytes: windowBytes,
      maximumConcurrency: maximumConcurrency, copiesCanonicalLines: false, rejected: rejected,
      render: render, write: write)
  }

  /// Reads every record from an open file descriptor (a pipe, standard input) and writes
  /// what `render` makes of each accepted one, as
  /// ``renderRecords(contentsOfFile:options:windowBytes:maximumConcurrency:rejected:render:write:)``
  /// does for a file (see ``copyRecords(fileDescriptor:sourceName:options:windowBytes:maximumConcurrency:rejected:write:)``
  /// for how a descriptor is read).
  @discardableResult
  public static func renderRecords(
    fileDescriptor: Int32, sourceName: String = "<stdin>", options: Options = Options(),
    windowBytes: Int = defaultWindowBytes, maximumConcurrency: Int = defaultConcurrency,
    rejected: (CDRRejection) -> Void,
    render: @escaping @Sendable (CallDetailRecord, inout [UInt8]) -> Void,
    write: ([UInt8]) -> Bool
  ) -> CDRReadStatistics {
    renderRecordsThatOpen(
      .fileDescriptor(fileDescriptor, sourceName: sourceName), options: options,
      windowBytes: windowBytes, maximumConcurrency: maximumConcurrency,
      copiesCanonicalLines: false, rejected: rejected, render: render, write: write)
  }

  /// ``renderRecords(_:options:windowBytes:maximumConcurrency:copiesCanonicalLines:renderLine:rejected:render:write:)``
  /// for bytes in memory or an open descriptor, which cannot fail to open.
  static func renderRecordsThatOpen(
    _ input: _RecordInput, options: Options, windowBytes: Int, maximumConcurrency: Int,
    copiesCanonicalLines: Bool, rejected: (CDRRejection) -> Void,
    render: @escaping @Sendable (CallDetailRecord, inout [UInt8]) -> Void,
    write: ([UInt8]) -> Bool
  ) -> CDRReadStatistics {
    do {
      return try renderRecords(
        input, options: options, windowBytes: windowBytes,
        maximumConcurrency: maximumConcurrency, copiesCanonicalLines: copiesCanonicalLines,
        rejected: rejected, render: render, write: write)
    } catch {
      // Only a file can fail to open.
      return CDRReadStatistics()
    }
  }

  /// The one loop behind the public forms, for any ``_RecordInput``; with `renderLine`, each
  /// NDJSON line of the windowed path goes to it first (see ``_LineRender``).
  package static func renderRecords(
    _ input: _RecordInput, options: Options, windowBytes: Int = defaultWindowBytes,
    maximumConcurrency: Int = defaultConcurrency, copiesCanonicalLines: Bool = false,
    renderLine: _LineRender? = nil, rejected: (CDRRejection) -> Void,
    render: @escaping @Sendable (CallDetailRecord, inout [UInt8]) -> Void,
    write: ([UInt8]) -> Bool
  ) throws(CDRReaderError) -> CDRReadStatistics {
    let source: any _WindowSource
    let sourceName: String
    // What reads the input when it is not NDJSON, given the bytes already read from it.
    let sequential: (_ prefix: [UInt8]) throws(CDRReaderError) -> CDRReader
    switch input {
    case .file(let path):
      source = try _WindowFile(path: path)
      sourceName = path
      sequential = { _ throws(CDRReaderError) in
        try CDRReader(contentsOfFile: path, options: options)
      }
    case .bytes(let bytes, let name):
      source = _WindowMemory(bytes)
      sourceName = name
      sequential = { _ in CDRReader(bytes: bytes, sourceName: name, options: options) }
    case .fileDescriptor(let descriptor, let name):
      // A pipe cannot be read again: the sequential reader starts with what was read.
      source = _WindowFile(descriptor: descriptor)
      sourceName = name
      sequential = { prefix in
        CDRReader(fileDescriptor: descriptor, prefix: prefix, sourceName: name, options: options)
      }
    }
    return try renderRecords(
      from: source, sourceName: sourceName, options: options, windowBytes: windowBytes,
      concurrency: maximumConcurrency, sequential: sequential,
      copiesCanonicalLines: copiesCanonicalLines, renderLine: renderLine, rejected: rejected,
      render: render, write: write)
  }

  private static func renderRecords(
    from source: some _WindowSource, sourceName: String, options: Options, windowBytes: Int,
    concurrency: Int, sequential: (_ prefix: [UInt8]) throws(CDRReaderError) -> CDRReader,
    copiesCanonicalLines: Bool, renderLine: _LineRender?, rejected: (CDRRejection) -> Void,
    render: @escaping @Sendable (CallDetailRecord, inout [UInt8]) -> Void,
    write: ([UInt8]) -> Bool
  ) throws(CDRReaderError) -> CDRReadStatistics {
    let stop = _CopyStop()
    // The sequential reader's records, gathered into blocks.
    var block: [UInt8] = []
    let (statistics, _) = try readWindows(
      from: source, sourceName: sourceName, options: options, windowBytes: windowBytes,
      concurrency: concurrency,
      sequentialAfter: sequential,
      merger: {
        _RecordRenderMerger(
          sourceName: sourceName, line: $0, stop: stop, copiesCanonicalLines: copiesCanonicalLines,
          renderLine: renderLine, render: render)
      },
      drain: { merger in
        for index in merger.pieces.indices {
          for rejection in merger.pieces[index].rejections { rejected(rejection) }
          var output = merger.pieces[index].output
          merger.pieces[index].output = []
          if !stop.stopped, !output.isEmpty, !write(output) { stop.stopped = true }
          // The buffer serves a later piece: fresh buffers of megabytes cost page faults.
          output.removeAll(keepingCapacity: true)
          merger.spare.append(output)
        }
        merger.pieces.removeAll(keepingCapacity: true)
      },
      { event in
        guard !stop.stopped else { return }
        switch event {
        case .record(let record, _):
          render(record, &block)
          if block.count >= 1 << 20 {
            if !write(block) { stop.stopped = true }
            block.removeAll(keepingCapacity: true)
          }
        case .rejection(let rejection):
          if !block.isEmpty {
            if !write(block) { stop.stopped = true }
            block.removeAll(keepingCapacity: true)
          }
          rejected(rejection)
        }
      })
    if !stop.stopped, !block.isEmpty { _ = write(block) }
    return statistics
  }
}

/// Renders one NDJSON line straight from its bytes (without the line end), appending its
/// output: `true` when it did, because it is sure the reader accepts the line as a record
/// with no drift; `false`, with nothing appended, leaves the line to the full reader (whose
/// record then goes to the record renderer). The members are scratch space, one per piece of
/// a window, reused from line to line. Called on several threads at once.
package typealias _LineRender =
  @Sendable (UnsafeBufferPointer<UInt8>, inout _PlainRecordMembers, inout [UInt8]) -> Bool

/// Where the copying and rendering reads take their bytes from.
package enum _RecordInput {
  /// A file, opened by path (and opened again by the sequential reader).
  case file(String)
  /// Bytes in memory.
  case bytes([UInt8], sourceName: String)
  /// An open descriptor, read once (the sequential reader starts with what was read).
  case fileDescriptor(Int32, sourceName: String)
}

/// Whether writing has stopped, shared by the copying path's merger and its caller (one
/// thread at a time: the merger runs on the calling thread between its parallel pieces).
final class _CopyStop: @unchecked Sendable {
  var stopped = false
}

/// Reads whole-line pieces in parallel into blocks of output, kept in order: each accepted
/// record rendered, or its line copied when it is canonical and the merger copies such lines.
struct _RecordRenderMerger: _LineWindowMerger {
  let sourceName: String
  var line: Int
  var index = 0
  var nonBlankLines = 0
  var statistics = CDRReadStatistics()
  let stop: _CopyStop
  let copiesCanonicalLines: Bool
  let renderLine: _LineRender?
  let render: @Sendable (CallDetailRecord, inout [UInt8]) -> Void
  /// The pieces read and not yet drained, in order.
  var pieces: [(rejections: [CDRRejection], output: [UInt8])] = []
  /// Emptied output buffers of drained pieces, for the next window's pieces.
  var spare: [[UInt8]] = []

  init(
    sourceName: String, line: Int, stop: _CopyStop, copiesCanonicalLines: Bool,
    renderLine: _LineRender?, render: @escaping @Sendable (CallDetailRecord, inout [UInt8]) -> Void
  ) {
    self.sourceName = sourceName
    self.line = line
    self.stop = stop
    self.copiesCanonicalLines = copiesCanonicalLines
    self.renderLine = renderLine
    self.render = render
  }

  mutating func read(
    _ bytes: [UInt8], from: Int, to: Int, origin: Int, options: CDRReader.Options,
    concurrency: Int
  ) {
    guard !stop.stopped else { return }
    let ranges = CDRReader.cutLines(
      bytes, from: from, to: to, into: Swift.min(Swift.max(1, concurrency), 1 << 16) * 2)
    let results = _ResultSlots<(output: [UInt8], counts: _ProjectedChunkCounts)>(
      count: ranges.count)
    let name = sourceName
    let depth = options.maximumDepth
    let copies = copiesCanonicalLines
    let renderLine = self.renderLine
    let render = self.render
    let buffers = _ResultSlots<[UInt8]>(count: ranges.count)
    for piece in ranges.indices { buffers.store(spare.popLast() ?? [], at: piece) }
    DispatchQueue.concurrentPerform(iterations: ranges.count) { piece in
      var output = buffers.take(at: piece)
      output.reserveCapacity(ranges[piece].count + ranges[piece].count / 8 + 64)
      guard copies || renderLine != nil else {
        // Every record is rendered: one reader for the whole piece.
        let reader = CDRReader(lineChunk: bytes[ranges[piece]], sourceName: name, options: options)
        let (result, newlines, nonBlank) = reader.readLineChunk()
        for record in result.records { render(record, &output) }
        var counts = _ProjectedChunkCounts()
        counts.newlines = newlines
        counts.nonBlankLines = nonBlank
        counts.read = result.statistics.read
        counts.accepted = result.statistics.accepted
        counts.rejected = result.statistics.rejected
        counts.acceptedWithDrifts = result.statistics.acceptedWithDrifts
        counts.rejections = result.rejections
        results.store((output, counts), at: piece)
        return
      }
      if let renderLine {
        var members = _PlainRecordMembers()
        let counts = bytes.withUnsafeBufferPointer { buffer in
          CDRReader.readLineChunk(
            buffer, range: ranges[piece], sourceName: name, options: options,
            fast: { bytes, _ in renderLine(bytes, &members, &output) },
            record: { record, _ in render(record, &output) })
        }
        results.store((output, counts), at: piece)
        return
      }
      let counts = bytes.withUnsafeBufferPointer { buffer in
        CDRReader.readLineChunk(
          buffer, range: ranges[piece], sourceName: name, options: options,
          fast: { bytes, line in
            guard _CanonicalRecordCheck.isCanonicalRecord(bytes, maximumDepth: depth) else {
              return false
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[line]))
            output.append(0x0A)
            return true
          },
          record: { record, _ in render(record, &output) })
      }
      results.store((output, counts), at: piece)
    }
    for piece in 0..<ranges.count {
      let (output, counts) = results.take(at: piece)
      pieces.append((count(counts), output))
    }
  }

  mutating func rejectTooLarge(limit: Int) {
    pieces.append(([countTooLarge(limit: limit, sourceName: sourceName)], []))
  }
}
