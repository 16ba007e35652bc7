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

    /// Creates options; every parameter has the documented default.
    public init(
      maximumRecordBytes: Int = 64 << 20, maximumDepth: Int = 512, chunkSize: Int = 64 << 10,
      usesByteLevelDecoding: Bool = true
    ) {
      self.maximumRecordBytes = Swift.max(1, maximumRecordBytes)
      self.maximumDepth = Swift.max(1, maximumDepth)
      self.chunkSize = Swift.max(1, chunkSize)
      self.usesByteLevelDecoding = usesByteLevelDecoding
    }
  }

  private enum Mode {
    case detect
    case lines
    case arrayElementOrEnd(first: Bool)
    case arraySeparator
    case documents
    case finished
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
  private var nonEmptyLineCount = 0
  private var rejectedElementReachesEnd = false

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
    case UInt8(ascii: "{"):
      var lineEnd = index
      while lineEnd < bytes.count, bytes[lineEnd] != 0x0A { lineEnd += 1 }
      var scanner = _StructuralScanner(mode: .bracketedValue)
      guard let end = scanner.scan(bytes, from: index, to: lineEnd) else { return nil }
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
      case .documents: readDocument()
      }
    }
  }

  // MARK: - Input buffer

  /// Reads one more chunk; returns `false` at end of input.
  private func fill() -> Bool {
    if atEndOfInput { return false }
    if start > 0 && (start >= buffer.count / 2 || start >= options.chunkSize) {
      buffer.removeSubrange(0..<start)
      start = 0
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
      start += 1
      mode = .arrayElementOrEnd(first: true)
    case UInt8(ascii: "{"):
      mode = firstLineIsCompleteValue() ? .lines : .documents
    default:
      format = .ndjson
      mode = .lines
    }
  }

  /// Whether the line at `start` holds one complete bracketed value and nothing else.
  private func firstLineIsCompleteValue() -> Bool {
    let (newline, tooLong) = findNewline(from: start)
    if tooLong { return true }
    let lineEnd = newline ?? buffer.count
    var scanner = _StructuralScanner(mode: .bracketedValue)
    let end = buffer.withUnsafeBufferPointer { scanner.scan($0, from: start, to: lineEnd) }
    guard let end else {
      // An unfinished first line starts a pretty-printed document, or it is a truncated
      // NDJSON record; the next line tells which. Read as a document, a truncated record
      // would swallow every line after it.
      guard let newline else { return false }
      return nextLineIsCompleteObject(lineOffset: newline + 1 - start)
    }
    return buffer[end..<lineEnd].allSatisfy(\.isASCIIWhitespace)
  }

  /// Whether the first non-blank line at or after `start + lineOffset` holds one complete
  /// object and nothing else. Offsets are relative to `start` because filling the buffer
  /// may move the unread bytes.
  private func nextLineIsCompleteObject(lineOffset firstOffset: Int) -> Bool {
    var lineOffset = firstOffset
    while true {
      let (newline, tooLong) = findNewline(from: start + lineOffset)
      if tooLong { return false }
      let lineEnd = newline ?? buffer.count
      var contentStart = start + lineOffset
      while contentStart < lineEnd, buffer[contentStart].isASCIIWhitespace { contentStart += 1 }
      if contentStart == lineEnd {
        guard let newline else { return false }
        lineOffset = newline + 1 - start
        continue
      }
      guard buffer[contentStart] == UInt8(ascii: "{") else { return false }
      var scanner = _StructuralScanner(mode: .bracketedValue)
      let end = buffer.withUnsafeBufferPointer {
        scanner.scan($0, from: contentStart, to: lineEnd)
      }
      guard let end else { return false }
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

  private func readArrayElement(first: Bool) {
    guard skipWhitespace() else {
      reject(.malformedContainer("unterminated array: missing ']'"), line: line, pointer: "")
      mode = .finished
      return
    }
    switch buffer[start] {
    case UInt8(ascii: "]"):
      if !first {
        reject(
          .malformedContainer("trailing comma before ']'"), line: line, pointer: "/\(documentCount)"
        )
      }
      start += 1
      mode = .documents
      return
    case UInt8(ascii: ","):
      reject(.malformedContainer("empty array element"), line: line, pointer: "/\(documentCount)")
      documentCount += 1
      start += 1
      return
    default:
      readElement(problem: nil)
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
      reject(.malformedContainer("unterminated array: missing ']'"), line: line, pointer: "")
      mode = .finished
      return
    }
    switch buffer[start] {
    case UInt8(ascii: ","):
      start += 1
      mode = .arrayElementOrEnd(first: false)
    case UInt8(ascii: "]"):
      start += 1
      mode = .documents
    default:
      readElement(problem: "missing ',' between array elements")
    }
  }

  /// Cuts one array element out of the stream and reads it. `problem`, when set, rejects
  /// the element for a container error found before it.
  private func readElement(problem: String?) {
    let elementLine = line
    let pointer = "/\(documentCount)"
    documentCount += 1
    guard let end = scanValue(mode: .arrayElement) else {
      skipOversizedValue(mode: .arrayElement, line: elementLine, pointer: pointer)
      mode = .arraySeparator
      return
    }
    var contentEnd = end
    while contentEnd > start, buffer[contentEnd - 1].isASCIIWhitespace { contentEnd -= 1 }
    var accepted = false
    if let problem {
      reject(.malformedContainer(problem), line: elementLine, pointer: pointer)
    } else {
      accepted = handleRecordValue(from: start, to: contentEnd, line: elementLine, pointer: pointer)
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
    if first == UInt8(ascii: "{") || first == UInt8(ascii: "[") {
      documentCount += 1
      if format == nil { format = .singleDocument }
      if documentCount == 2, format != .jsonArray { format = .concatenatedDocuments }
      guard let end = scanValue(mode: .bracketedValue) else {
        skipOversizedValue(mode: .bracketedValue, line: documentLine, pointer: "")
        return
      }
      handleDocument(from: start, to: end, line: documentLine, isLine: false)
      advance(to: end)
    } else {
      // Not a value that can hold records: report the rest of the line.
      let (newline, _) = findNewline(from: start)
      let end = Swift.min(newline ?? buffer.count, start + options.maximumRecordBytes)
      handleDocument(from: start, to: end, line: documentLine, isLine: false)
      advance(to: end)
    }
  }

  /// Scans from `start` to the end of the value or element, filling the buffer as needed.
  /// Returns the end index (exclusive), the end of input when the value is unterminated,
  /// or `nil` when the value is longer than the record limit.
  private func scanValue(mode scanMode: _StructuralScanner.Mode) -> Int? {
    var scanner = _StructuralScanner(mode: scanMode)
    var offset = 0  // scanned bytes, relative to `start`
    while true {
      let from = start + offset
      let to = buffer.count
      let found = buffer.withUnsafeBufferPointer { scanner.scan($0, from: from, to: to) }
      // The limit holds however much of the input is already in memory, so bytes in memory
      // and the same bytes read in chunks give the same records.
      if let found { return found - start > options.maximumRecordBytes ? nil : found }
      offset = buffer.count - start
      if offset > options.maximumRecordBytes { return nil }
      if !fill() { return buffer.count - start > options.maximumRecordBytes ? nil : buffer.count }
    }
  }

  /// Skips the rest of a value that grew past the record limit, keeping nothing, and
  /// rejects it.
  private func skipOversizedValue(
    mode scanMode: _StructuralScanner.Mode, line valueLine: Int, pointer: String
  ) {
    var scanner = _StructuralScanner(mode: scanMode)
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
      emitRecords(in: value, line: documentLine, pointer: "")
    }
  }

  /// Parses and reads one array element; returns whether it parsed as JSON.
  private func handleRecordValue(from: Int, to: Int, line recordLine: Int, pointer: String) -> Bool
  {
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
      accept(value, line: recordLine, pointer: pointer)
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

  private func emitRecords(in value: JSONValue, line documentLine: Int, pointer: String) {
    switch value {
    case .object(let members) where members["call_id"] == nil:
      guard case .array(let rows)? = members["data"] else {
        accept(value, line: documentLine, pointer: pointer)
        return
      }
      if format == .singleDocument || format == nil { format = .apiEnvelope }
      for (rowIndex, row) in rows.enumerated() {
        let rowPointer = pointer + "/data/\(rowIndex)"
        if case .object(let groups) = row, groups["call_id"] == nil, !groups.isEmpty,
          groups.values.allSatisfy({ $0.arrayValue != nil })
        {
          // The legacy `grouped=true` shape: {A-leg call id: [legs...]}.
          for key in groups.keys.sorted(by: JSONValue.keyOrder) {
            for (legIndex, leg) in groups[key]!.arrayValue!.enumerated() {
              accept(
                leg, line: documentLine,
                pointer: rowPointer + "/\(JSONPointer.escape(key))/\(legIndex)")
            }
          }
        } else {
          accept(row, line: documentLine, pointer: rowPointer)
        }
      }
    case .array(let elements):
      if format == .singleDocument { format = .jsonArray }
      for (elementIndex, element) in elements.enumerated() {
        accept(element, line: documentLine, pointer: pointer + "/\(elementIndex)")
      }
    default:
      accept(value, line: documentLine, pointer: pointer)
    }
  }

  private func accept(_ record: CallDetailRecord, line recordLine: Int, pointer: String) {
    let location = CDRSourceLocation(
      source: sourceName, line: recordLine, index: recordIndex, pointer: pointer)
    recordIndex += 1
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
      let record = try CallDetailRecord(json: value)
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
