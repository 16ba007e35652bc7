import Dispatch

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

extension CDRReader {
  /// How much of a file the windowed readers read and parse at once by default: 4 MiB.
  ///
  /// A window is cut at line ends into one piece per core or two; smaller windows keep less
  /// in memory and more of it in the processor's caches (measured on 350 MB of NDJSON, 4 MiB
  /// was as fast as 16 MiB and held a quarter of the bytes).
  public static let defaultWindowBytes = 4 << 20

  /// The number of workers the concurrent readers use by default: one per active core.
  public static var defaultConcurrency: Int {
    Swift.max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
  }

  /// Reads NDJSON bytes on all cores; the result is identical to ``readAll()`` on a
  /// sequential reader of the same bytes (records, locations, rejections, statistics, format).
  ///
  /// The input is cut at line ends into pieces that are read in parallel, then the events
  /// are merged in input order with their line numbers and record indices made absolute.
  /// Inputs that are not NDJSON (a JSON array, pretty-printed documents, a single line) are
  /// read sequentially, so the call is always safe.
  ///
  /// ```swift
  /// let result = CDRReader.readAllConcurrently(bytes: ndjson, sourceName: "cdrs.ndjson")
  /// print(result.records.count, result.rejections.count)
  /// ```
  ///
  /// - Parameters:
  ///   - bytes: the whole input.
  ///   - sourceName: the name used in locations.
  ///   - options: limits, as for a sequential reader.
  ///   - maximumConcurrency: how many pieces are read at once (default: one per core).
  public static func readAllConcurrently(
    bytes: [UInt8], sourceName: String = "<memory>", options: Options = Options(),
    maximumConcurrency: Int = defaultConcurrency
  ) -> CDRReadResult {
    guard
      let merger = concurrentEvents(
        bytes, sourceName: sourceName, options: options, concurrency: maximumConcurrency)
    else {
      return CDRReader(bytes: bytes, sourceName: sourceName, options: options).readAll()
    }
    var statistics = merger.statistics
    statistics.bytesRead = bytes.count
    statistics.peakBufferedBytes = bytes.count
    return CDRReadResult(
      records: merger.records, locations: merger.locations, rejections: merger.rejections,
      statistics: statistics, format: .ndjson)
  }

  /// Reads NDJSON `bytes` in parallel pieces; `nil` when the input is not NDJSON or has
  /// fewer than two non-blank lines (the sequential reader names the format after a lone
  /// document), so the caller reads it sequentially.
  static func concurrentEvents(
    _ bytes: [UInt8], sourceName: String, options: Options, concurrency: Int
  ) -> _LineChunkMerger? {
    guard let start = bytes.withUnsafeBufferPointer({ lineDelimitedStart($0) }) else { return nil }
    var merger = _LineChunkMerger(sourceName: sourceName, line: start.line)
    merger.read(
      bytes, from: start.offset, to: bytes.count, options: options, concurrency: concurrency)
    return merger.nonBlankLines >= 2 ? merger : nil
  }

  /// Reads an NDJSON file on all cores, a window at a time, handing every event to `body`
  /// in input order.
  ///
  /// Memory stays bounded by the window (plus the longest line and the window's events):
  /// the file is read `windowBytes` at a time, each window's whole lines are read in
  /// parallel, and its events are delivered before the next window is read. The events are
  /// the ones a sequential ``CDRReader`` gives for the file, in the same order, with the
  /// same locations; only ``CDRReadStatistics/peakBufferedBytes`` differs (it reports the
  /// largest window held). Files that are not NDJSON are read by a sequential reader.
  ///
  /// ```swift
  /// let (statistics, _) = try CDRReader.readConcurrently(contentsOfFile: "cdrs.ndjson") { event in
  ///   if let leg = event.record { legs.append(leg) }
  /// }
  /// ```
  ///
  /// - Parameters:
  ///   - path: the file to read.
  ///   - options: limits, as for a sequential reader.
  ///   - windowBytes: how much of the file is read and parsed at once (default ``defaultWindowBytes``, 4 MiB).
  ///   - maximumConcurrency: how many pieces are read at once (default: one per core).
  ///   - body: called with each record or rejection, in input order, on the calling thread.
  /// - Returns: the counts and the detected input format.
  /// - Throws: ``CDRReaderError/cannotOpen(path:reason:)`` when the file cannot be opened.
  @discardableResult
  public static func readConcurrently(
    contentsOfFile path: String, options: Options = Options(),
    windowBytes: Int = defaultWindowBytes,
    maximumConcurrency: Int = defaultConcurrency, _ body: (CDRReadEvent) -> Void
  ) throws(CDRReaderError) -> (statistics: CDRReadStatistics, format: CDRInputFormat) {
    let file = try _WindowFile(path: path)
    return try readWindows(
      from: file, sourceName: path, options: options, windowBytes: windowBytes,
      concurrency: maximumConcurrency,
      sequential: { () throws(CDRReaderError) in
        try CDRReader(contentsOfFile: path, options: options)
      },
      body)
  }

