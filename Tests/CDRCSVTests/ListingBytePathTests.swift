import CDRModel
import CDRTestSupport
import Foundation
import Testing

@testable import CDRCSV

/// The byte renderer (`CDRCSVColumns.lineRenderer`) against the record path: every line it
/// takes gives the row the decoded record gives, and it takes the plain lines.
@Suite("Listing rows from bytes")
struct ListingBytePathTests {
  /// The byte renderer's row for `line`, or `nil` when it leaves the line to the reader.
  static func bytesRow(_ line: String, columns: CDRCSVColumns, guardsFormulas: Bool = true)
    -> String?
  {
    guard
      let render = columns.lineRenderer(
        guardsFormulas: guardsFormulas, maximumDepth: CDRReader.Options().maximumDepth)
    else { return nil }
    var members = _PlainRecordMembers()
    var output: [UInt8] = Array("kept".utf8)
    let bytes = Array(line.utf8)
    let taken = bytes.withUnsafeBufferPointer { render($0, &members, &output) }
    guard taken else {
      #expect(output == Array("kept".utf8), "nothing is written for a line left to the reader")
      return nil
    }
    #expect(output.starts(with: Array("kept".utf8)))
    return String(decoding: output.dropFirst(4), as: UTF8.self)
  }

  /// The record path's row for `line` (`nil` when the reader rejects it).
  static func recordRow(_ line: String, columns: CDRCSVColumns, guardsFormulas: Bool = true)
    -> String?
  {
    let result = CDRReader.readLine(
      ArraySlice(line.utf8), sourceName: "test", options: CDRReader.Options())
    guard let record = result.records.first else { return nil }
    var output: [UInt8] = []
    CSVWriter.appendLine(columns.cells(for: record), guardsFormulas: guardsFormulas, into: &output)
    return String(decoding: output, as: UTF8.self)
  }

  static let plainLine =
    #"{"_id":"d","billing_seconds":61,"call_direction":"inbound","call_id":"c","#
    + #""caller_id_number":"+1415","custom_channel_vars":{"account_billing":"per_minute","#
    + #""rate":"100","media_recordings":"one.mp3","call_priority":2},"duration_seconds":70,"#
    + #""request":"200@h","timestamp":63746438672}"#

  @Test func plainLinesAreRenderedFromBytes() {
    let columns = CDRCSVColumns.reseller()
    let row = Self.bytesRow(Self.plainLine, columns: columns)
    #expect(row != nil)
    #expect(row == Self.recordRow(Self.plainLine, columns: columns))
    var generator = SeededGenerator(seed: 99)
    var taken = 0
    for number in 0..<300 {
      let line = CSVLegs.line(&generator, number: number)
      guard let row = Self.bytesRow(line, columns: columns) else { continue }
      taken += 1
      #expect(row == Self.recordRow(line, columns: columns), "\(line)")
    }
    // The generator's legs are mostly plain: most of them take the byte path.
    #expect(taken > 30)
  }

  @Test(arguments: [
    // Escapes, non-ASCII text, drifted types, shapes the reader reshapes or rejects.
    #"{"call_id":"c","call_direction":"inbound","caller_id_name":"A\u0042"}"#,
    #"{"call_id":"c","call_direction":"inbound","caller_id_name":"café"}"#,
    #"{"call_id":"c","call_direction":"inbound","billing_seconds":"5"}"#,
    #"{"call_id":"c","call_direction":"inbound","timestamp":1.5}"#,
    #"{"call_id":"c","call_direction":"inbound","billing_seconds":1,"billing_seconds":2}"#,
    #"{"call_id":"c","call_direction":"sideways"}"#,
    #"{"call_id":"c","custom_channel_vars":{}}"#,
    #"{"call_id":"c","call_direction":"inbound","hook_event":"channel_destroy"}"#,
    #"{"call_id":"c","call_direction":"inbound","transfer_history":{}}"#,
    #"{"call_id":"c","call_direction":"inbound","media_recordings":["a"]}"#,
    #"{"call_id":"c","call_direction":"inbound","\u0074o":"x"}"#,
    #"{"call_id":"c","call_direction":"inbound","custom_channel_vars":{"rate":"0.01"}}"#,
    #"{"call_id":"c","call_direction":"inbound","custom_channel_vars":{"rate":0.5}}"#,
    #"{"call_id":"c","call_direction":"inbound","custom_channel_vars":{"owner_id":true}}"#,
    #"{"call_id":"c","call_direction":"inbound","custom_channel_vars":{"account_id":5}}"#,
    #"{"call_id":"c","call_direction":"inbound","custom_channel_vars":{"rat\u0065":"1"}}"#,
    #"{"call_id":"c","call_direction":"inbound","custom_channel_vars":{"rate":"1","rate":"2"}}"#,
    #"{"call_id":"c","call_direction":"inbound","custom_channel_vars":{"media_recordings":[1]}}"#,
    #"{"call_id":5,"call_direction":"inbound"}"#,
    #"{"call_direction":"inbound"}"#,
    #"{"call_id":"c","call_direction":"inbound""#,
    #"[{"call_id":"c","call_direction":"inbound"}]"#,
  ])
  func unusualLinesAreLeftToTheReader(line: String) {
    #expect(Self.bytesRow(line, columns: .kazoo()) == nil)
  }

  @Test func customColumnsKeepTheRecordPath() {
    let columns = CDRCSVColumns(names: "call_id,custom_channel_vars.rate")
    #expect(
      columns.lineRenderer(guardsFormulas: true, maximumDepth: CDRReader.Options().maximumDepth)
        == nil)
  }

  @Test func escapingInPlaceFollowsTheRules() {
    for field in [
      "", "plain", "a,b", "say \"hi\"", "=1", "'x", "-5", "-5x", "+1.5", "\r", "@\"a,\"",
    ] {
      for guards in [true, false] {
        // The rules, spelled out: the guard for formula-like cells that are not plain
        // numbers, quotes (inner ones doubled) around cells with , " CR or LF.
        let formula = ["=", "+", "-", "@", "\t", "\r"].contains { field.hasPrefix($0) }
        let number = field.wholeMatch(of: /[+-]?[0-9]+(\.[0-9]+)?/) != nil
        let quoted = field.contains { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }
        var text = (guards && formula && !number ? "'" : "") + field
        if quoted { text = "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        var inPlace: [UInt8] = Array("x".utf8) + Array(field.utf8)
        CSVWriter.escapeField(in: &inPlace, from: 1, guardsFormulas: guards)
        #expect(String(decoding: inPlace, as: UTF8.self) == "x" + text, "\(field) \(guards)")
      }
    }
  }
}
