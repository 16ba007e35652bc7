#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads CDRs from a file, standard input or bytes in memory, one record at a time.
///
/// The input's shape is detected, not configured: NDJSON (one document per line), a JSON
/// array, a single document, KAZOO's API envelope (`{"data": [...], "next_start_key": ...}`,
/// including the legacy `grouped` rows), or pretty-printed documents one after another.
/// A UTF-8 byte order mark and CRLF line endings are accepted.
///
/// Reading streams: the reader holds one chunk plus the record being read, never the
/// whole input (see ``CDRReadStatistics/peakBufferedBytes``). A record that is not valid
/// JSON or not a CDR is reported as a ``CDRRejection`` with its line, index and JSON
/// Pointer, and reading goes on with the next record: always for NDJSON, and for arrays
/// whenever the element boundaries can still be found.
///
/// ```swift
/// let reader = try CDRReader(contentsOfFile: "cdrs.ndjson")
/// for event in reader {
///   switch event {
///   case .record(let leg, _): print(leg.callID)
///   case .rejection(let rejection): print(rejection)   // cdrs.ndjson:7: record 6: ...
///   }
/// }
/// print(reader.statistics.read, reader.statistics.rejected)
/// ```
///
/// A reader is a single-pass sequence (iterating it again continues where it stopped) and
/// belongs to one task at a time; it is not `Sendable`.
public final class CDRReader: Sequence, IteratorProtocol {
  /// Limits and buffer sizes.
  public struct Options: Sendable, Hashable {
    /// The largest record (an NDJSON line, an array element, a whole document) the reader
    /// will hold in memory; a larger one is skipped and rejected. Default 64 MiB.
    public var maximumRecordBytes: Int
    /// How deeply arrays and objects may nest inside one record. Default 512.
    public var maximumDepth: Int
    /// How many bytes to read from a file at a time. Default 64 KiB.
    public var chunkSize: Int
    /// Whether records are decoded on the byte-level path (straight from the bytes into the
    /// typed properties) rather than through a ``JSONValue`` per record. Both give the same
    /// records and rejections; the byte-level path is several times faster. Default `true`.
    public var usesByteLevelDecoding: Bool
    /// Whether KAZOO's event shapes are read as the legs they describe: Title-Case keys
    /// normalized as KAZOO normalizes them, `{name, args}` envelopes unwrapped, webhook
    /// payloads' channel variables moved back (see
    /// ``CallDetailRecord/init(json:readingEvents:)``). Every change is a drift, and such
    /// records are written back normalized. With `false`, such documents are read as they
    /// are (an event without `call_id` is rejected). Default `true`.
    public var readsEvents: Bool

    /// Creates options; every parameter has the documented default.
    public init(
      maximumRecordBytes: Int = 64 << 20, maximumDepth: Int = 512, chunkSize: Int = 64 << 10,
      usesByteLevelDecoding: Bool = true, readsEvents: Bool = true
    ) {
      self.readsEvents = readsEvents
      self.maximumRecordBytes = Swift.max(1, maximumRecordBytes)
      self.maximumDepth = Swift.max(1, maximumDepth)
      self.chunkSize = Swift.max(1, chunkSize)
      self.usesByteLevelDecoding = usesByteLevelDecoding
    }
  }

  private enum Mode {
    case detect
    case lines
    /// In a JSON array, or in the `data` array of an API envelope (see `rowsOfEnvelope`).
    case arrayElementOrEnd(first: Bool)
    case arraySeparator
    /// After an envelope's rows: its remaining members, up to its closing `}`.
    case restOfEnvelope
    case documents
    case finished
  }

  /// How a scan for the end of a value came out.
  private enum ScanOutcome {
    /// The value ends at this index (exclusive), or the input ends there.
    case end(Int)
    /// The value is longer than the record limit.
    case tooLarge
    /// The bytes stop being JSON at this index.
    case malformed(Int)
    /// The `[` at this index opens the rows of an API envelope.
    case envelopeRows(Int)
  }

  /// The input's name as it appears in locations and rejections.
  public let sourceName: String
  /// The options in force.
  public let options: Options
  /// The detected shape of the input; `nil` until the first call to ``next()``.
  public private(set) var format: CDRInputFormat?
  /// The counts so far.
  public private(set) var statistics = CDRReadStatistics()

  private var fileDescriptor: Int32 = -1
  private var closeWhenDone = false
  private var buffer: [UInt8] = []
  /// Lent to each record's parser for the member tables of raw objects (capacity reused).
  private var memberTable: [UInt32] = []
  private var start = 0
  private var line = 1
  private var atEndOfInput = false
  private var mode = Mode.detect
  private var pending: [CDRReadEvent] = []
  private var pendingIndex = 0
  private var recordIndex = 0
  private var documentCount = 0
  /// Elements of the array being read so far (the index in their pointers).
  private var elementCount = 0
  private var nonEmptyLineCount = 0
  private var rejectedElementReachesEnd = false
  /// Whether the array being read is the `data` of an API envelope (pointers `/data/N`,
  /// legacy grouped rows expanded, the envelope's other members read after it).
  private var rowsOfEnvelope = false
  /// The JSON Pointer prefix of the array being read: `""` or `"/data"`.
  private var arrayPointerPrefix = ""
  /// The input offset of `buffer[0]` (bytes before it were read and dropped).
  private var bufferOrigin = 0

