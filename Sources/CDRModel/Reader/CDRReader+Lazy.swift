#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

extension CDRReader {
  /// Reads every record of `bytes` as a ``LazyCallDetailRecord``, with exactly the records,
  /// rejections, locations and counts of reading them with ``init(bytes:sourceName:options:)``.
  ///
  /// On NDJSON each line is scanned once; a line whose verdict is certain becomes a record
  /// that keeps its own bytes (a copy of the line, not of `bytes`) and decodes a property
  /// when it is read. Every other line (escaped keys, a repeated key, an event, malformed
  /// JSON, a line over the size limit...) is read by the full reader, which accepts it
  /// (the record then holds its eager form) or rejects it with its usual reason and
  /// location. Other shapes (arrays, envelopes, documents) are read by the sequential
  /// reader, and each record it accepts is handed over in its eager form.
  ///
  /// `rejected` and `record` are called in input order; return `false` from `record` to
  /// stop (the counts then cover what was read). `read == accepted + rejected` holds.
  ///
  /// ```swift
  /// var callIDs: [String] = []
  /// let statistics = CDRReader.readLazyRecords(
  ///   bytes: Array(text.utf8),
  ///   rejected: { print("skipped:", $0) },
  ///   record: { leg, _ in
  ///     callIDs.append(leg.callID)  // decodes `call_id` only
  ///     return true
  ///   })
  /// ```
  ///
  /// - Parameters:
  ///   - bytes: the input, held in memory while it is read.
  ///   - sourceName: the name used in locations.
  ///   - options: limits, as for ``init(bytes:sourceName:options:)``.
  ///   - rejected: called with each rejection.
  ///   - record: called with each accepted record and its location; returns whether to go on.
  /// - Returns: the reader's counts.
  @discardableResult
  public static func readLazyRecords(
    bytes: [UInt8], sourceName: String = "<memory>", options: Options = Options(),
    rejected: (CDRRejection) -> Void,
    record: (LazyCallDetailRecord, CDRSourceLocation) -> Bool
  ) -> CDRReadStatistics {
    guard let (offset, firstLine) = bytes.withUnsafeBufferPointer({ lineDelimitedStart($0) })
    else {
      let reader = CDRReader(bytes: bytes, sourceName: sourceName, options: options)
      while let event = reader.next() {
        switch event {
        case .record(let accepted, let location):
          if !record(LazyCallDetailRecord(accepted), location) { return reader.statistics }
        case .rejection(let rejection):
          rejected(rejection)
        }
      }
      return reader.statistics
    }
    var statistics = CDRReadStatistics()
    statistics.bytesRead = bytes.count
    statistics.peakBufferedBytes = bytes.count
    var shapes = _MemberShapes()
    bytes.withUnsafeBufferPointer { buffer in
      guard let base = buffer.baseAddress else { return }
      var start = offset
      var line = firstLine
      while start < buffer.count {
        var lineEnd = buffer.count
        if let found = memchr(base + start, 0x0A, buffer.count - start) {
          lineEnd = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        }
        let hasNewline = lineEnd < buffer.count
        var contentEnd = lineEnd
        if contentEnd > start, buffer[contentEnd - 1] == 0x0D { contentEnd -= 1 }
        if buffer[start..<contentEnd].contains(where: { !$0.isASCIIWhitespace }) {
          let goesOn: Bool
          if options.usesByteLevelDecoding, lineEnd - start <= options.maximumRecordBytes,
            let backing = _LazyRecordBytes.make(
              UnsafeBufferPointer(rebasing: buffer[start..<contentEnd]),
              maximumDepth: options.maximumDepth, shapes: &shapes)
          {
            let location = CDRSourceLocation(
              source: sourceName, line: line, index: statistics.read, pointer: "")
            statistics.accepted += 1
            if backing.hasDrifts { statistics.acceptedWithDrifts += 1 }
            goesOn = record(LazyCallDetailRecord(_backing: backing), location)
          } else {
            // The full reader on this line alone: its decision, reasons and locations.
            let result = readLine(
              ArraySlice(buffer[start..<(hasNewline ? lineEnd + 1 : lineEnd)]),
              sourceName: sourceName, options: options)
            goesOn = deliver(
              result, line: line, firstIndex: statistics.read, rejected: rejected, record: record)
            statistics.accepted += result.statistics.accepted
            statistics.rejected += result.statistics.rejected
            statistics.acceptedWithDrifts += result.statistics.acceptedWithDrifts
          }
          if !goesOn { return }
        }
        guard hasNewline else { return }
        start = lineEnd + 1
        line += 1
      }
    }
    return statistics
  }

  /// Hands over what the full reader read from one line (at `line`, its first record
  /// numbered `firstIndex`), with locations moved from the line's own to the input's, in
  /// index order. Returns whether to go on.
  private static func deliver(
    _ result: CDRReadResult, line: Int, firstIndex: Int, rejected: (CDRRejection) -> Void,
    record: (LazyCallDetailRecord, CDRSourceLocation) -> Bool
  ) -> Bool {
    func moved(_ location: CDRSourceLocation) -> CDRSourceLocation {
      CDRSourceLocation(
        source: location.source, line: line + location.line - 1,
        index: firstIndex + location.index, pointer: location.pointer)
    }
    var events: [(index: Int, event: CDRReadEvent)] = []
    for (accepted, location) in zip(result.records, result.locations) {
      events.append((location.index, .record(accepted, moved(location))))
    }
    for rejection in result.rejections {
      let moved = CDRRejection(location: moved(rejection.location), reason: rejection.reason)
      events.append((rejection.location.index, .rejection(moved)))
    }
    for (_, event) in events.sorted(by: { $0.index < $1.index }) {
      switch event {
      case .record(let accepted, let location):
        if !record(LazyCallDetailRecord(accepted), location) { return false }
      case .rejection(let rejection):
        rejected(rejection)
      }
    }
    return true
  }
}
