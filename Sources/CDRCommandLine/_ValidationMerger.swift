import CDRKit
import CDRValidation
import Dispatch

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

// `cdr validate` on every core: each window's whole lines are cut into pieces, and each
// piece renders its result lines into one byte buffer on its own core. A line the
// byte-level check is sure of ("accepted, no violation") is written from its bytes; any
// other line is read by the full reader and its record validated, exactly as the record
// path does, inside the piece. The drain writes the pieces in order, reporting each
// rejection on standard error where the record path would have.

/// The result lines of one piece, with the rejections to report among them.
struct _ValidationPiece {
  /// The piece's standard output.
  var output: [UInt8] = []
  /// Each rejection with the number of output bytes written before it.
  var rejections: [(offset: Int, rejection: CDRRejection)] = []
  var valid = 0
  var invalid = 0
  var read = 0
  var accepted = 0
  var rejected = 0
  /// Records with drifts among those the full reader read (lines the byte-level check
  /// was sure of are not counted; `cdr validate` does not report the figure).
  var acceptedWithDrifts = 0
  var newlines = 0
  var nonBlankLines = 0
}

/// What every piece of one file needs to render its lines.
struct _ValidationRenderer: Sendable {
  let validator: CDRValidator
  let check: _ByteLevelCheck
  let ndjson: Bool
  let sourceName: String
  let options: CDRReader.Options
  /// `FILE:` as the text format shows it (escaped for display).
  let textPrefix: [UInt8]
  /// `{"file":"FILE","line":` as the NDJSON format writes it.
  let ndjsonPrefix: [UInt8]

  init(validator: CDRValidator, ndjson: Bool, sourceName: String, options: CDRReader.Options) {
    self.validator = validator
    check = _ByteLevelCheck(validator)
    self.ndjson = ndjson
    self.sourceName = sourceName
    self.options = options
    // Display escaping works scalar by scalar, so the name can be escaped on its own.
    textPrefix = Array((DisplayText.escaped(sourceName) + ":").utf8)
    ndjsonPrefix = Array("{\"file\":\(JSONValue.string(sourceName).jsonText),\"line\":".utf8)
  }

  /// Renders the whole lines `bytes[range]`, whose first line is `line` and whose first
  /// record has index `index`.
  func render(_ bytes: [UInt8], range: Range<Int>, line: Int, index: Int) -> _ValidationPiece {
    var piece = _ValidationPiece()
    piece.output.reserveCapacity(range.count / 8)
    var shapes = _MemberShapes()
    bytes.withUnsafeBufferPointer { buffer in
      guard let base = buffer.baseAddress else { return }
      var start = range.lowerBound
      let end = range.upperBound
      while start < end {
        var lineEnd = end
        if let found = memchr(base + start, 0x0A, end - start) {
          lineEnd = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        }
        let hasNewline = lineEnd < end
        var contentEnd = lineEnd
        if contentEnd > start, buffer[contentEnd - 1] == 0x0D { contentEnd -= 1 }
        if !Self.isBlank(buffer, start..<contentEnd) {
          piece.nonBlankLines += 1
          let lineNumber = line + piece.newlines
          let recordIndex = index + piece.read
          let content = UnsafeBufferPointer(rebasing: buffer[start..<contentEnd])
          if options.usesByteLevelDecoding, lineEnd - start <= options.maximumRecordBytes,
            let callID = check.callIDIfCertainlyValid(
              content, maximumDepth: options.maximumDepth, shapes: &shapes),
            // DEL is plain JSON text but is escaped for display.
            !content[callID].contains(0x7F)
          {
            writeValid(
              callID: UnsafeBufferPointer(rebasing: content[callID]), line: lineNumber,
              index: recordIndex, into: &piece.output)
            piece.read += 1
            piece.accepted += 1
            piece.valid += 1
          } else {
            readFully(
              bytes[start..<(hasNewline ? lineEnd + 1 : lineEnd)], line: lineNumber,
              index: recordIndex, into: &piece)
          }
        }
        if hasNewline {
          piece.newlines += 1
          start = lineEnd + 1
        } else {
          start = end
        }
      }
    }
    return piece
  }