  /// Opens a file for reading.
  ///
  /// - Throws: ``CDRReaderError/cannotOpen(path:reason:)`` when the file cannot be opened.
  public init(contentsOfFile path: String, options: Options = Options()) throws(CDRReaderError) {
    let descriptor = try _FileInput.open(path)
    self.sourceName = path
    self.options = options
    self.fileDescriptor = descriptor
    self.closeWhenDone = true
  }

  /// Reads from an open file descriptor (a pipe, a socket, standard input).
  ///
  /// - Parameters:
  ///   - fileDescriptor: the descriptor to read until end of file.
  ///   - sourceName: the name used in locations.
  ///   - closeWhenDone: whether to close the descriptor at the end of input.
  ///   - options: limits and buffer sizes.
  public init(
    fileDescriptor: Int32, sourceName: String, closeWhenDone: Bool = false,
    options: Options = Options()
  ) {
    self.sourceName = sourceName
    self.options = options
    self.fileDescriptor = fileDescriptor
    self.closeWhenDone = closeWhenDone
  }

  /// Reads from an open file descriptor whose first bytes, `prefix`, were already read from
  /// it (by the windowed reader, before it found the input is not NDJSON): the reader starts
  /// with them and goes on reading the descriptor, which it does not close.
  package convenience init(
    fileDescriptor: Int32, prefix: [UInt8], sourceName: String, options: Options
  ) {
    self.init(fileDescriptor: fileDescriptor, sourceName: sourceName, options: options)
    buffer = prefix
    statistics.bytesRead = prefix.count
    statistics.peakBufferedBytes = prefix.count
  }

  /// Reads from bytes in memory (`[UInt8]`, `Data`, a string's `utf8` view...).
  public init(
    bytes: some Sequence<UInt8>, sourceName: String = "<memory>", options: Options = Options()
  ) {
    self.sourceName = sourceName
    self.options = options
    self.buffer = Array(bytes)
    self.atEndOfInput = true
    self.statistics.bytesRead = buffer.count
    self.statistics.peakBufferedBytes = buffer.count
  }

  /// A reader of one run of whole NDJSON lines cut from a larger input (see
  /// `CDRReader+Concurrent.swift`): lines mode from the start, format already `.ndjson`,
  /// lines and record indices counted from 1 and 0.
  convenience init(lineChunk: ArraySlice<UInt8>, sourceName: String, options: Options) {
    self.init(bytes: lineChunk, sourceName: sourceName, options: options)
    mode = .lines
    format = .ndjson
    nonEmptyLineCount = 2
  }

  /// Reads a line chunk to its end: its records and rejections, the newlines it passed and
  /// its non-blank lines.
  func readLineChunk() -> (result: CDRReadResult, newlines: Int, nonBlankLines: Int) {
    let result = readAll()
    return (result, line - 1, nonEmptyLineCount - 2)
  }

  /// Where line-by-line reading starts when the input is NDJSON: after a byte order mark
  /// and leading whitespace, with the line number reached there. `nil` for every other
  /// shape (arrays, pretty-printed documents, gzip, empty input), which the sequential
  /// reader handles. The same decisions as ``next()``'s detection.
  static func lineDelimitedStart(_ bytes: UnsafeBufferPointer<UInt8>) -> (offset: Int, line: Int)? {
    var index = 0
    var line = 1
    if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
    while index < bytes.count, bytes[index].isASCIIWhitespace {
      if bytes[index] == 0x0A { line += 1 }
      index += 1
    }
    guard index < bytes.count else { return nil }
    switch bytes[index] {
    case 0x1F where index + 1 < bytes.count && bytes[index + 1] == 0x8B: return nil
    case UInt8(ascii: "["): return nil
    case UInt8(ascii: "\""):
      // A key where a document should start (a pretty document whose `{` is missing) is
      // read as documents by `detect()`; the sequential reader decides.
      return nil
    case UInt8(ascii: "{"):
      var lineEnd = index
      while lineEnd < bytes.count, bytes[lineEnd] != 0x0A { lineEnd += 1 }
      // An API envelope on the first line is read row by row, by the sequential reader.
      var scanner = _StructuralScanner(mode: .bracketedValue, watchesEnvelope: true)
      guard let end = scanner.scan(bytes, from: index, to: lineEnd),
        scanner.malformedAt == nil, scanner.envelopeRowsAt == nil
      else { return nil }
      for position in end..<lineEnd where !bytes[position].isASCIIWhitespace { return nil }
      return (index, line)
    default:
      return (index, line)
    }
  }

