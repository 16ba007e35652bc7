#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

// The line loop shared by the readers that try a fast reading of each NDJSON line first (the
// leg projection, the copying path) and leave every line they are unsure of to the full
// reader.

extension CDRReader {
  /// Reads the whole NDJSON lines `buffer[range]` as a line-chunk reader would: each
  /// non-blank line within the size limit goes to `fast` first (with its bytes, without the
  /// line end, and their range in `buffer`), which handles it and returns `true` when it is
  /// sure the reader accepts it; otherwise the full reader reads that line and decides, with
  /// its own reasons and locations, and each record it accepts goes to `record` with the
  /// range of its line. Lines are handled in order.
  ///
  /// A line that starts with `{` goes first to `unbounded` (by default, none), with the
  /// bytes from its start to the end of `range` and the position of its start in `buffer`,
  /// before its end is looked for (which costs a pass over every byte); see
  /// ``_UnboundedLine`` for what it answers.
  package static func readLineChunk(
    _ buffer: UnsafeBufferPointer<UInt8>, range: Range<Int>, sourceName: String,
    options: Options, fast: (UnsafeBufferPointer<UInt8>, _ line: Range<Int>) -> Bool,
    unbounded: (UnsafeBufferPointer<UInt8>, _ start: Int) -> _UnboundedLine = { _, _ in
      .unsure
    },
    record: (CallDetailRecord, _ line: Range<Int>) -> Void
  ) -> _ProjectedChunkCounts {
    var counts = _ProjectedChunkCounts()
    guard let base = buffer.baseAddress else { return counts }
    var start = range.lowerBound
    let end = range.upperBound
    let tryUnbounded = options.usesByteLevelDecoding
    while start < end {
      var fastMayAccept = true
      if tryUnbounded, buffer[start] == UInt8(ascii: "{") {
        switch unbounded(UnsafeBufferPointer(rebasing: buffer[start..<end]), start) {
        case .read(let newline):
          counts.nonBlankLines += 1
          counts.read += 1
          counts.accepted += 1
          if newline < end {
            counts.newlines += 1
            start = newline + 1
          } else {
            start = end
          }
          continue
        case .unsure: break
        case .declined: fastMayAccept = false
        }
      }
      var lineEnd = end
      if let found = memchr(base + start, 0x0A, end - start) {
        lineEnd = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
      }
      let hasNewline = lineEnd < end
      var contentEnd = lineEnd
      if contentEnd > start, buffer[contentEnd - 1] == 0x0D { contentEnd -= 1 }
      var blank = true
      for position in start..<contentEnd where !buffer[position].isASCIIWhitespace {
        blank = false
        break
      }
      if !blank {
        counts.nonBlankLines += 1
        if options.usesByteLevelDecoding, fastMayAccept,
          lineEnd - start <= options.maximumRecordBytes,
          fast(UnsafeBufferPointer(rebasing: buffer[start..<contentEnd]), start..<contentEnd)
        {
          counts.read += 1
          counts.accepted += 1
        } else {
          // The full reader on this line alone: its decision, its reasons, its locations.
          let lineBytes = buffer[start..<(hasNewline ? lineEnd + 1 : lineEnd)]
          let reader = CDRReader(
            lineChunk: ArraySlice(lineBytes), sourceName: sourceName, options: options)
          let (result, _, _) = reader.readLineChunk()
          for accepted in result.records { record(accepted, start..<contentEnd) }
          let lineNumber = counts.newlines + 1
          for rejection in result.rejections {
            let location = rejection.location
            counts.rejections.append(
              CDRRejection(
                location: CDRSourceLocation(
                  source: location.source, line: lineNumber + location.line - 1,
                  index: counts.read + location.index, pointer: location.pointer),
                reason: rejection.reason))
          }
          counts.read += result.statistics.read
          counts.accepted += result.statistics.accepted
          counts.rejected += result.statistics.rejected
          counts.acceptedWithDrifts += result.statistics.acceptedWithDrifts
        }
      }
      if hasNewline {
        counts.newlines += 1
        start = lineEnd + 1
      } else {
        start = end
      }
    }
    return counts
  }
}

/// What a line chunk's `unbounded` reader made of a line it was given before its end was
/// found (``CDRReader/readLineChunk(_:range:sourceName:options:fast:unbounded:record:)``).
package enum _UnboundedLine {
  /// It read the line, which ends at `newline` (the position in the chunk's buffer of its
  /// newline, or of the chunk's end): it is sure that the line ends there, that the line is
  /// within the size limit and that `fast` would have accepted it.
  case read(newline: Int)
  /// It cannot tell: the line is cut at its newline and goes to `fast`, as usual.
  case unsure
  /// `fast` would not accept the line: the full reader reads it at once.
  case declined
}