  /// The newlines and non-blank lines of `bytes[range]`, as ``render(_:range:line:index:)``
  /// counts them.
  static func countLines(_ bytes: [UInt8], range: Range<Int>) -> (newlines: Int, nonBlank: Int) {
    bytes.withUnsafeBufferPointer { buffer in
      guard let base = buffer.baseAddress else { return (0, 0) }
      var newlines = 0
      var nonBlank = 0
      var start = range.lowerBound
      while start < range.upperBound {
        var lineEnd = range.upperBound
        if let found = memchr(base + start, 0x0A, range.upperBound - start) {
          lineEnd = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        }
        var contentEnd = lineEnd
        if contentEnd > start, buffer[contentEnd - 1] == 0x0D { contentEnd -= 1 }
        if !isBlank(buffer, start..<contentEnd) { nonBlank += 1 }
        if lineEnd < range.upperBound { newlines += 1 }
        start = lineEnd + 1
      }
      return (newlines, nonBlank)
    }
  }

  @inline(__always)
  private static func isBlank(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
    for position in range {
      switch buffer[position] {
      case 0x20, 0x09, 0x0A, 0x0D: continue
      default: return false
      }
    }
    return true
  }

  /// The result line of a record the byte-level check is sure of, as
  /// `ValidateCommand.textResult` and `ndjsonLine` write it.
  private func writeValid(
    callID: UnsafeBufferPointer<UInt8>, line: Int, index: Int, into output: inout [UInt8]
  ) {
    if ndjson {
      output.append(contentsOf: ndjsonPrefix)
      Self.appendDecimal(line, to: &output)
      output.append(contentsOf: #","index":"#.utf8)
      Self.appendDecimal(index, to: &output)
      output.append(contentsOf: #","call_id":""#.utf8)
      output.append(contentsOf: callID)
      output.append(contentsOf: #"","valid":true,"violations":[]}"#.utf8)
    } else {
      output.append(contentsOf: textPrefix)
      Self.appendDecimal(line, to: &output)
      output.append(contentsOf: ": record ".utf8)
      Self.appendDecimal(index, to: &output)
      output.append(contentsOf: " (".utf8)
      output.append(contentsOf: callID)
      output.append(contentsOf: "): valid".utf8)
    }
    output.append(0x0A)
  }

  /// A line the byte-level check left: the full reader reads it, and each record is
  /// validated and rendered as on the record path.
  private func readFully(
    _ lineBytes: ArraySlice<UInt8>, line: Int, index: Int, into piece: inout _ValidationPiece
  ) {
    let result = CDRReader.readLine(lineBytes, sourceName: sourceName, options: options)
    func absolute(_ location: CDRSourceLocation) -> CDRSourceLocation {
      CDRSourceLocation(
        source: location.source, line: line + location.line - 1, index: index + location.index,
        pointer: location.pointer)
    }
    var recordPosition = 0
    var rejectionPosition = 0
    while recordPosition < result.records.count || rejectionPosition < result.rejections.count {
      if rejectionPosition == result.rejections.count
        || (recordPosition < result.records.count
          && result.locations[recordPosition].index
            < result.rejections[rejectionPosition].location.index)
      {
        let record = result.records[recordPosition]
        let location = absolute(result.locations[recordPosition])
        recordPosition += 1
        let report = validator.validate(record)
        if report.isValid { piece.valid += 1 } else { piece.invalid += 1 }
        let text =
          ndjson
          ? ValidateCommand.ndjsonLine(
            location: location, callID: .string(record.callID), valid: report.isValid,
            violations: report.violations)
          : ValidateCommand.textResult(location: location, record: record, report: report)
        piece.output.append(contentsOf: text.utf8)
        piece.output.append(0x0A)
      } else {
        let original = result.rejections[rejectionPosition]
        rejectionPosition += 1
        let rejection = CDRRejection(
          location: absolute(original.location), reason: original.reason)
        append(rejection, to: &piece)
      }
    }
    piece.read += result.statistics.read
    piece.accepted += result.statistics.accepted
    piece.rejected += result.statistics.rejected
    piece.acceptedWithDrifts += result.statistics.acceptedWithDrifts
  }

  /// A rejection: reported on standard error at this point of the output and, in the
  /// NDJSON format, followed by its `unreadable` result line.
  func append(_ rejection: CDRRejection, to piece: inout _ValidationPiece) {
    piece.invalid += 1
    piece.rejections.append((piece.output.count, rejection))
    guard ndjson else { return }
    let unreadable = CDRViolation(
      path: rejection.location.pointer, rule: .unreadable, severity: .error,
      message: rejection.reason.message)
    let text = ValidateCommand.ndjsonLine(
      location: rejection.location, callID: .null, valid: false, violations: [unreadable])
    piece.output.append(contentsOf: text.utf8)
    piece.output.append(0x0A)
  }

  /// Appends `value` in decimal.
  @inline(__always)
  static func appendDecimal(_ value: Int, to output: inout [UInt8]) {
    if value < 0 {
      output.append(UInt8(ascii: "-"))
      appendDecimal(UInt(value.magnitude), to: &output)
    } else {
      appendDecimal(UInt(value), to: &output)
    }
  }

  @inline(__always)
  private static func appendDecimal(_ value: UInt, to output: inout [UInt8]) {
    var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
    var count = 0
    var rest = value
    withUnsafeMutableBytes(of: &digits) { room in
      repeat {
        count += 1
        room[24 - count] = UInt8(ascii: "0") &+ UInt8(rest % 10)
        rest /= 10
      } while rest > 0
      output.append(contentsOf: UnsafeRawBufferPointer(rebasing: room[(24 - count)...]))
    }
  }
}

/// Reads each window's whole lines into ``_ValidationPiece``s on every core, kept in
/// order until the drain writes them.
struct _ValidationMerger: _LineWindowMerger {
  let renderer: _ValidationRenderer
  var line: Int
  var index = 0
  var nonBlankLines = 0
  var statistics = CDRReadStatistics()
  /// The pieces read and not yet written, in input order.
  var pieces: [_ValidationPiece] = []

  init(renderer: _ValidationRenderer, line: Int) {
    self.renderer = renderer
    self.line = line
  }

  mutating func read(
    _ bytes: [UInt8], from: Int, to: Int, origin: Int, options: CDRReader.Options,
    concurrency: Int
  ) {
    let ranges = CDRReader.cutLines(
      bytes, from: from, to: to, into: Swift.min(Swift.max(1, concurrency), 1 << 16) * 2)
    // Where each piece starts: a non-blank NDJSON line is one record, accepted or
    // rejected, so its lines and records are counted first, on every core.
    let counts = _ResultSlots<(newlines: Int, nonBlank: Int)>(count: ranges.count)
    DispatchQueue.concurrentPerform(iterations: ranges.count) { piece in
      counts.store(_ValidationRenderer.countLines(bytes, range: ranges[piece]), at: piece)
    }
    var starts: [(line: Int, index: Int)] = []
    var nextLine = line
    var nextIndex = index
    for piece in 0..<ranges.count {
      starts.append((nextLine, nextIndex))
      let count = counts.take(at: piece)
      nextLine += count.newlines
      nextIndex += count.nonBlank
    }
    let results = _ResultSlots<_ValidationPiece>(count: ranges.count)
    let renderer = self.renderer
    let pieceStarts = starts
    DispatchQueue.concurrentPerform(iterations: ranges.count) { piece in
      results.store(
        renderer.render(
          bytes, range: ranges[piece], line: pieceStarts[piece].line,
          index: pieceStarts[piece].index),
        at: piece)
    }
    for piece in 0..<ranges.count {
      var result = results.take(at: piece)
      if starts[piece] != (line, index) {
        // An earlier piece read other than one record per non-blank line: this one is
        // numbered again from where it really starts.
        result = renderer.render(bytes, range: ranges[piece], line: line, index: index)
      }
      statistics.accepted += result.accepted
      statistics.rejected += result.rejected
      statistics.acceptedWithDrifts += result.acceptedWithDrifts
      index += result.read
      line += result.newlines
      nonBlankLines += result.nonBlankLines
      pieces.append(result)
    }
  }

  mutating func rejectTooLarge(limit: Int) {
    let rejection = countTooLarge(limit: limit, sourceName: renderer.sourceName)
    var piece = _ValidationPiece()
    renderer.append(rejection, to: &piece)
    pieces.append(piece)
  }

  /// Writes the pieces in order (standard output, and each rejection on standard error
  /// where it falls), adds their verdicts to `verdicts`, and forgets them. Once
  /// standard output has failed nothing more is written or reported, as on the record
  /// path, which stops at the first record after the failure.
  mutating func drain(context: CommandContext, verdicts: ValidateCommand._VerdictCounts) {
    defer { pieces.removeAll(keepingCapacity: true) }
    for piece in pieces {
      guard !context.outputFailed else { return }
      verdicts.valid += piece.valid
      verdicts.invalid += piece.invalid
      if piece.rejections.isEmpty {
        context.output.write(piece.output)
        continue
      }
      var written = 0
      for (offset, rejection) in piece.rejections {
        if offset > written {
          context.output.write(Array(piece.output[written..<offset]))
          written = offset
        }
        guard !context.outputFailed else { return }
        context.report(rejection.description)
      }
      if written < piece.output.count {
        context.output.write(Array(piece.output[written...]))
      }
    }
  }
}