  /// A reader of standard input, named `<stdin>`.
  public static func standardInput(options: Options = Options()) -> CDRReader {
    CDRReader(fileDescriptor: 0, sourceName: "<stdin>", options: options)
  }

  deinit {
    if closeWhenDone && fileDescriptor >= 0 { close(fileDescriptor) }
  }

  /// Reads every remaining record at once.
  public func readAll() -> CDRReadResult {
    var records: [CallDetailRecord] = []
    var locations: [CDRSourceLocation] = []
    var rejections: [CDRRejection] = []
    while let event = next() {
      switch event {
      case .record(let record, let location):
        records.append(record)
        locations.append(location)
      case .rejection(let rejection):
        rejections.append(rejection)
      }
    }
    return CDRReadResult(
      records: records, locations: locations, rejections: rejections, statistics: statistics,
      format: format ?? .empty)
  }

  /// The next record or rejection; `nil` at the end of input.
  public func next() -> CDRReadEvent? {
    while true {
      if pendingIndex < pending.count {
        let event = pending[pendingIndex]
        pendingIndex += 1
        return event
      }
      if !pending.isEmpty {
        pending.removeAll(keepingCapacity: true)
        pendingIndex = 0
      }
      switch mode {
      case .finished:
        finish()
        return nil
      case .detect: detect()
      case .lines: readLine()
      case .arrayElementOrEnd(let first): readArrayElement(first: first)
      case .arraySeparator: readArraySeparator()
      case .restOfEnvelope: readRestOfEnvelope()
      case .documents: readDocument()
      }
    }
  }

  // MARK: - Input buffer

  /// Reads one more chunk; returns `false` at end of input.
  private func fill() -> Bool {
    if atEndOfInput { return false }
    // The bytes just before `start` stay, so `recordColumn` sees the same whether the
    // input is in memory or read in chunks.
    let kept = Swift.min(start, Self.lookBehind)
    let dropped = start - kept
    if dropped > 0 && (dropped >= buffer.count / 2 || dropped >= options.chunkSize) {
      buffer.removeSubrange(0..<dropped)
      bufferOrigin += dropped
      start = kept
    }
    var count = 0
    switch _FileInput.append(from: fileDescriptor, to: &buffer, count: options.chunkSize) {
    case .success(let appended): count = appended
    case .failure(let failure): reject(.readFailed(failure.reason), line: line, pointer: "")
    }
    if count == 0 {
      atEndOfInput = true
      if closeWhenDone && fileDescriptor >= 0 {
        close(fileDescriptor)
        fileDescriptor = -1
      }
      return false
    }
    statistics.bytesRead += count
    statistics.peakBufferedBytes = Swift.max(statistics.peakBufferedBytes, buffer.count)
    return true
  }

  /// Moves `start` to `position`, counting the newlines passed.
  private func advance(to position: Int) {
    line += countNewlines(start, position)
    start = position
  }

  private func countNewlines(_ from: Int, _ to: Int) -> Int {
    guard from < to else { return 0 }
    return buffer.withUnsafeBufferPointer { bytes in
      var count = 0
      var index = from
      while index < to {
        if bytes[index] == 0x0A { count += 1 }
        index += 1
      }
      return count
    }
  }

  /// Skips whitespace; returns `false` when the input ends first.
  private func skipWhitespace() -> Bool {
    while true {
      while start < buffer.count {
        switch buffer[start] {
        case 0x0A:
          line += 1
          start += 1
        case 0x20, 0x09, 0x0D: start += 1
        default: return true
        }
      }
      if !fill() { return false }
    }
  }

  /// The index of the next newline at or after `from`, filling the buffer as needed;
  /// `nil` at end of input (or when the line grows past the record limit).
  private func findNewline(from: Int) -> (index: Int?, tooLong: Bool) {
    var searched = from - start  // bytes already searched, relative to `start`
    while true {
      let origin = start + searched
      let found: Int? = buffer.withUnsafeBufferPointer { bytes in
        guard origin < bytes.count,
          let pointer = memchr(bytes.baseAddress! + origin, 0x0A, bytes.count - origin)
        else { return nil }
        return bytes.baseAddress!.distance(to: pointer.assumingMemoryBound(to: UInt8.self))
      }
      if let found { return (found, found - start > options.maximumRecordBytes) }
      searched = buffer.count - start
      if searched > options.maximumRecordBytes { return (nil, true) }
      // `fill` may move the unread bytes to the front; offsets from `start` stay valid.
      if !fill() { return (nil, false) }
    }
  }

  // MARK: - Detection

