import CDRKit

/// `csv`: fields in, `CSVWriter` out, parsed back by an independent RFC 4180 reader.
///
/// The input is cut into rows at 0xFD bytes and into fields at 0xFE bytes (the bytes of a
/// field are read as UTF-8, repairing invalid sequences); the first row is the header. The
/// writer runs once without and once with the formula guard. Properties:
/// - without the guard, the parsed lines are exactly the header and rows given;
/// - with the guard, they are the same except that a field starting with `=`, `+`, `-`, `@`,
///   a tab or a carriage return gains one leading `'`, unless it is a plain number
///   (`[+-]?[0-9]+(\.[0-9]+)?`); nothing else changes;
/// - every line ends in CRLF, and streaming row by row equals `appendLine` per line.
enum CSVTarget {
  static func run(_ data: [UInt8]) {
    let lines = data.split(separator: 0xFD, omittingEmptySubsequences: false).map { line in
      line.split(separator: 0xFE, omittingEmptySubsequences: false).map {
        String(decoding: $0, as: UTF8.self)
      }
    }
    guard let header = lines.first else { return }
    let rows = Array(lines.dropFirst())
    for guardsFormulas in [false, true] {
      var writer = CSVWriter(header: header, options: .init(guardsFormulas: guardsFormulas))
      var streamed: [UInt8] = []
      for row in rows { writer.writeRow(row, into: &streamed) }
      writer.finish(into: &streamed)
      require(
        writer.rowsWritten == rows.count, "rowsWritten \(writer.rowsWritten) of \(rows.count)")

      var joined: [UInt8] = []
      for line in lines {
        CSVWriter.appendLine(line, guardsFormulas: guardsFormulas, into: &joined)
      }
      require(streamed == joined, "streaming and appendLine differ")
      require(streamed.suffix(2) == [0x0D, 0x0A], "output does not end in CRLF")

      let expected = lines.map { line in
        line.map { field in
          guardsFormulas && startsFormula(field) && !isPlainNumber(field) ? "'" + field : field
        }
      }
      let parsed = RFC4180.parse(streamed)
      require(
        parsed == expected,
        "guard \(guardsFormulas): wrote \(show(streamed)), parsed \(String(describing: parsed)), expected \(expected)"
      )
    }
  }

  /// The spreadsheet formula starters, as OWASP lists them: `=`, `+`, `-`, `@`, tab, CR.
  static func startsFormula(_ field: String) -> Bool {
    guard let first = field.unicodeScalars.first else { return false }
    return ["=", "+", "-", "@", "\t", "\r"].contains(first)
  }

  /// Whether the whole field is a plain number, which the guard leaves alone.
  static func isPlainNumber(_ field: String) -> Bool {
    field.wholeMatch(of: /[+-]?[0-9]+(\.[0-9]+)?/) != nil
  }
}

/// A small RFC 4180 reader (section 2): records end in CRLF, fields are separated by
/// commas, a quoted field may hold commas, CR, LF and doubled quotes; an unquoted field may
/// not hold a quote. `nil` for anything the grammar forbids.
enum RFC4180 {
  static func parse(_ bytes: [UInt8]) -> [[String]]? {
    var records: [[String]] = []
    var record: [String] = []
    var field: [UInt8] = []
    var index = 0
    var fieldStart = true
    while index < bytes.count {
      let byte = bytes[index]
      if fieldStart && byte == 0x22 {
        // escaped = DQUOTE *(TEXTDATA / COMMA / CR / LF / 2DQUOTE) DQUOTE
        index += 1
        while true {
          guard index < bytes.count else { return nil }
          if bytes[index] == 0x22 {
            if index + 1 < bytes.count && bytes[index + 1] == 0x22 {
              field.append(0x22)
              index += 2
              continue
            }
            index += 1
            break
          }
          field.append(bytes[index])
          index += 1
        }
        guard index < bytes.count, bytes[index] == 0x2C || bytes[index] == 0x0D else { return nil }
        fieldStart = false
        continue
      }
      fieldStart = false
      switch byte {
      case 0x2C:
        record.append(String(decoding: field, as: UTF8.self))
        field = []
        fieldStart = true
        index += 1
      case 0x0D:
        guard index + 1 < bytes.count, bytes[index + 1] == 0x0A else { return nil }
        record.append(String(decoding: field, as: UTF8.self))
        records.append(record)
        record = []
        field = []
        fieldStart = true
        index += 2
      case 0x0A, 0x22:
        return nil
      default:
        field.append(byte)
        index += 1
      }
    }
    // The grammar's last record may lack its CRLF; the writer always ends lines, so any
    // unfinished record is a failure.
    guard record.isEmpty && field.isEmpty && fieldStart else { return nil }
    return records
  }
}