  /// Reads NDJSON bytes in memory on all cores, a window at a time, handing every event to
  /// `body` in input order — the streaming form of ``readAllConcurrently(bytes:sourceName:options:maximumConcurrency:)``:
  /// only one window's records are held at once.
  ///
  /// - Parameters:
  ///   - bytes: the whole input.
  ///   - sourceName: the name used in locations.
  ///   - options: limits, as for a sequential reader.
  ///   - windowBytes: how much of the input is parsed at once (default ``defaultWindowBytes``, 4 MiB).
  ///   - maximumConcurrency: how many pieces are read at once (default: one per core).
  ///   - body: called with each record or rejection, in input order, on the calling thread.
  /// - Returns: the counts (``CDRReadStatistics/peakBufferedBytes`` is the largest window)
  ///   and the detected input format.
  @discardableResult
  public static func readConcurrently(
    bytes: [UInt8], sourceName: String = "<memory>", options: Options = Options(),
    windowBytes: Int = defaultWindowBytes, maximumConcurrency: Int = defaultConcurrency,
    _ body: (CDRReadEvent) -> Void
  ) -> (statistics: CDRReadStatistics, format: CDRInputFormat) {
    let source = _WindowMemory(bytes)
    let sequential = { () throws(CDRReaderError) in
      CDRReader(bytes: bytes, sourceName: sourceName, options: options)
    }
    do {
      return try readWindows(
        from: source, sourceName: sourceName, options: options, windowBytes: windowBytes,
        concurrency: maximumConcurrency, sequential: sequential, body)
    } catch {
      // Memory cannot fail to open; keep the type checker satisfied without a crash.
      return (CDRReadStatistics(), .empty)
    }
  }

  /// The windowed loop shared by the file and memory forms.
  static func readWindows(
    from source: some _WindowSource, sourceName path: String, options: Options, windowBytes: Int,
    concurrency maximumConcurrency: Int, sequential: () throws(CDRReaderError) -> CDRReader,
    _ body: (CDRReadEvent) -> Void
  ) throws(CDRReaderError) -> (statistics: CDRReadStatistics, format: CDRInputFormat) {
    try readWindows(
      from: source, sourceName: path, options: options, windowBytes: windowBytes,
      concurrency: maximumConcurrency, sequential: sequential,
      merger: { _LineChunkMerger(sourceName: path, line: $0) }, drain: { $0.drain(body) }, body)
  }

  /// The windowed loop, for any way of reading the whole-line pieces (`merger`, emptied by
  /// `drain` after each window); inputs that are not NDJSON go to `sequential`, whose events
  /// go to `body`.
  package static func readWindows<Merger: _LineWindowMerger>(
    from source: some _WindowSource, sourceName path: String, options: Options, windowBytes: Int,
    concurrency maximumConcurrency: Int, sequential: () throws(CDRReaderError) -> CDRReader,
    merger makeMerger: (_ line: Int) -> Merger, drain: (inout Merger) -> Void,
    _ body: (CDRReadEvent) -> Void
  ) throws(CDRReaderError) -> (statistics: CDRReadStatistics, format: CDRInputFormat) {
    try readWindows(
      from: source, sourceName: path, options: options, windowBytes: windowBytes,
      concurrency: maximumConcurrency,
      sequentialAfter: { _ throws(CDRReaderError) in try sequential() }, merger: makeMerger,
      drain: drain, body)
  }