  private func detect() {
    while buffer.count - start < 3 && fill() {}
    if buffer.count - start >= 3, buffer[start] == 0xEF, buffer[start + 1] == 0xBB,
      buffer[start + 2] == 0xBF
    {
      start += 3
    }
    guard skipWhitespace() else {
      format = .empty
      mode = .finished
      return
    }
    while buffer.count - start < 2 && fill() {}
    let first = buffer[start]
    if first == 0x1F, start + 1 < buffer.count, buffer[start + 1] == 0x8B {
      format = .singleDocument
      reject(
        .notJSON("the input is gzip-compressed; decompress it first (for example with gunzip)"),
        line: line, pointer: "")
      mode = .finished
      return
    }
    switch first {
    case UInt8(ascii: "["):
      format = .jsonArray
      beginArray(at: start, envelope: false)
    case UInt8(ascii: "{"):
      if case .envelopeRows(let rows) = scanValue(mode: .bracketedValue, watchesEnvelope: true) {
        format = .apiEnvelope
        documentCount = 1
        beginArray(at: rows, envelope: true)
      } else {
        mode = firstLineIsCompleteValue() ? .lines : .documents
      }
    case UInt8(ascii: "\"") where !firstLineIsFollowedByObjectLine():
      // A key where a document should start: pretty-printed documents whose first `{` is
      // missing. Read as documents, its lines are rejected and the documents after it read.
      mode = .documents
    default:
      format = .ndjson
      mode = .lines
    }
  }

  /// Whether the first non-blank line after the one at `start` holds one complete object.
  private func firstLineIsFollowedByObjectLine() -> Bool {
    let (newline, tooLong) = findNewline(from: start)
    guard !tooLong, let newline else { return true }
    return nextLineIsCompleteObject(lineOffset: newline + 1 - start, orAbsent: true)
  }

  /// Whether the input is NDJSON: its first line holds one complete object and nothing
  /// else, or the next non-blank line does (the first line is then a broken record).
  private func firstLineIsCompleteValue() -> Bool {
    let (newline, tooLong) = findNewline(from: start)
    if tooLong { return true }
    let lineEnd = newline ?? buffer.count
    var scanner = _StructuralScanner(mode: .bracketedValue)
    let scanned = buffer.withUnsafeBufferPointer { scanner.scan($0, from: start, to: lineEnd) }
    guard let end = scanned, scanner.malformedAt == nil else {
      // An unfinished (or broken) first line starts a pretty-printed document, or it is a
      // truncated NDJSON record; the next line tells which. Read as a document, a
      // truncated record would swallow every line after it. A lone line is a line.
      guard let newline else { return false }
      return nextLineIsCompleteObject(lineOffset: newline + 1 - start, orAbsent: true)
    }
    if buffer[end..<lineEnd].allSatisfy(\.isASCIIWhitespace) { return true }
    // Two values on the first line: NDJSON with a bad first line when the next non-blank
    // line holds one object, concatenated documents otherwise.
    guard let newline else { return false }
    return nextLineIsCompleteObject(lineOffset: newline + 1 - start, orAbsent: false)
  }

  /// Whether the first non-blank line at or after `start + lineOffset` holds one complete
  /// object and nothing else; `orAbsent` when there is no such line. Offsets are relative
  /// to `start` because filling the buffer may move the unread bytes.
  private func nextLineIsCompleteObject(lineOffset firstOffset: Int, orAbsent: Bool) -> Bool {
    var lineOffset = firstOffset
    while true {
      let (newline, tooLong) = findNewline(from: start + lineOffset)
      if tooLong { return false }
      let lineEnd = newline ?? buffer.count
      var contentStart = start + lineOffset
      while contentStart < lineEnd, buffer[contentStart].isASCIIWhitespace { contentStart += 1 }
      if contentStart == lineEnd {
        guard let newline else { return orAbsent }
        lineOffset = newline + 1 - start
        continue
      }
      guard buffer[contentStart] == UInt8(ascii: "{") else { return false }
      var scanner = _StructuralScanner(mode: .bracketedValue)
      let scanned = buffer.withUnsafeBufferPointer {
        scanner.scan($0, from: contentStart, to: lineEnd)
      }
      guard let end = scanned, scanner.malformedAt == nil else { return false }
      return buffer[end..<lineEnd].allSatisfy(\.isASCIIWhitespace)
    }
  }

  // MARK: - NDJSON

  private func readLine() {
    guard start < buffer.count || fill() else {
      mode = .finished
      return
    }
    let (newline, tooLong) = findNewline(from: start)
    if tooLong {
      let lineNumber = line
      skipOverlongLine()
      reject(.recordTooLarge(limit: options.maximumRecordBytes), line: lineNumber, pointer: "")
      return
    }
    let lineEnd = newline ?? buffer.count
    var contentEnd = lineEnd
    if contentEnd > start, buffer[contentEnd - 1] == 0x0D { contentEnd -= 1 }
    let lineNumber = line
    let isBlank = buffer[start..<contentEnd].allSatisfy(\.isASCIIWhitespace)
    if !isBlank {
      nonEmptyLineCount += 1
      if nonEmptyLineCount == 2 { format = .ndjson }
      handleDocument(from: start, to: contentEnd, line: lineNumber, isLine: true)
    }
    if let newline {
      start = newline + 1
      line += 1
    } else {
      start = buffer.count
    }
  }

