import CDRModel
import CDRTestSupport
import Testing

@testable import CDRCSV

@Suite("CSV writer")
struct CSVWriterTests {
  static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

  @Test func quotingRules() {
    var bytes: [UInt8] = []
    var writer = CSVWriter(header: ["a", "b"])
    writer.writeRow(["plain", "comma, test"], into: &bytes)
    writer.writeRow(["double quote \"test\"", ""], into: &bytes)
    writer.writeRow(["line\nfeed", "carriage\rreturn"], into: &bytes)
    #expect(
      Self.text(bytes)
        == "a,b\r\nplain,\"comma, test\"\r\n\"double quote \"\"test\"\"\",\r\n\"line\nfeed\",\"carriage\rreturn\"\r\n"
    )
    #expect(writer.rowsWritten == 3)
  }

  @Test func headerExactlyOnceAcrossChunksAndPages() throws {
    var writer = CSVWriter(header: ["n"])
    var chunks: [[UInt8]] = []
    for page in 0..<3 {
      var chunk: [UInt8] = []
      for row in 0..<2 { writer.writeRow(["\(page)-\(row)"], into: &chunk) }
      chunks.append(chunk)
    }
    var next = CSVWriter(header: ["n"], headerWritten: writer.headerWritten)
    var last: [UInt8] = []
    next.writeRow(["3-0"], into: &last)
    next.finish(into: &last)
    let all = try RFC4180Reader.parse(Self.text(chunks.flatMap { $0 } + last))
    #expect(all == [["n"], ["0-0"], ["0-1"], ["1-0"], ["1-1"], ["2-0"], ["2-1"], ["3-0"]])
  }

  @Test func emptyExportHasHeaderOrNothing() {
    var bytes: [UInt8] = []
    var writer = CSVWriter(header: ["x", "y"])
    writer.finish(into: &bytes)
    writer.finish(into: &bytes)
    #expect(Self.text(bytes) == "x,y\r\n")
    var none: [UInt8] = []
    var headless = CSVWriter(header: ["x"], options: CSVWriter.Options(writesHeader: false))
    headless.finish(into: &none)
    #expect(none.isEmpty)
  }

  @Test func formulaGuardIsTheDefault() throws {
    var bytes: [UInt8] = []
    var writer = CSVWriter(header: ["c"])
    #expect(writer.options.guardsFormulas)
    let cells = [
      "=1+2", "+1 ", "-5-5", "@SUM(A1)", "\tx", "\rx", "safe", "=HYPERLINK(\"a\",\"b\")", "+",
      "-", "-.5", "+1.", "1e5", "-1,5", "+1.2.3",
    ]
    for cell in cells { writer.writeRow([cell], into: &bytes) }
    let parsed = try RFC4180Reader.parse(Self.text(bytes))
    #expect(
      parsed.dropFirst().map { $0[0] } == [
        "'=1+2", "'+1 ", "'-5-5", "'@SUM(A1)", "'\tx", "'\rx", "safe", "'=HYPERLINK(\"a\",\"b\")",
        "'+", "'-", "'-.5", "'+1.", "1e5", "'-1,5", "'+1.2.3",
      ])
    var guarded: [UInt8] = []
    CSVWriter.appendField("=1+2", into: &guarded)
    #expect(Self.text(guarded) == "'=1+2")
  }

  @Test("plain numbers pass the guard unchanged: ^[+-]?[0-9]+(\\.[0-9]+)?$")
  func plainNumbersUnchanged() {
    for cell in ["+14155550100", "-5", "+0", "-0.5", "0.01", "-123.456", "42", "+1.0"] {
      var bytes: [UInt8] = []
      CSVWriter.appendField(cell, into: &bytes)
      #expect(Self.text(bytes) == cell)
    }
  }

  @Test func formulaGuardOptOut() {
    var bytes: [UInt8] = []
    var writer = CSVWriter(header: ["c"], options: CSVWriter.Options(guardsFormulas: false))
    writer.writeRow(["=1+2"], into: &bytes)
    writer.writeRow(["@x"], into: &bytes)
    #expect(Self.text(bytes) == "c\r\n=1+2\r\n@x\r\n")
    var plain: [UInt8] = []
    CSVWriter.appendField("-cmd", guardsFormulas: false, into: &plain)
    #expect(Self.text(plain) == "-cmd")
  }

  @Test("a row of one empty field is \"\", not a blank line")
  func singleEmptyField() throws {
    var bytes: [UInt8] = []
    var writer = CSVWriter(header: ["only"])
    writer.writeRow([""], into: &bytes)
    writer.writeRow(["x"], into: &bytes)
    writer.writeRow([""], into: &bytes)
    #expect(Self.text(bytes) == "only\r\n\"\"\r\nx\r\n\"\"\r\n")
    #expect(try RFC4180Reader.parse(Self.text(bytes)) == [["only"], [""], ["x"], [""]])
    // Two empty fields are a comma already: no quotes needed.
    var two: [UInt8] = []
    CSVWriter.appendLine(["", ""], into: &two)
    #expect(Self.text(two) == ",\r\n")
  }

  @Test func randomFieldsRoundTrip() throws {
    var random = SeededGenerator(seed: 0xC5F)
    let alphabet: [String] = [
      "a", "Z", "0", ",", "\"", "\r", "\n", "\r\n", " ", "é", "日本", "🙂", "'", "=", "-", "\t",
    ]
    for _ in 0..<300 {
      let width = Int.random(in: 1...6, using: &random)
      var rows: [[String]] = []
      for _ in 0..<Int.random(in: 0...5, using: &random) {
        rows.append(
          (0..<width).map { _ in
            (0..<Int.random(in: 0...8, using: &random)).map { _ in
              alphabet.randomElement(using: &random)!
            }.joined()
          })
      }
      let header = (0..<width).map { "h\($0)" }
      var writer = CSVWriter(header: header, options: CSVWriter.Options(guardsFormulas: false))
      var bytes: [UInt8] = []
      for row in rows { writer.writeRow(row, into: &bytes) }
      writer.finish(into: &bytes)
      #expect(try RFC4180Reader.parse(Self.text(bytes)) == [header] + rows)
    }
  }

  @Test func kazooColumnsRoundTrip() throws {
    let record = try CDRListingRowTests.record()
    let columns = CDRCSVColumns.kazoo()
    var writer = CSVWriter(header: columns.header)
    var bytes: [UInt8] = []
    writer.writeRow(columns.cells(for: record), into: &bytes)
    let parsed = try RFC4180Reader.parse(Self.text(bytes))
    #expect(parsed.count == 2)
    #expect(parsed[0].count == 35)
    #expect(parsed[0][0] == "ID")
    #expect(parsed[1].count == 35)
    #expect(parsed[1][3] == "Alice, A.")
    #expect(parsed[1][23] == "Fri, 17 Jan 2020 00:00:00 GMT")
  }

  @Test func chosenColumns() throws {
    var record = try CDRListingRowTests.record()
    record.otherFields["custom_sip_headers"] = ["x": "y"]
    let columns = CDRCSVColumns(
      names:
        "call_id, datetime,account_id,custom_channel_vars.rate,raw.timestamp,hangup_cause,nope,custom_sip_headers"
    )
    #expect(
      columns.header == [
        "call_id", "datetime", "account_id", "custom_channel_vars.rate", "raw.timestamp",
        "hangup_cause", "nope",
        "custom_sip_headers",
      ])
    let cells = columns.cells(for: record)
    #expect(
      cells == [
        "3a1f0c2e-9b7d-4c1e-8f00-123456789abc", "2020-01-17_00:00:00", "A", "100", "63746438525",
        "NORMAL_CLEARING", "",
        #"{"x":"y"}"#,
      ])
  }

  @Test func downloadNames() {
    #expect(CSVDownloadName.sanitized("../../etc/passwd") == "passwd")
    #expect(CSVDownloadName.sanitized("C:\\temp\\cdrs.csv") == "cdrs.csv")
    #expect(CSVDownloadName.sanitized("a\"b\r\nc.csv") == "abc.csv")
    #expect(CSVDownloadName.sanitized("..") == "result.csv")
    #expect(CSVDownloadName.sanitized(".hidden.csv") == "hidden.csv")
    #expect(CSVDownloadName.sanitized(nil) == "result.csv")
    #expect(CSVDownloadName.sanitized("dir/") == "result.csv")
    #expect(
      CSVDownloadName.contentDisposition(for: "cdrs.csv") == "attachment; filename=\"cdrs.csv\"")
    #expect(
      CSVDownloadName.contentDisposition(for: "März 2020.csv")
        == "attachment; filename=\"M_rz 2020.csv\"; filename*=UTF-8''M%C3%A4rz%202020.csv")
  }

  @Test("download names: bidirectional controls are dropped")
  func downloadNameBidi() {
    // U+202E would show "report\u{202E}vsc.exe" as "reportexe.csv".
    #expect(CSVDownloadName.sanitized("report\u{202E}vsc.exe") == "reportvsc.exe")
    let controls =
      "\u{061C}\u{200E}\u{200F}\u{202A}\u{202B}\u{202C}\u{202D}\u{202E}"
      + "\u{2066}\u{2067}\u{2068}\u{2069}"
    #expect(CSVDownloadName.sanitized("a" + controls + "b.csv") == "ab.csv")
    #expect(CSVDownloadName.sanitized(controls) == "result.csv")
    #expect(
      CSVDownloadName.contentDisposition(for: "x\u{202E}.csv") == "attachment; filename=\"x.csv\"")
  }

  @Test("download names: at most 200 bytes, the extension kept")
  func downloadNameLength() {
    // One letter and 50,000 combining accents: one character, 100,001 bytes.
    let accents = "a" + String(repeating: "\u{0301}", count: 50_000) + ".csv"
    let name = CSVDownloadName.sanitized(accents)
    #expect(name.utf8.count <= 200)
    #expect(name.hasSuffix(".csv"))
    #expect(name.unicodeScalars.first == "a")
    #expect(name == "a" + String(repeating: "\u{0301}", count: 97) + ".csv")  // 1 + 194 + 4
    #expect(CSVDownloadName.contentDisposition(for: accents).utf8.count < 900)
    let long = String(repeating: "x", count: 300) + ".csv"
    #expect(CSVDownloadName.sanitized(long) == String(repeating: "x", count: 196) + ".csv")
    let noExtension = String(repeating: "é", count: 150)  // 300 bytes
    #expect(CSVDownloadName.sanitized(noExtension) == String(repeating: "é", count: 100))
    #expect(CSVDownloadName.sanitized(String(repeating: "y", count: 200)).utf8.count == 200)
  }

  @Test(
    "download names: Windows device names get a leading underscore",
    arguments: [
      ("CON", "_CON"), ("nul.csv", "_nul.csv"), ("Aux.tar.gz", "_Aux.tar.gz"),
      ("com1.csv", "_com1.csv"), ("LPT9", "_LPT9"), ("prn .csv", "_prn .csv"), ("CON.", "_CON"),
      ("COM0.csv", "COM0.csv"), ("console.csv", "console.csv"), ("LPT10", "LPT10"),
      ("nul-report.csv", "nul-report.csv"),
    ])
  func downloadNameWindowsDevices(name: String, expected: String) {
    #expect(CSVDownloadName.sanitized(name) == expected)
  }
}