  /// The windowed loop, for a source that cannot be read again (a pipe): `sequential` gets
  /// the bytes already read from it, which the sequential reader must start with.
  package static func readWindows<Merger: _LineWindowMerger>(
    from source: some _WindowSource, sourceName path: String, options: Options, windowBytes: Int,
    concurrency maximumConcurrency: Int,
    sequentialAfter sequential: (_ prefix: [UInt8]) throws(CDRReaderError) -> CDRReader,
    merger makeMerger: (_ line: Int) -> Merger, drain: (inout Merger) -> Void,
    _ body: (CDRReadEvent) -> Void
  ) throws(CDRReaderError) -> (statistics: CDRReadStatistics, format: CDRInputFormat) {
    let file = source
    let window = Swift.max(1, windowBytes)
    // A regular file read in place is mapped a window at a time from its start, so only
    // enough of it to recognize it is read first: a whole window, made (zero-filled) and
    // read on one thread, kept every core waiting for some milliseconds.
    let mapsWindows =
      Merger.readsInPlace && (file as? _WindowFile)?.regularFileSize() != nil
    let firstRead = mapsWindows ? Swift.min(window, Self.recognizingBytes) : window
    // Look at the beginning to decide whether the file is NDJSON.
    var pending: [UInt8] = []
    var atEnd = false
    while !atEnd, pending.count < firstRead {
      if !file.read(into: &pending, count: firstRead - pending.count) { atEnd = true }
    }
    // The first line is judged whole: in a window that ends inside it, a first value that
    // closes before the window's end would pass for a whole NDJSON line.
    while !atEnd, file.readError == nil, !Self.firstLineEnds(in: pending),
      pending.count <= options.maximumRecordBytes
    {
      if !file.read(into: &pending, count: window) { atEnd = true }
    }
    if atEnd, file.readError == nil,
      let start = pending.withUnsafeBufferPointer({ lineDelimitedStart($0) })
    {
      var merger = makeMerger(start.line)
      merger.read(
        pending, from: start.offset, to: pending.count, origin: 0, options: options,
        concurrency: maximumConcurrency)
      guard merger.nonBlankLines >= 2 else {
        // A lone document: the sequential reader names the format after it.
        let reader = try sequential(pending)
        while let event = reader.next() { body(event) }
        return (reader.statistics, reader.format ?? .empty)
      }
      // The whole file fits in one window.
      drain(&merger)
      var statistics = merger.statistics
      statistics.bytesRead = pending.count
      statistics.peakBufferedBytes = pending.count
      return (statistics, .ndjson)
    }
    let startOffset: Int
    let startLine: Int
    if !atEnd, file.readError == nil,
      let detected = pending.withUnsafeBufferPointer({ lineDelimitedStart($0) })
    {
      startOffset = detected.offset
      startLine = detected.line
    } else {
      // Not NDJSON (or unreadable): the sequential reader does everything.
      let reader = try sequential(pending)
      while let event = reader.next() { body(event) }
      return (reader.statistics, reader.format ?? .empty)
    }
    var merger = makeMerger(startLine)
    var peak = pending.count
    // The buffer the next window is read into (the last window's, emptied).
    var spare: [UInt8] = []
    var skippingOverlongLine = false
    // Set once mapping failed: the file is then read window after window.
    var mappingFailed = false
    pending.removeSubrange(0..<startOffset)
    // The input offset of `pending[0]`.
    var origin = startOffset
    while true {
      // Whole lines only, unless the file ended.
      var cut = pending.count
      if !atEnd {
        cut = pending.withUnsafeBufferPointer { buffer in
          var position = buffer.count
          while position > 0, buffer[position - 1] != 0x0A { position -= 1 }
          return position
        }
      }
      if skippingOverlongLine {
        // Drop the rest of a line already rejected as too large, up to its newline.
        if let newline = pending.firstIndex(of: 0x0A) {
          pending.removeSubrange(0...newline)
          origin += newline + 1
          merger.line += 1
          skippingOverlongLine = false
          continue
        }
        origin += pending.count
        pending.removeAll(keepingCapacity: true)
      } else if cut > 0, !atEnd, mapsWindows, !mappingFailed, file.readError == nil,
        let mappable = file as? _WindowFile
      {
        // A regular file is mapped into memory a window at a time, not copied, from where
        // its lines start: the bytes read to recognize it are mapped again, not read here.
        let mapped = readMappedWindows(
          from: mappable, at: origin, options: options, window: window,
          concurrency: maximumConcurrency, merger: &merger, drain: drain)
        peak = Swift.max(peak, mapped.peak)
        if mapped.finished { break }
        // Not mappable (not a regular file, or mapping failed): read on from there.
        mappingFailed = true
        origin = mapped.offset
        skippingOverlongLine = mapped.skipping
        pending.removeAll(keepingCapacity: true)
        guard mappable.seek(to: origin) else { break }
        if !file.read(into: &pending, count: window) { atEnd = true }
        if atEnd && pending.isEmpty { break }
        continue
      } else if cut > 0 && !atEnd {
        // The next window is read while this one's pieces are read: into the spare
        // buffer, after the unfinished line this window ends with, copied over its start.
        // Its old bytes are not emptied first: the read overwrites them, so the room it
        // reads into is not made (zero-filled) again for every window.
        let tail = pending.count - cut
        if spare.count < tail { _FileInput.appendZeros(tail - spare.count, to: &spare) }
        spare.withUnsafeMutableBufferPointer { target in
          pending.withUnsafeBufferPointer { source in
            if let to = target.baseAddress, let from = source.baseAddress {
              to.update(from: from + cut, count: tail)
            }
          }
        }
        let next = _NextWindow(bytes: spare, keeping: tail, source: file)
        spare = []
        let reading = DispatchGroup()
        DispatchQueue.global().async(group: reading) { next.read(count: window) }
        merger.read(
          pending, from: 0, to: cut, origin: origin, options: options,
          concurrency: maximumConcurrency)
        drain(&merger)
        reading.wait()
        // Both windows were held at once.
        peak = Swift.max(peak, pending.count + next.bytes.count)
        origin += cut
        swap(&spare, &pending)
        pending = next.bytes
        next.bytes = []
        if !next.more { atEnd = true }
        if atEnd && pending.isEmpty { break }
        continue
      } else if cut > 0 {
        merger.read(
          pending, from: 0, to: cut, origin: origin, options: options,
          concurrency: maximumConcurrency)
        drain(&merger)
        pending.removeSubrange(0..<cut)
        origin += cut
      } else if pending.count > options.maximumRecordBytes {
        // A line longer than the limit and no newline yet: rejected where it starts, as the
        // sequential reader does, then skipped without being held.
        merger.rejectTooLarge(limit: options.maximumRecordBytes)
        drain(&merger)
        origin += pending.count
        pending.removeAll(keepingCapacity: true)
        skippingOverlongLine = true
      }
      if atEnd && pending.isEmpty { break }
      if atEnd {
        // Only reached while skipping: the overlong line ran to the end of the file.
        pending.removeAll()
        break
      }
      if !file.read(into: &pending, count: window) { atEnd = true }
      peak = Swift.max(peak, pending.count)
    }
    var statistics = merger.statistics
    if let reason = file.readError {
      let location = CDRSourceLocation(
        source: path, line: merger.line, index: merger.index, pointer: "")
      statistics.rejected += 1
      body(.rejection(CDRRejection(location: location, reason: .readFailed(reason))))
    }
    statistics.bytesRead = file.bytesRead
    statistics.peakBufferedBytes = peak
    // A file larger than a window with fewer than two lines (one huge line) is still
    // reported as NDJSON; the sequential reader would name it after its lone document.
    return (statistics, .ndjson)
  }
}