  /// Discards the rest of a line longer than the record limit without keeping it.
  private func skipOverlongLine() {
    while true {
      let found: Int? = buffer.withUnsafeBufferPointer { bytes in
        guard start < bytes.count,
          let pointer = memchr(bytes.baseAddress! + start, 0x0A, bytes.count - start)
        else { return nil }
        return bytes.baseAddress!.distance(to: pointer.assumingMemoryBound(to: UInt8.self))
      }
      if let found {
        start = found + 1
        line += 1
        return
      }
      start = buffer.count
      if !fill() { return }
    }
  }

  // MARK: - JSON array

  /// Starts reading the elements of the array whose `[` is at `bracket`: a JSON array, or
  /// the rows of an API envelope.
  private func beginArray(at bracket: Int, envelope: Bool) {
    advance(to: bracket + 1)
    rowsOfEnvelope = envelope
    arrayPointerPrefix = envelope ? "/data" : ""
    elementCount = 0
    mode = .arrayElementOrEnd(first: true)
  }

  /// After the array's `]`: the rest of the envelope, or the next document.
  private func endArray() {
    start += 1
    mode = rowsOfEnvelope ? .restOfEnvelope : .documents
  }

  private var unterminatedArray: String {
    rowsOfEnvelope ? "unterminated envelope rows: missing ']'" : "unterminated array: missing ']'"
  }

  private func readArrayElement(first: Bool) {
    guard skipWhitespace() else {
      reject(.malformedContainer(unterminatedArray), line: line, pointer: arrayPointerPrefix)
      mode = .finished
      return
    }
    switch buffer[start] {
    case UInt8(ascii: "]"):
      if !first {
        reject(
          .malformedContainer("trailing comma before ']'"), line: line,
          pointer: arrayPointerPrefix + "/\(elementCount)")
      }
      endArray()
      return
    case UInt8(ascii: ","):
      reject(
        .malformedContainer("empty array element"), line: line,
        pointer: arrayPointerPrefix + "/\(elementCount)")
      elementCount += 1
      start += 1
      return
    default:
      readElement(problem: nil)
    }
  }

  /// The rest of an envelope after its rows: its other members, up to the closing `}`.
  private func readRestOfEnvelope() {
    var scanner = _StructuralScanner.restOfObject()
    var offset = 0
    while true {
      let from = start + offset
      let to = buffer.count
      let found = buffer.withUnsafeBufferPointer { scanner.scan($0, from: from, to: to) }
      if let found {
        if scanner.malformedAt != nil {
          let error = JSONParseError(.unexpectedByte(buffer[found]), at: found - start)
          let recordLine = line
          advance(to: found)
          let errorLine = line
          let resumed = seekRecordStart(column: 0, compact: false)
          reject(
            .malformedRecord(error, recordLine: recordLine, resumedAtLine: resumed ? line : nil),
            line: errorLine, pointer: "")
          mode = resumed ? .documents : .finished
          return
        }
        advance(to: found)
        mode = .documents
        return
      }
      offset = buffer.count - start
      if !fill() {
        reject(.malformedContainer("unterminated envelope: missing '}'"), line: line, pointer: "")
        advance(to: buffer.count)
        mode = .finished
        return
      }
    }
  }

  private func readArraySeparator() {
    if rejectedElementReachesEnd {
      rejectedElementReachesEnd = false
      if start == buffer.count && !fill() {
        mode = .finished
        return
      }
    }
    guard skipWhitespace() else {
      reject(.malformedContainer(unterminatedArray), line: line, pointer: arrayPointerPrefix)
      mode = .finished
      return
    }
    switch buffer[start] {
    case UInt8(ascii: ","):
      start += 1
      mode = .arrayElementOrEnd(first: false)
    case UInt8(ascii: "]"):
      endArray()
    default:
      readElement(problem: "missing ',' between array elements")
    }
  }

  /// Cuts one array element out of the stream and reads it. `problem`, when set, rejects
  /// the element for a container error found before it.
  private func readElement(problem: String?) {
    let elementLine = line
    let pointer = arrayPointerPrefix + "/\(elementCount)"
    elementCount += 1
    let end: Int
    switch scanValue(mode: .arrayElement) {
    case .end(let found), .envelopeRows(let found): end = found
    case .tooLarge:
      mode = .arraySeparator
      skipOversizedValue(mode: .arrayElement, line: elementLine, pointer: pointer)
      return
    case .malformed(let brokenAt):
      let resumed = rejectBroken(at: brokenAt, line: elementLine, pointer: pointer)
      mode = resumed ? .arrayElementOrEnd(first: false) : .finished
      return
    }
    var contentEnd = end
    while contentEnd > start, buffer[contentEnd - 1].isASCIIWhitespace { contentEnd -= 1 }
    var accepted = false
    if let problem {
      reject(.malformedContainer(problem), line: elementLine, pointer: pointer)
    } else {
      accepted = handleRecordValue(
        from: start, to: contentEnd, line: elementLine, pointer: pointer,
        expandsGroupedRows: rowsOfEnvelope)
    }
    // An element cut off by the end of the input is reported once: the missing ']' is not
    // reported again. Whether the input ends right there may only be known after one more
    // read, so `readArraySeparator` decides.
    rejectedElementReachesEnd = end == buffer.count && !accepted && problem == nil
    advance(to: end)
    mode = .arraySeparator
  }

