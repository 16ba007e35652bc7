/// A streaming RFC 4180 CSV writer: comma separators, CRLF line ends, UTF-8.
///
/// A field is quoted when it holds a comma, a double quote, CR or LF; inner double quotes
/// are doubled. The header is written exactly once, before the first row (or by
/// ``finish(into:)`` when there are no rows), however many chunks or pages the rows come in:
/// keep one writer for the whole export, or start a later page's writer with
/// `headerWritten: true`.
///
/// A row of one empty field is written as `""`: an empty line would be skipped by most CSV
/// readers (Python's `csv.DictReader`, pandas), losing the row.
///
/// Formula-injection guard (on by default, ``Options/guardsFormulas``): spreadsheet
/// programs run a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return as a
/// formula, and record strings such as caller names come from outside callers. As OWASP's
/// "CSV Injection" page advises, such a cell is prefixed with a single quote (`'=1+2`),
/// which spreadsheets show as text. Plain numbers are left alone — an optional sign, digits,
/// and optionally a point and more digits (`+14155550100`, `-5`, `0.01`) — because a
/// spreadsheet reads them as numbers, not formulas. Turn the guard off
/// (`guardsFormulas: false`, `cdr csv --no-safe-formulas`) for files read by programs that
/// need every cell exactly as stored.
///
/// ```swift
/// var writer = CSVWriter(header: ["name", "note"])
/// var bytes: [UInt8] = []
/// writer.writeRow(["Alice, A.", "said \"hi\""], into: &bytes)
/// // name,note\r\n"Alice, A.","said ""hi"""\r\n
/// ```
public struct CSVWriter: Sendable, Hashable {
  /// Writer options.
  public struct Options: Sendable, Hashable {
    /// Neutralise cells that a spreadsheet would run as a formula (see ``CSVWriter``);
    /// `true` by default.
    public var guardsFormulas: Bool
    /// Write the header line (`false` for `--no-header`).
    public var writesHeader: Bool

    /// Options; by default a header and the formula guard.
    public init(guardsFormulas: Bool = true, writesHeader: Bool = true) {
      self.guardsFormulas = guardsFormulas
      self.writesHeader = writesHeader
    }
  }

  /// The header names.
  public let header: [String]
  /// The options in use.
  public let options: Options
  /// Whether the header is already out (or not wanted).
  public private(set) var headerWritten: Bool
  /// Data rows written so far.
  public private(set) var rowsWritten = 0

  /// A writer for rows under `header`. Pass `headerWritten: true` when continuing an export
  /// whose header an earlier page already wrote.
  public init(header: [String], options: Options = Options(), headerWritten: Bool = false) {
    self.header = header
    self.options = options
    self.headerWritten = headerWritten || !options.writesHeader
  }

  /// Appends one data row (preceded by the header the first time) to `buffer`.
  public mutating func writeRow(_ fields: [String], into buffer: inout [UInt8]) {
    writeHeaderIfNeeded(into: &buffer)
    Self.appendLine(fields, guardsFormulas: options.guardsFormulas, into: &buffer)
    rowsWritten += 1
  }

  /// Appends the header if it has not been written yet (for an export with no rows).
  public mutating func finish(into buffer: inout [UInt8]) {
    writeHeaderIfNeeded(into: &buffer)
  }

  private mutating func writeHeaderIfNeeded(into buffer: inout [UInt8]) {
    guard !headerWritten else { return }
    headerWritten = true
    Self.appendLine(header, guardsFormulas: options.guardsFormulas, into: &buffer)
  }

  /// Appends `fields` as one CSV line ending in CRLF; a single empty field is written as
  /// `""`, so the line is not blank. With `guardsFormulas` (the default), formula-like
  /// cells are neutralised (see ``CSVWriter``).
  public static func appendLine(
    _ fields: [String], guardsFormulas: Bool = true, into buffer: inout [UInt8]
  ) {
    if fields.count == 1, fields[0].isEmpty {
      buffer.append(contentsOf: [0x22, 0x22, 0x0D, 0x0A])
      return
    }
    for (index, field) in fields.enumerated() {
      if index > 0 { buffer.append(UInt8(ascii: ",")) }
      appendField(field, guardsFormulas: guardsFormulas, into: &buffer)
    }
    buffer.append(0x0D)
    buffer.append(0x0A)
  }

  /// Appends one field, quoted when needed; with `guardsFormulas` (the default) a
  /// formula-like cell that is not a plain number gets a leading `'`.
  public static func appendField(
    _ field: String, guardsFormulas: Bool = true, into buffer: inout [UInt8]
  ) {
    var text = field
    text.withUTF8 { appendField(bytes: $0, guardsFormulas: guardsFormulas, into: &buffer) }
  }