extension CDRReader {
  /// How much of a regular file that is mapped is read first, to recognize it (more when
  /// its first line is longer).
  static var recognizingBytes: Int { 64 << 10 }

  /// Whether `bytes` hold enough of the first line that holds anything for
  /// `lineDelimitedStart` to judge it: all of it (up to its newline) when it starts with
  /// `{`, whose line is scanned to its end; its first byte otherwise.
  static func firstLineEnds(in bytes: [UInt8]) -> Bool {
    let afterMark = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    guard let start = bytes[afterMark...].firstIndex(where: { !$0.isASCIIWhitespace }) else {
      return false
    }
    guard bytes[start] == UInt8(ascii: "{") else { return true }
    return bytes[start...].contains(0x0A)
  }
}

/// The window being read ahead on another thread, and whether the input went on.
/// Only the reading thread touches it until the caller has waited for it.
private final class _NextWindow: @unchecked Sendable {
  var bytes: [UInt8]
  /// How many of the first bytes are kept (the unfinished line).
  let kept: Int
  var more = true
  let source: any _WindowSource

  init(bytes: [UInt8], keeping kept: Int, source: any _WindowSource) {
    self.bytes = bytes
    self.kept = kept
    self.source = source
  }

  func read(count: Int) { more = source.read(into: &bytes, keeping: kept, count: count) }
}