  // MARK: - Whole documents

  private func readDocument() {
    guard skipWhitespace() else {
      mode = .finished
      return
    }
    let documentLine = line
    let first = buffer[start]
    if first == UInt8(ascii: "[") {
      // Another array after the first value: read element by element, like the first.
      documentCount += 1
      if format == nil { format = .jsonArray }
      if documentCount == 2 { format = .concatenatedDocuments }
      beginArray(at: start, envelope: false)
    } else if first == UInt8(ascii: "{") {
      documentCount += 1
      if format == nil { format = .singleDocument }
      if documentCount == 2 { format = .concatenatedDocuments }
      switch scanValue(mode: .bracketedValue, watchesEnvelope: true) {
      case .end(let end):
        handleDocument(from: start, to: end, line: documentLine, isLine: false)
        advance(to: end)
      case .envelopeRows(let rows):
        if format == .singleDocument { format = .apiEnvelope }
        beginArray(at: rows, envelope: true)
      case .tooLarge:
        skipOversizedValue(mode: .bracketedValue, line: documentLine, pointer: "")
      case .malformed(let brokenAt):
        if !rejectBroken(at: brokenAt, line: documentLine, pointer: "") { mode = .finished }
      }
    } else {
      // Not a value that can hold records: report the rest of the line.
      let (newline, _) = findNewline(from: start)
      let end = Swift.min(newline ?? buffer.count, start + options.maximumRecordBytes)
      handleDocument(from: start, to: end, line: documentLine, isLine: false)
      advance(to: end)
    }
  }

  /// Scans from `start` to the end of the value or element, filling the buffer as needed:
  /// the end index (exclusive, or the end of input when the value is unterminated), where
  /// the bytes stop being JSON, where an envelope's rows start (`watchesEnvelope`), or that
  /// the value is longer than the record limit.
  private func scanValue(
    mode scanMode: _StructuralScanner.Mode, watchesEnvelope: Bool = false
  ) -> ScanOutcome {
    var scanner = _StructuralScanner(mode: scanMode, watchesEnvelope: watchesEnvelope)
    var offset = 0  // scanned bytes, relative to `start`
    let limit = options.maximumRecordBytes
    while true {
      let from = start + offset
      let to = buffer.count
      let found = buffer.withUnsafeBufferPointer { scanner.scan($0, from: from, to: to) }
      // The limit holds however much of the input is already in memory, so bytes in memory
      // and the same bytes read in chunks give the same records.
      if let found {
        if scanner.envelopeRowsAt != nil { return .envelopeRows(found) }
        if found - start > limit { return .tooLarge }
        return scanner.malformedAt != nil ? .malformed(found) : .end(found)
      }
      offset = buffer.count - start
      // An envelope's members before its rows must fit in the limit too.
      if offset > limit { return .tooLarge }
      if !fill() { return buffer.count - start > limit ? .tooLarge : .end(buffer.count) }
    }
  }

  /// Rejects the record at `start` that stops being JSON at `brokenAt`, and moves `start`
  /// to where the next record can start: the `{` the broken record ran into, or the next
  /// `{` that opens a line at the broken record's indentation or less (one after a `,` when
  /// the broken record did not open its line). Returns whether such a place was found
  /// before the end of input.
  private func rejectBroken(at brokenAt: Int, line recordLine: Int, pointer: String) -> Bool {
    let error: JSONParseError
    switch parse(from: start, to: Swift.min(brokenAt + 1, buffer.count)) {
    case .failure(let failure): error = failure
    case .success:
      error = JSONParseError(.unexpectedByte(buffer[brokenAt]), at: brokenAt - start)
    }
    let errorLine =
      recordLine + countNewlines(start, start + Swift.min(error.offset, brokenAt - start))
    let (column, compact) = recordColumn()
    advance(to: brokenAt)
    let resumed = seekRecordStart(column: column, compact: compact)
    reject(
      .malformedRecord(error, recordLine: recordLine, resumedAtLine: resumed ? line : nil),
      line: errorLine, pointer: pointer)
    return resumed
  }

  /// The column of the record at `start` when it opens its line (`nil` when that is not
  /// known), and whether it follows other text on its line (a single-line array).
  private func recordColumn() -> (column: Int?, compact: Bool) {
    var index = start - 1
    let floor = Swift.max(0, start - Self.lookBehind)
    while index >= floor {
      switch buffer[index] {
      case 0x0A: return (start - index - 1, false)
      case 0x20, 0x09, 0x0D: index -= 1
      default: return (nil, true)
      }
    }
    return floor == 0 && bufferOrigin == 0 ? (start, false) : (nil, false)
  }

  /// How many bytes before `start` the buffer keeps, for `recordColumn`.
  private static let lookBehind = 256