  /// Appends one field given as its UTF-8 bytes, quoted and guarded as
  /// ``appendField(_:guardsFormulas:into:)`` does.
  package static func appendField(
    bytes: UnsafeBufferPointer<UInt8>, guardsFormulas: Bool, into buffer: inout [UInt8]
  ) {
    let start = buffer.count
    buffer.append(contentsOf: bytes)
    escapeField(in: &buffer, from: start, guardsFormulas: guardsFormulas)
  }

  /// Turns the field text at the end of `buffer` (from `start` on) into its CSV form in
  /// place: the guard's `'` first when it is formula-like and not a plain number (with
  /// `guardsFormulas`), then quotes around it, with its quotes doubled, when it holds a
  /// comma, a double quote, CR or LF. The rule of ``CSVWriter``'s fields, for writers that
  /// put a field's text straight into the output.
  package static func escapeField(in buffer: inout [UInt8], from start: Int, guardsFormulas: Bool) {
    let (guarded, quoted, quotes) = buffer.withUnsafeBufferPointer { whole in
      let field = UnsafeBufferPointer(rebasing: whole[start...])
      let guarded = guardsFormulas && startsFormula(field.first) && !isPlainNumber(field)
      guard mayNeedQuotes(field) else { return (guarded, false, 0) }
      var quoted = false
      var quotes = 0
      for byte in field where byte == 0x2C || byte == 0x22 || byte == 0x0D || byte == 0x0A {
        quoted = true
        if byte == 0x22 { quotes += 1 }
      }
      return (guarded, quoted, quotes)
    }
    guard guarded || quoted else { return }
    let count = buffer.count - start
    let added = (guarded ? 1 : 0) + (quoted ? 2 + quotes : 0)
    buffer.append(contentsOf: repeatElement(0, count: added))
    buffer.withUnsafeMutableBufferPointer { whole in
      // Filled from the back, so every byte is read before it is overwritten.
      var write = start + count + added
      if quoted {
        write -= 1
        whole[write] = 0x22
      }
      var read = start + count
      while read > start {
        read -= 1
        let byte = whole[read]
        write -= 1
        whole[write] = byte
        if quoted, byte == 0x22 {
          write -= 1
          whole[write] = 0x22
        }
      }
      if guarded {
        write -= 1
        whole[write] = UInt8(ascii: "'")
      }
      if quoted {
        write -= 1
        whole[write] = 0x22
      }
    }
  }

  /// Whether `bytes` may hold a comma, a double quote, CR or LF (`false`: certainly none),
  /// eight bytes at a time.
  @inline(__always)
  private static func mayNeedQuotes(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let base = bytes.baseAddress else { return false }
    let ones: UInt64 = 0x0101_0101_0101_0101
    let highs: UInt64 = 0x8080_8080_8080_8080
    // A byte of `word` equal to `byte` makes the result's high bit of that byte set.
    @inline(__always) func holds(_ word: UInt64, _ byte: UInt64) -> Bool {
      let matched = word ^ (byte &* ones)
      return (matched &- ones) & ~matched & highs != 0
    }
    var offset = 0
    while offset + 8 <= bytes.count {
      let word = UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self)
      if holds(word, 0x2C) || holds(word, 0x22) || holds(word, 0x0D) || holds(word, 0x0A) {
        return true
      }
      offset += 8
    }
    while offset < bytes.count {
      let byte = base[offset]
      if byte == 0x2C || byte == 0x22 || byte == 0x0D || byte == 0x0A { return true }
      offset += 1
    }
    return false
  }

  /// Whether `utf8` is a plain number, `^[+-]?[0-9]+(\.[0-9]+)?$`: a spreadsheet reads it
  /// as a number, so the formula guard leaves it alone.
  static func isPlainNumber(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
    var bytes = utf8[...]
    if let first = bytes.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
      bytes = bytes.dropFirst()
    }
    func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    let integer = bytes.prefix(while: isDigit)
    guard !integer.isEmpty else { return false }
    let rest = bytes[integer.endIndex...]
    guard let point = rest.first else { return true }
    guard point == UInt8(ascii: ".") else { return false }
    let fraction = rest.dropFirst()
    return !fraction.isEmpty && fraction.allSatisfy(isDigit)
  }

  /// Whether a cell starting with `byte` is read as a formula: `=`, `+`, `-`, `@`, tab, CR.
  static func startsFormula(_ byte: UInt8?) -> Bool {
    switch byte {
    case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D:
      true
    default: false
    }
  }
}