/// What the windowed reader needs from whatever reads its whole-line pieces.
package protocol _LineWindowMerger {
  /// The line number where the next piece starts.
  var line: Int { get set }
  /// The record index the next piece starts at.
  var index: Int { get set }
  /// The non-blank lines read so far.
  var nonBlankLines: Int { get set }
  /// The counts so far.
  var statistics: CDRReadStatistics { get set }
  /// Reads `bytes[from..<to]` (whole lines); `origin` is the input offset of `bytes[0]`.
  mutating func read(
    _ bytes: [UInt8], from: Int, to: Int, origin: Int, options: CDRReader.Options,
    concurrency: Int)
  /// Rejects the line starting here as larger than the limit.
  mutating func rejectTooLarge(limit: Int)
  /// Whether ``read(inPlace:from:to:origin:options:concurrency:)`` reads the bytes where
  /// they are and keeps nothing that points into them once ``finishReads()`` returns: the
  /// windowed loop then maps a regular file's windows into memory instead of copying them
  /// into a buffer. `true` exactly for an ``_InPlaceWindowMerger``.
  static var readsInPlace: Bool { get }
  /// Reads `bytes[from..<to]` (whole lines); `origin` is the input offset of `bytes[0]`.
  /// The bytes must stay valid until the next read of the merger returns, or until
  /// ``finishReads()`` returns: a merger may still be reading a window while the next one
  /// is handed to it. Its counts, line and index cover a window once its reading is done.
  mutating func read(
    inPlace bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int, origin: Int,
    options: CDRReader.Options, concurrency: Int)
  /// Finishes reading every window handed over: the counts, line, index and rejections
  /// then cover them all.
  mutating func finishReads()
}

/// A merger that reads windows where they are (``_LineWindowMerger/readsInPlace``): it
/// implements ``_LineWindowMerger/read(inPlace:from:to:origin:options:concurrency:)``, and
/// an array is read through it, its reads finished before the array goes.
package protocol _InPlaceWindowMerger: _LineWindowMerger {}

extension _InPlaceWindowMerger {
  /// Windows are read where they are.
  package static var readsInPlace: Bool { true }

  /// Reads the array's bytes in place, and finishes the reads while they are valid.
  package mutating func read(
    _ bytes: [UInt8], from: Int, to: Int, origin: Int, options: CDRReader.Options,
    concurrency: Int
  ) {
    bytes.withUnsafeBufferPointer { bytes in
      read(
        inPlace: bytes, from: from, to: to, origin: origin, options: options,
        concurrency: concurrency)
    }
    finishReads()
  }
}

extension _LineWindowMerger {
  /// A merger reads arrays unless it is an ``_InPlaceWindowMerger``.
  package static var readsInPlace: Bool { false }

  /// A merger that reads each window during its call has nothing to finish.
  package mutating func finishReads() {}

  /// Copies the bytes into an array for ``read(_:from:to:origin:options:concurrency:)``.
  package mutating func read(
    inPlace bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int, origin: Int,
    options: CDRReader.Options, concurrency: Int
  ) {
    read(
      Array(bytes[from..<to]), from: 0, to: to - from, origin: origin + from, options: options,
      concurrency: concurrency)
  }

  /// Adds the counts of the next piece to the running totals and returns its rejections
  /// with their locations in the input.
  package mutating func count(_ counts: _ProjectedChunkCounts) -> [CDRRejection] {
    let rejections = counts.rejections(fromLine: line, index: index)
    statistics.accepted += counts.accepted
    statistics.rejected += counts.rejected
    statistics.acceptedWithDrifts += counts.acceptedWithDrifts
    index += counts.read
    line += counts.newlines
    nonBlankLines += counts.nonBlankLines
    return rejections
  }

  /// Counts the record starting here as rejected for being larger than `limit` and
  /// returns its rejection.
  package mutating func countTooLarge(limit: Int, sourceName: String) -> CDRRejection {
    let location = CDRSourceLocation(source: sourceName, line: line, index: index, pointer: "")
    index += 1
    nonBlankLines += 1
    statistics.rejected += 1
    return CDRRejection(location: location, reason: .recordTooLarge(limit: limit))
  }
}