  /// Moves `start` from a broken record's failing byte to the next place a record can
  /// start (see `rejectBroken`); returns `false`, with `start` at the end, when there is none.
  ///
  /// In pretty-printed text strings are followed, and reset at each line break (JSON
  /// strings hold none). On a single line a missing quote turns every string inside out,
  /// so there the search ignores strings and takes the first `,{"`: an object that follows
  /// a comma and opens with a key, as the next element of an array of records does.
  private func seekRecordStart(column: Int?, compact: Bool) -> Bool {
    if start < buffer.count, buffer[start] == UInt8(ascii: "{") { return true }
    var position = start
    var inString = false
    var escaped = false
    var atLineStart = false
    var lineColumn = 0
    var previous: UInt8 = 0
    while true {
      scanning: while position < buffer.count {
        let byte = buffer[position]
        if byte == 0x0A {
          // Strings never span lines, so a line starts outside any string.
          inString = false
          escaped = false
          atLineStart = true
          lineColumn = 0
          previous = byte
        } else if inString && !compact {
          if escaped {
            escaped = false
          } else if byte == UInt8(ascii: "\\") {
            escaped = true
          } else if byte == UInt8(ascii: "\"") {
            inString = false
          }
        } else {
          switch byte {
          case 0x20, 0x09, 0x0D:
            if atLineStart { lineColumn += 1 }
          case UInt8(ascii: "{"):
            let opensLine = atLineStart && (column.map { lineColumn <= $0 } ?? true)
            // The byte after the brace decides; it may not have been read yet.
            if compact && previous == UInt8(ascii: ",") && position + 1 == buffer.count {
              break scanning
            }
            let followsComma =
              compact && previous == UInt8(ascii: ",") && position + 1 < buffer.count
              && buffer[position + 1] == UInt8(ascii: "\"")
            if opensLine || followsComma {
              advance(to: position)
              return true
            }
            atLineStart = false
            previous = byte
          case UInt8(ascii: "\""):
            inString = true
            atLineStart = false
            previous = byte
          default:
            atLineStart = false
            previous = byte
          }
        }
        position += 1
      }
      advance(to: position)
      if !fill() { return false }
      position = start
    }
  }

  /// Skips the rest of a value that grew past the record limit, keeping nothing, and
  /// rejects it. A value that also stops being JSON is skipped up to where the next record
  /// can start (see `rejectBroken`).
  private func skipOversizedValue(
    mode scanMode: _StructuralScanner.Mode, line valueLine: Int, pointer: String
  ) {
    var scanner = _StructuralScanner(mode: scanMode)
    let (column, compact) = recordColumn()
    while true {
      let from = start
      let to = buffer.count
      let found = buffer.withUnsafeBufferPointer { scanner.scan($0, from: from, to: to) }
      if let found {
        advance(to: found)
        break
      }
      advance(to: buffer.count)
      if !fill() { break }
    }
    reject(.recordTooLarge(limit: options.maximumRecordBytes), line: valueLine, pointer: pointer)
    guard scanner.malformedAt != nil else { return }
    if !seekRecordStart(column: column, compact: compact) {
      mode = .finished
    } else if scanMode == .arrayElement {
      mode = .arrayElementOrEnd(first: false)
    }
  }

  // MARK: - Records

  /// Parses one document (an NDJSON line or a whole document) and emits its records:
  /// the document itself, an array's elements, or an API envelope's rows.
  private func handleDocument(from: Int, to: Int, line documentLine: Int, isLine: Bool) {
    switch parseRecord(from: from, to: to) {
    case .failure(let error)?:
      let errorLine = documentLine + countNewlines(from, Swift.min(to, from + error.offset))
      reject(.malformedJSON(error), line: errorLine, pointer: "")
      return
    case .success(let record?)?:
      if isLine && nonEmptyLineCount == 1 { format = .singleDocument }
      accept(record, line: documentLine, pointer: "")
      return
    case .success(nil)?, nil:
      break
    }
    let parsed = parse(from: from, to: to)
    switch parsed {
    case .failure(let error):
      let errorLine = documentLine + countNewlines(from, Swift.min(to, from + error.offset))
      reject(.malformedJSON(error), line: errorLine, pointer: "")
    case .success(let value):
      if isLine && nonEmptyLineCount == 1 { format = .singleDocument }
      readDocumentValue(value, line: documentLine)
    }
  }

