import CDRTime

/// Writes a listing row's columns as one CSV line straight into an output buffer, from a
/// line's bytes (``_ListingBytesSource``): each cell's text is appended as it is, then put in
/// its CSV form in place (``CSVWriter/escapeField(in:from:guardsFormulas:)``), so the
/// quoting and the formula guard are exactly the writer's.
struct _CSVLineSink: _ListingSink {
  let line: UnsafeBufferPointer<UInt8>
  let guardsFormulas: Bool
  var output: [UInt8] = []
  private var cells = 0

  init(line: UnsafeBufferPointer<UInt8>, guardsFormulas: Bool) {
    self.line = line
    self.guardsFormulas = guardsFormulas
  }

  /// The separator before every cell but the first; returns where the cell starts.
  @inline(__always)
  private mutating func beginCell() -> Int {
    if cells > 0 { output.append(UInt8(ascii: ",")) }
    cells += 1
    return output.count
  }

  @inline(__always)
  private mutating func finishCell(_ start: Int) {
    CSVWriter.escapeField(in: &output, from: start, guardsFormulas: guardsFormulas)
  }

  /// Appends the line's bytes `range`.
  @inline(__always)
  private mutating func appendLine(_ range: Range<Int>) {
    output.append(contentsOf: UnsafeBufferPointer(rebasing: line[range]))
  }

  /// Appends decimal digits (a plain number: never quoted or guarded).
  @inline(__always)
  private mutating func appendDecimal(_ value: Int64) {
    _ASCIIText.appending(to: &output) { $0.appendInteger(value) }
  }

  mutating func text(_ value: Range<Int>?) {
    let start = beginCell()
    guard let value else { return }
    appendLine(value)
    finishCell(start)
  }

  mutating func integer(_ value: Int?) {
    _ = beginCell()
    if let value { appendDecimal(Int64(value)) }
  }

  mutating func decimal(_ value: Int64) {
    _ = beginCell()
    appendDecimal(value)
  }

  mutating func stored(_ value: _StoredBytes?) {
    let start = beginCell()
    guard let value else { return }
    appendStored(value)
    finishCell(start)
  }

  mutating func list(_ value: _StoredBytes?) {
    // A list's cell is its elements' texts joined with `,`, a scalar's its text.
    stored(value)
  }

  /// A stored value's cell text: a string's text, an integer's literal, an array's strings
  /// joined with `,`.
  private mutating func appendStored(_ value: _StoredBytes) {
    switch value.kind {
    case .text, .integer:
      appendLine(value.range)
    case .texts:
      // An array of plain strings: every quote opens or closes one.
      var opened: Int?
      var first = true
      for position in value.range where line[position] == 0x22 {
        if let start = opened {
          if !first { output.append(UInt8(ascii: ",")) }
          first = false
          appendLine((start + 1)..<position)
          opened = nil
        } else {
          opened = position
        }
      }
    }
  }

  mutating func time(_ instant: GregorianSeconds, _ format: _ListingTimeFormat) {
    let start = beginCell()
    switch format {
    case .prettyPrinted(let style): instant.appendPrettyPrinted(style: style, to: &output)
    case .rfc1036: instant.appendRFC1036(to: &output)
    case .iso8601Date: instant.appendISO8601Date(to: &output)
    case .iso8601Combined: instant.appendISO8601Combined(to: &output)
    }
    finishCell(start)
  }

  mutating func float(_ value: Double) {
    let start = beginCell()
    KazooFloatText.append(value, to: &output)
    finishCell(start)
  }

  /// Ends the line: CRLF, after `""` when the row is one empty cell (so that it is not a
  /// blank line).
  mutating func endLine(lineStart: Int) {
    if cells == 1, output.count == lineStart { output.append(contentsOf: [0x22, 0x22]) }
    output.append(0x0D)
    output.append(0x0A)
  }
}