/// Reads whole-line pieces of an NDJSON input in parallel and merges their results in
/// order, keeping the running line number and record index.
struct _LineChunkMerger: _LineWindowMerger {
  let sourceName: String
  /// The line number where the next piece starts.
  var line: Int
  /// The record index the next piece starts at.
  var index = 0
  var nonBlankLines = 0
  var statistics = CDRReadStatistics()
  var records: [CallDetailRecord] = []
  var locations: [CDRSourceLocation] = []
  var rejections: [CDRRejection] = []

  init(sourceName: String, line: Int) {
    self.sourceName = sourceName
    self.line = line
  }

  mutating func read(
    _ bytes: [UInt8], from: Int, to: Int, origin: Int, options: CDRReader.Options,
    concurrency: Int
  ) {
    read(bytes, from: from, to: to, options: options, concurrency: concurrency)
  }

  /// Reads `bytes[from..<to]` (whole lines) and appends its records and rejections.
  mutating func read(
    _ bytes: [UInt8], from: Int, to: Int, options: CDRReader.Options, concurrency: Int
  ) {
    let pieces = _LineChunkMerger.cut(
      bytes, from: from, to: to, into: Swift.min(Swift.max(1, concurrency), 1 << 16) * 2)
    let results = _ResultSlots<(result: CDRReadResult, newlines: Int, nonBlankLines: Int)>(
      count: pieces.count)
    let name = sourceName
    DispatchQueue.concurrentPerform(iterations: pieces.count) { piece in
      let reader = CDRReader(lineChunk: bytes[pieces[piece]], sourceName: name, options: options)
      results.store(reader.readLineChunk(), at: piece)
    }
    for piece in 0..<pieces.count {
      let (result, newlines, nonBlank) = results.take(at: piece)
      statistics.accepted += result.statistics.accepted
      statistics.rejected += result.statistics.rejected
      statistics.acceptedWithDrifts += result.statistics.acceptedWithDrifts
      records.append(contentsOf: result.records)
      for location in result.locations { locations.append(absolute(location)) }
      for rejection in result.rejections {
        rejections.append(
          CDRRejection(location: absolute(rejection.location), reason: rejection.reason))
      }
      index += result.statistics.read
      line += newlines
      nonBlankLines += nonBlank
    }
  }

  /// Hands every record and rejection read so far to `body` in input order, then forgets them.
  mutating func drain(_ body: (CDRReadEvent) -> Void) {
    var recordPosition = 0
    var rejectionPosition = 0
    while recordPosition < records.count || rejectionPosition < rejections.count {
      if rejectionPosition == rejections.count
        || (recordPosition < records.count
          && locations[recordPosition].index < rejections[rejectionPosition].location.index)
      {
        body(.record(records[recordPosition], locations[recordPosition]))
        recordPosition += 1
      } else {
        body(.rejection(rejections[rejectionPosition]))
        rejectionPosition += 1
      }
    }
    records.removeAll(keepingCapacity: true)
    locations.removeAll(keepingCapacity: true)
    rejections.removeAll(keepingCapacity: true)
  }

  /// Rejects the line starting here as larger than the limit.
  mutating func rejectTooLarge(limit: Int) {
    rejections.append(countTooLarge(limit: limit, sourceName: sourceName))
  }

  private func absolute(_ location: CDRSourceLocation) -> CDRSourceLocation {
    CDRSourceLocation(
      source: location.source, line: line + location.line - 1, index: index + location.index,
      pointer: location.pointer)
  }

  /// Cuts `from..<to` into about `count` ranges that end just after a newline (the last
  /// one ends at `to`).
  static func cut(_ bytes: [UInt8], from: Int, to: Int, into count: Int) -> [Range<Int>] {
    bytes.withUnsafeBufferPointer { cut($0, from: from, to: to, into: count) }
  }

  /// ``cut(_:from:to:into:)-([UInt8],_,_,_)`` for bytes in memory.
  static func cut(_ buffer: UnsafeBufferPointer<UInt8>, from: Int, to: Int, into count: Int)
    -> [Range<Int>]
  {
    let target = max(64 << 10, (to - from) / count + 1)
    var ranges: [Range<Int>] = []
    var start = from
    while start < to {
      var end = min(to, start + target)
      if end < to, let base = buffer.baseAddress,
        let found = memchr(base + end, 0x0A, to - end)
      {
        end = base.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
      } else {
        end = to
      }
      ranges.append(start..<end)
      start = end
    }
    return ranges
  }
}