  /// Parses and reads one array element; returns whether it parsed as JSON. An envelope's
  /// row in the legacy `grouped=true` shape (`{A-leg call id: [legs...]}`) yields its legs
  /// when `expandsGroupedRows` is set.
  private func handleRecordValue(
    from: Int, to: Int, line recordLine: Int, pointer: String, expandsGroupedRows: Bool
  ) -> Bool {
    switch parseRecord(from: from, to: to) {
    case .failure(let error)?:
      let errorLine = recordLine + countNewlines(from, Swift.min(to, from + error.offset))
      reject(.malformedJSON(error), line: errorLine, pointer: pointer)
      return false
    case .success(let record?)?:
      accept(record, line: recordLine, pointer: pointer)
      return true
    case .success(nil)?, nil:
      break
    }
    switch parse(from: from, to: to) {
    case .failure(let error):
      let errorLine = recordLine + countNewlines(from, Swift.min(to, from + error.offset))
      reject(.malformedJSON(error), line: errorLine, pointer: pointer)
      return false
    case .success(let value):
      if expandsGroupedRows, case .object(let groups) = value, groups["call_id"] == nil,
        !groups.isEmpty, groups.values.allSatisfy({ $0.arrayValue != nil })
      {
        for key in groups.keys.sorted(by: JSONValue.keyOrder) {
          for (legIndex, leg) in (groups[key]?.arrayValue ?? []).enumerated() {
            accept(
              leg, line: recordLine, pointer: pointer + "/\(JSONPointer.escape(key))/\(legIndex)")
          }
        }
      } else {
        accept(value, line: recordLine, pointer: pointer)
      }
      return true
    }
  }

  /// Reads one record on the byte-level path when the reader uses it; `nil` (or a `nil`
  /// record) when the general path must decide.
  private func parseRecord(from: Int, to: Int) -> Result<CallDetailRecord?, JSONParseError>? {
    guard options.usesByteLevelDecoding else { return nil }
    return buffer.withUnsafeBufferPointer { bytes in
      var parser = JSONParser(
        bytes: UnsafeBufferPointer(rebasing: bytes[from..<to]), maximumDepth: options.maximumDepth)
      swap(&parser.memberTable, &memberTable)
      defer { swap(&parser.memberTable, &memberTable) }
      return Result { () throws(JSONParseError) in try parser.parseRecordDocument() }
    }
  }

  private func parse(from: Int, to: Int) -> Result<JSONValue, JSONParseError> {
    buffer.withUnsafeBufferPointer { bytes in
      var parser = JSONParser(
        bytes: UnsafeBufferPointer(rebasing: bytes[from..<to]), maximumDepth: options.maximumDepth)
      return Result { () throws(JSONParseError) in try parser.parseDocument() }
    }
  }

  /// Reads a document parsed whole: an NDJSON line, or an object of the documents shape
  /// that the byte-level path left to the general one. Arrays and API envelopes are read
  /// element by element before they get here (`beginArray`), so on a line they break the
  /// rule of one record per line and are rejected as that line's record.
  private func readDocumentValue(_ value: JSONValue, line documentLine: Int) {
    switch value {
    case .object(let members) where members["call_id"] == nil && members["data"]?.arrayValue != nil:
      reject(.notOneRecordPerLine("a KAZOO API envelope"), line: documentLine, pointer: "")
    case .array:
      reject(.notOneRecordPerLine("a JSON array"), line: documentLine, pointer: "")
    default:
      accept(value, line: documentLine, pointer: "")
    }
  }

  private func accept(_ record: CallDetailRecord, line recordLine: Int, pointer: String) {
    let location = CDRSourceLocation(
      source: sourceName, line: recordLine, index: recordIndex, pointer: pointer)
    recordIndex += 1
    var record = record
    if options.readsEvents, _EventShape.mayBeWebhook(record) {
      do throws(CDRRecordError) {
        try _EventShape.liftWebhookFields(&record)
      } catch {
        statistics.rejected += 1
        pending.append(.rejection(CDRRejection(location: location, reason: .notARecord(error))))
        return
      }
    }
    if record.isKazooListingRow {
      statistics.rejected += 1
      pending.append(
        .rejection(CDRRejection(location: location, reason: .notARecord(.kazooListingRow))))
      return
    }
    statistics.accepted += 1
    if !record.drifts.isEmpty { statistics.acceptedWithDrifts += 1 }
    pending.append(.record(record, location))
  }

  private func accept(_ value: JSONValue, line recordLine: Int, pointer: String) {
    let location = CDRSourceLocation(
      source: sourceName, line: recordLine, index: recordIndex, pointer: pointer)
    recordIndex += 1
    do throws(CDRRecordError) {
      let record = try CallDetailRecord(json: value, readingEvents: options.readsEvents)
      if record.isKazooListingRow { throw .kazooListingRow }
      statistics.accepted += 1
      if !record.drifts.isEmpty { statistics.acceptedWithDrifts += 1 }
      pending.append(.record(record, location))
    } catch {
      statistics.rejected += 1
      pending.append(.rejection(CDRRejection(location: location, reason: .notARecord(error))))
    }
  }

  private func reject(_ reason: CDRRejectionReason, line rejectionLine: Int, pointer: String) {
    let location = CDRSourceLocation(
      source: sourceName, line: rejectionLine, index: recordIndex, pointer: pointer)
    recordIndex += 1
    statistics.rejected += 1
    pending.append(.rejection(CDRRejection(location: location, reason: reason)))
  }

  private func finish() {
    if format == nil { format = .empty }
    if closeWhenDone && fileDescriptor >= 0 {
      close(fileDescriptor)
      fileDescriptor = -1
    }
  }
}