/// Where the windowed reader gets its bytes.
package protocol _WindowSource: AnyObject {
  /// Bytes handed out so far.
  var bytesRead: Int { get }
  /// The first read error, if any.
  var readError: String? { get }
  /// Appends up to `count` bytes; returns `false` at the end of the input or on an error.
  func read(into buffer: inout [UInt8], count: Int) -> Bool
  /// Keeps the first `kept` bytes of `buffer` and reads up to `count` bytes after them,
  /// over whatever `buffer` held there, leaving it that long; returns `false` at the end
  /// of the input or on an error.
  func read(into buffer: inout [UInt8], keeping kept: Int, count: Int) -> Bool
}

extension _WindowSource {
  package func read(into buffer: inout [UInt8], keeping kept: Int, count: Int) -> Bool {
    buffer.removeSubrange(kept...)
    return read(into: &buffer, count: count)
  }
}

/// Bytes in memory, handed out a window at a time.
package final class _WindowMemory: _WindowSource {
  private let bytes: [UInt8]
  package private(set) var bytesRead = 0
  package var readError: String? { nil }

  package init(_ bytes: [UInt8]) { self.bytes = bytes }

  package func read(into buffer: inout [UInt8], count: Int) -> Bool {
    guard bytesRead < bytes.count else { return false }
    let end = Swift.min(bytes.count, bytesRead + count)
    buffer.append(contentsOf: bytes[bytesRead..<end])
    bytesRead = end
    return true
  }
}

/// A file read in windows, with the counts and the first read error.
package final class _WindowFile: _WindowSource {
  let descriptor: Int32
  package private(set) var bytesRead = 0
  package private(set) var readError: String?

  private let closes: Bool

  package init(path: String) throws(CDRReaderError) {
    self.descriptor = try _FileInput.open(path)
    self.closes = true
  }

  /// Reads an open descriptor (a pipe, standard input), which it leaves open.
  package init(descriptor: Int32) {
    self.descriptor = descriptor
    self.closes = false
  }

  /// Reads until `count` bytes were appended or the file ends; `false` when nothing was.
  package func read(into buffer: inout [UInt8], count: Int) -> Bool {
    read(into: &buffer, keeping: buffer.count, count: count)
  }

  /// Reads until `count` bytes followed the first `kept` of `buffer` or the file ends,
  /// over what `buffer` held after them; `false` when nothing was read. The room is made
  /// (filled with zeros) only where `buffer` is shorter than needed, so a buffer used for
  /// window after window is not filled again each time.
  package func read(into buffer: inout [UInt8], keeping kept: Int, count: Int) -> Bool {
    var total = 0
    defer { buffer.removeSubrange((kept + total)...) }
    guard readError == nil else { return false }
    if buffer.count < kept + count {
      // Room for a window and a sixteenth more: the next window keeps this one's unfinished
      // line before its own bytes, and a buffer with room for exactly one window would be
      // copied into a new one (twice the size, every page of it touched anew) for the next.
      if buffer.capacity < kept + count { buffer.reserveCapacity(kept + count + count / 16) }
      _FileInput.appendZeros(kept + count - buffer.count, to: &buffer)
    }
    while total < count {
      let got = buffer.withUnsafeMutableBytes { raw in
        _FileInput.readBytes(
          from: descriptor, into: raw.baseAddress! + kept + total, count: count - total)
      }
      switch got {
      case .success(let read):
        if read == 0 { return total > 0 }
        bytesRead += read
        total += read
      case .failure(let failure):
        readError = failure.reason
        return total > 0
      }
    }
    return true
  }

  /// Counts the bytes up to `end` as read (a mapped window's).
  func noteBytesRead(upTo end: Int) { bytesRead = Swift.max(bytesRead, end) }

  /// Reads on from byte `offset` (after mapped windows); `false` when the descriptor cannot
  /// be positioned there.
  func seek(to offset: Int) -> Bool {
    guard lseek(descriptor, off_t(offset), SEEK_SET) == off_t(offset) else {
      readError = String(cString: strerror(errno))
      return false
    }
    bytesRead = offset
    return true
  }

  deinit { if closes { close(descriptor) } }
}
