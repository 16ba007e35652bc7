import CDRInteractions
import CDRModel
import CDRTestSupport
import Foundation
import Testing

@testable import CDRInteractions

/// The leg table against the record path (the reference): the same partition, the same
/// summary bytes, the same rejections and counts.
@Suite struct LegTableTests {
  /// What the record path gives for `bytes`.
  struct Reference {
    var records: [CallDetailRecord]
    var rejections: [String]
    /// Read, accepted, rejected.
    var counts: [Int]
    /// Accepted with a drift note.
    var drifted: Int
  }

  static func reference(_ bytes: [UInt8]) -> Reference {
    let result = CDRReader(bytes: bytes, sourceName: "t").readAll()
    return Reference(
      records: result.records, rejections: result.rejections.map(\.description),
      counts: [result.statistics.read, result.statistics.accepted, result.statistics.rejected],
      drifted: result.statistics.acceptedWithDrifts)
  }

  static func referenceLines(_ records: [CallDetailRecord], links: InteractionLinkOptions)
    -> [UInt8]
  {
    var text: [UInt8] = []
    var builder = JSONTextBuilder()
    for interaction in InteractionGrouper(links: links).group(records).interactions {
      builder.removeAll()
      interaction.writeSummaryJSON(to: &builder)
      text.append(contentsOf: builder.bytes)
      text.append(0x0A)
    }
    return text
  }

  static func tableLines(_ table: CDRLegTable, links: InteractionLinkOptions) -> [UInt8] {
    var text: [UInt8] = []
    InteractionGrouper(links: links, maximumConcurrency: 2).writeSummaryLines(of: table) {
      text.append(contentsOf: $0)
    }
    return text
  }

  /// Checks every way of building a table from `bytes` against the record path.
  static func check(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
    let reference = reference(bytes)
    let linkSettings: [InteractionLinkOptions] = [.default, [.default, .interactionID]]
    // The reference's partition and lines once per link setting, for every table below;
    // the table made of the records does not depend on the window either.
    let fromRecords = CDRLegTable(reference.records)
    let expected = linkSettings.map { links in
      let grouper = InteractionGrouper(links: links)
      let expected = (
        partition: grouper.partition(reference.records),
        lines: referenceLines(reference.records, links: links)
      )
      #expect(
        grouper.partition(fromRecords) == expected.partition, sourceLocation: sourceLocation)
      #expect(
        tableLines(fromRecords, links: links) == expected.lines, sourceLocation: sourceLocation)
      return expected
    }
    for window in [1 << 12, 16 << 20] {
      var rejections: [String] = []
      let (table, statistics) = CDRLegTable.read(
        bytes: bytes, sourceName: "t", windowBytes: window, maximumConcurrency: 2
      ) { rejections.append($0.description) }
      #expect(rejections == reference.rejections, sourceLocation: sourceLocation)
      #expect(
        [statistics.read, statistics.accepted, statistics.rejected] == reference.counts,
        sourceLocation: sourceLocation)
      #expect(statistics.acceptedWithDrifts == reference.drifted, sourceLocation: sourceLocation)
      #expect(table.count == reference.records.count, sourceLocation: sourceLocation)
      for (links, expected) in zip(linkSettings, expected) {
        let grouper = InteractionGrouper(links: links)
        #expect(grouper.partition(table) == expected.partition, sourceLocation: sourceLocation)
        let got = tableLines(table, links: links)
        #expect(
          String(decoding: got, as: UTF8.self) == String(decoding: expected.lines, as: UTF8.self),
          sourceLocation: sourceLocation)
        // Joined while read, for these links: the same partition and lines.
        let (joined, _) = CDRLegTable.read(
          bytes: bytes, sourceName: "t", windowBytes: window, maximumConcurrency: 2,
          keepingCallerAndCallee: true, joining: links)
        #expect(grouper.partition(joined) == expected.partition, sourceLocation: sourceLocation)
        #expect(tableLines(joined, links: links) == expected.lines, sourceLocation: sourceLocation)
      }
    }
  }

  static let fixtureNames = [
    "bridged-pair.ndjson", "ring-group-fork.ndjson", "attended-transfer.ndjson",
    "loopback.ndjson", "unanswered.ndjson", "other-leg-missing.ndjson", "voicemail.ndjson",
    "fax.ndjson", "legacy-string-typed.ndjson", "api-envelope.json", "export-array.json",
  ]

  @Test(arguments: fixtureNames) func fixture(_ name: String) throws {
    let url = Fixtures.root.appendingPathComponent("Fixtures/calls/\(name)")
    Self.check([UInt8](try Data(contentsOf: url)))
  }

  @Test func allFixturesTogether() throws {
    var bytes: [UInt8] = []
    for name in Self.fixtureNames where name.hasSuffix(".ndjson") {
      let url = Fixtures.root.appendingPathComponent("Fixtures/calls/\(name)")
      bytes.append(contentsOf: try Data(contentsOf: url))
      if bytes.last != 0x0A { bytes.append(0x0A) }
    }
    Self.check(bytes)
  }

  /// KAZOO's event shapes (issue 18): webhook payloads carry a `call_id` but are reshaped
  /// by the full reader, and events without `call_id` are read or rejected by it; the table
  /// must agree.
  @Test func eventShapes() throws {
    var bytes: [UInt8] = []
    for name in [
      "kazoo-webhooks-channel_destroy-sample.json",
      "reperio-kazoo-webhook-zoho-inbound-channel_destroy.json",
      "reperio-kazoo-webhook-zoho-outbound-channel_destroy.json",
      "kazoo-2011-ecallmgr-cdr-event.json", "kazoo-blackhole-doc-channel_destroy-event.json",
    ] {
      let url = Fixtures.root.appendingPathComponent("Fixtures/realdata/\(name)")
      var value = try JSONValue(parsing: [UInt8](try Data(contentsOf: url)))
      if let first = value.arrayValue?.first { value = first }
      bytes.append(contentsOf: Array(value.jsonText.utf8) + [0x0A])
    }
    let events = Fixtures.root.appendingPathComponent("Fixtures/events/bridged-call-events.ndjson")
    bytes.append(contentsOf: try Data(contentsOf: events))
    bytes.append(
      contentsOf: Array(
        #"{"hook_event":"channel_create","call_id":"w","custom_channel_vars":{"account_id":"x"}}"#
          .utf8) + [0x0A])
    Self.check(bytes)
  }

  /// A KAZOO listing row is rejected by the reader; the projection leaves a line with
  /// neither `call_direction` nor `custom_channel_vars` to it (it used to accept this row).
  @Test func listingRowsAreRejectedAsTheReaderRejectsThem() {
    let lines = [
      #"{"call_id":"x1","datetime":"a","unix_timestamp":1,"rfc_1036":"b","dialed_number":"1"}"#,
      #"{"call_direction":"inbound","call_id":"x2","datetime":"a","unix_timestamp":1,"rfc_1036":"b"}"#,
      #"{"call_id":"x3","custom_channel_vars":{},"datetime":"a","unix_timestamp":1,"rfc_1036":"b"}"#,
      #"{"call_id":"x4","timestamp":63870000000}"#,
    ]
    let bytes = Array(lines.joined(separator: "\n").utf8) + [0x0A]
    #expect(Self.reference(bytes).counts == [4, 3, 1])
    Self.check(bytes)
  }

  @Test(arguments: [1, 2, 3, 4, 5, 6]) func generated(_ seed: UInt64) {
    Self.check(HardLegs.ndjson(seed: seed, calls: 300))
  }

  /// The projection knows a key that has the bytes of the previous line's key at its
  /// position without scanning it; every way that guess can be wrong must still read as the
  /// record path does: keys in another order, a longer or a shorter key with the same
  /// start, an escaped key, a repeated key, keys longer than the remembered ones, more
  /// members than remembered positions, and a line cut off inside a key.
  @Test func keysRecognizedFromThePreviousLine() {
    let vars = #""custom_channel_vars":{"account_id":"acc","bridge_id":"b-1"}"#
    let many = (0..<140).map { #""k\#($0)":\#($0)"# }.joined(separator: ",")
    let long = String(repeating: "x", count: 70)
    let lines = [
      #"{"call_id":"a1","call_direction":"inbound",\#(vars),"timestamp":63870000000,"other_leg_call_id":"b1","duration_seconds":5}"#,
      #"{"call_id":"b1","call_direction":"outbound",\#(vars),"timestamp":63870000001,"other_leg_call_id":"a1","duration_seconds":6}"#,
      #"{"call_id":"c1","call_direction":"inbound",\#(vars),"timestamp":63870000002,"other_leg_call_id_x":"a1","duration_seconds":7}"#,
      #"{"call_id":"c2","call_direction":"inbound",\#(vars),"timestamp":63870000003,"other_leg_call":"a1","duration_seconds":8}"#,
      #"{"call_id":"c3","call_direction":"inbound",\#(vars),"timestamp":63870000004,"other_leg_call_id":"a1","duration_seconds":9}"#,
      #"{"call_direction":"inbound","call_id":"c4",\#(vars),"duration_seconds":3,"timestamp":63870000005,"other_leg_call_id":"c3"}"#,
      #"{"call_direction":"inbound","call_id":"c5",\#(vars),"duration_seconds":3,"duration_seconds":4,"timestamp":63870000006}"#,
      #"{"call_id":"d1","call_direction":"inbound",\#(vars),"\#(long)":1,"timestamp":63870000007}"#,
      #"{"call_id":"d2","call_direction":"inbound",\#(vars),"\#(long)":2,"timestamp":63870000008}"#,
      #"{"call_id":"d3","call_direction":"inbound",\#(vars),"\#(long)y":3,"timestamp":63870000009}"#,
      #"{\#(many),"call_id":"e1","call_direction":"inbound",\#(vars),"timestamp":63870000010}"#,
      #"{\#(many),"call_id":"e2","call_direction":"outbound",\#(vars),"timestamp":63870000011,"k139":1}"#,
      #"{"call_id":"f1","call_direction":"inbound",\#(vars),"timestamp":63870000012}"#,
      #"{"call_id":"f2","call_direction":"inbound",\#(vars),"timesta"#,
      #"{"call_id":"f3","call_direction":"inbound",\#(vars),"timestamp":63870000013}"#,
      #"{"call_id":"g1","call_direction":"inbound",\#(vars),"billing_seconds":10,"ringing_seconds":2,"timestamp":63870000014}"#,
      #"{"call_id":"g2","call_direction":"inbound",\#(vars),"ringing_seconds":3,"billing_seconds":20,"timestamp":63870000015}"#,
    ]
    let bytes = Array(lines.joined(separator: "\n").utf8) + [0x0A]
    let reference = Self.reference(bytes)
    // Hand-counted: the cut-off line is rejected; the repeated key and the escaped key
    // are left to the full reader, which accepts them.
    #expect(reference.counts == [17, 16, 1])
    Self.check(bytes)
  }

  /// Members the projection does not keep are skipped with shortcuts for plain strings and
  /// integers; every other form of value, valid or not, must be accepted or rejected as the
  /// record path does.
  @Test func skippedValuesAsTheReaderReadsThem() {
    let values = [
      "7", "1234567890123456789012", "10.5", "1e3", "1E+3", "2e-1", "0", "-1", "-0.5", "012",
      "1.", "1e", "1x", "\"plain\"", "\"esc\\u0041ped\"", "\"caf\u{E9}\"", "\"tab\there\"", "true",
      "null", "[1,\"a\",{}]", "{\"a\":1}", "\"unterminated", "--1",
    ]
    var lines: [String] = []
    for (position, value) in values.enumerated() {
      lines.append(
        #"{"call_id":"s\#(position)","call_direction":"inbound","pvt_vsn":\#(value),"zz_extra":\#(value),"custom_channel_vars":{"x":\#(value),"bridge_id":"s\#(position)"},"timestamp":63870000000}"#
      )
    }
    let bytes = Array(lines.joined(separator: "\n").utf8) + [0x0A]
    let reference = Self.reference(bytes)
    // Hand-counted: 012, 1., 1e, 1x, the tab, the unterminated string and --1 are not JSON.
    #expect(reference.counts == [23, 16, 7])
    Self.check(bytes)
  }

  /// Needed integers are read in one pass (digits summed as they are checked); every form
  /// of number, and what is not one, must read as the record path reads it.
  @Test func neededIntegersAsTheReaderReadsThem() {
    let values = [
      "7", "0", "-0", "-12", "012", "1.0", "1e3", "-", "123456789012345678",
      "1234567890123456789", "9223372036854775807", "\"12\"", "null", "12x",
    ]
    var lines: [String] = []
    for (position, value) in values.enumerated() {
      lines.append(
        #"{"call_id":"n\#(position)","call_direction":"inbound","billing_seconds":\#(value),"custom_channel_vars":{},"ringing_seconds":\#(value),"timestamp":63870000000}"#
      )
    }
    let bytes = Array(lines.joined(separator: "\n").utf8) + [0x0A]
    let reference = Self.reference(bytes)
    // Hand-counted: 012, the lone minus and 12x are not JSON; the rest are read.
    #expect(reference.counts == [14, 11, 3])
    Self.check(bytes)
  }

  /// Projected legs wait in batches before they reach the table's columns; a leg the full
  /// reader decides (an escaped text), a wide integer and a batch boundary inside one piece
  /// must leave every leg in its line's place, with its own values.
  @Test func legsKeepTheirLinesOrderAcrossBatches() {
    var lines: [String] = []
    // 3,000 legs: each of the four pieces of the large window holds several batches.
    for position in 0..<3000 {
      let name = position % 7 == 3 ? #"Caller \u00e9 \#(position)"# : "Caller \(position)"
      let billing = position % 11 == 5 ? "5000000000" : "\(position % 60)"
      let other = position % 2 == 0 ? "c\(position + 1)" : "c\(position - 1)"
      lines.append(
        #"{"call_id":"c\#(position)","call_direction":"inbound","billing_seconds":\#(billing),"caller_id_name":"\#(name)","caller_id_number":"+1\#(position)","custom_channel_vars":{"account_id":"a\#(position / 50)","owner_id":"o\#(position % 3)"},"other_leg_call_id":"\#(other)","timestamp":\#(63_870_000_000 + position)}"#
      )
    }
    let bytes = Array(lines.joined(separator: "\n").utf8) + [0x0A]
    #expect(Self.reference(bytes).counts == [3000, 3000, 0])
    Self.check(bytes)
  }

  /// Keys are remembered two per position from line to line; lines that mix shapes (a key
  /// missing, keys swapped, an unknown key as long as a known one at its place) must each
  /// read as the record path reads them.
  @Test func keysRememberedAcrossMixedShapes() {
    let shapes: [(Int) -> String] = [
      { #""call_id":"k\#($0)","other_leg_call_id":"k\#($0 + 1)","billing_seconds":5"# },
      { #""call_id":"k\#($0)","billing_seconds":6,"other_leg_call_id":"k\#($0 - 1)""# },
      { #""call_id":"k\#($0)","billing_secondz":7,"ringing_seconds":3"# },
      { #""call_id":"k\#($0)","ringing_seconds":4,"billing_seconds":8"# },
    ]
    var random = SeededGenerator(seed: 21)
    var lines: [String] = []
    for position in 0..<400 {
      let shape = position < 200 ? position % 2 : random.below(shapes.count)
      lines.append(
        "{" + shapes[shape](position)
          + #","call_direction":"inbound","custom_channel_vars":{},"timestamp":63870000000}"#)
    }
    let bytes = Array(lines.joined(separator: "\n").utf8) + [0x0A]
    #expect(Self.reference(bytes).counts == [400, 400, 0])
    Self.check(bytes)
  }

  /// A line is projected before its end is looked for; whatever follows a record on its
  /// line (a carriage return, spaces, another record, other bytes, the end of the input)
  /// and whitespace inside it must read as the record path reads it.
  @Test func lineEndsFoundAfterTheProjection() {
    func leg(_ id: Int, spaced: Bool = false) -> String {
      spaced
        ? "{ \"call_id\" :\t\"e\(id)\", \"call_direction\":\"inbound\",\"custom_channel_vars\":{ },\"timestamp\":63870000000 }"
        : #"{"call_id":"e\#(id)","call_direction":"inbound","custom_channel_vars":{},"timestamp":63870000000}"#
    }
    let lines = [
      leg(0) + "\r", leg(1) + " ", leg(2) + leg(3), leg(4) + " x", leg(5, spaced: true), "",
      "  ", leg(6) + "\t", leg(7) + "\r\r", leg(8) + "\u{0B}", leg(9),
      // One record cut in two by a newline where whitespace may stand: two lines, both
      // rejected, however the first could be read on past its end.
      #"{"call_id":"e20","#,
      #" "call_direction":"inbound","custom_channel_vars":{},"timestamp":63870000000}"#,
      #"{"call_id":"e21","call_direction":"inbound","custom_channel_vars":{"#,
      #"},"timestamp":63870000000}"#,
    ]
    for last in [leg(10), leg(11) + "\r", leg(12) + " ", leg(13) + "}"] {
      let bytes = Array((lines + [last]).joined(separator: "\n").utf8)
      let reference = Self.reference(bytes)
      // Hand-counted: fourteen lines that are not blank; two records on a line, the
      // trailing x, the vertical tab (not JSON whitespace), the four halves and, last, a
      // second closing brace are rejected.
      let rejected = last.hasSuffix("}}") ? 8 : 7
      #expect(reference.counts == [14, 14 - rejected, rejected])
      Self.check(bytes)
      Self.check(bytes + [0x0A])
    }
  }

  /// A line within the size limit is projected, one byte over it is rejected, as the
  /// record path does, whether or not a carriage return ends it.
  @Test(arguments: [false, true]) func lineLimitAfterTheProjection(carriageReturn: Bool) {
    let line =
      #"{"call_id":"m1","call_direction":"inbound","custom_channel_vars":{},"timestamp":63870000000}"#
      + (carriageReturn ? "\r" : "")
    let bytes = Array((line + "\n" + line).utf8)
    let length = line.utf8.count
    for limit in [length - 1, length, length + 1] {
      let options = CDRReader.Options(maximumRecordBytes: limit)
      let expected = CDRReader(bytes: bytes, sourceName: "t", options: options).readAll()
      var rejections: [String] = []
      let (table, statistics) = CDRLegTable.read(
        bytes: bytes, sourceName: "t", options: options, maximumConcurrency: 2
      ) { rejections.append($0.description) }
      #expect(rejections == expected.rejections.map(\.description))
      #expect(statistics.accepted == expected.statistics.accepted)
      #expect(statistics.rejected == expected.statistics.rejected)
      #expect(table.count == (limit < length ? 0 : 2))
    }
  }

  /// `custom_channel_vars` is read member by member with its keys remembered from the line
  /// before; every shape of it must read as the record path reads it.
  @Test func channelVariablesAsTheReaderReadsThem() {
    let variables = [
      #"{"account_id":"a1","bridge_id":"b1","owner_id":"o1"}"#,
      #"{"account_id":"a1","bridge_id":"b2","owner_id":"o1"}"#,
      #"{"owner_id":"o2","account_id":"a2","bridge_id":"b3"}"#,
      #"{"bridge_id_x":"b4","account_id":"a2","owner_id":"o2"}"#,
      #"{"bridge_i":"b5","account_id":"a2","owner_id":"o2"}"#,
      #"{"bridge_id":"b6","bridge_id":"b7"}"#,
      #"{"bridge_\u0069d":"b8","account_id":"a3"}"#,
      #"{"bridge_id":"b\u0039","account_id":"a3"}"#,
      #"{"bridge_id":9,"account_id":"a3"}"#,
      #"{"nested":{"bridge_id":"x","deep":[1,{"a":null}]},"bridge_id":"b10"}"#,
      #"{}"#, #"{ }"#, #"{"bridge_id":"b11",}"#, #"{"bridge_id" : "b12" , "owner_id":"o3" }"#,
      #"{"rate":"1.5","rate_increment":60,"account_id":"a4","bridge_id":"b13"}"#,
      #"{"rate":"1.5","rate_increment":60,"account_id":"a4","bridge_id":"b14"}"#,
      #"{"bridge_id":"b15""#,
    ]
    var lines: [String] = []
    for (position, value) in variables.enumerated() {
      lines.append(
        #"{"call_id":"v\#(position)","call_direction":"inbound","custom_channel_vars":\#(value),"timestamp":63870000000}"#
      )
    }
    let bytes = Array(lines.joined(separator: "\n").utf8) + [0x0A]
    let reference = Self.reference(bytes)
    // Hand-counted: the trailing comma and the unclosed object are not JSON.
    #expect(reference.counts == [17, 15, 2])
    Self.check(bytes)
  }

  /// A table read with its legs joined carries the sets for exactly those links and legs;
  /// appending to it drops them, and the partition joins the legs itself again.
  @Test func legsJoinedWhileRead() {
    let bytes = HardLegs.ndjson(seed: 44, calls: 200)
    let reference = Self.reference(bytes)
    let grouper = InteractionGrouper(links: .default)
    var (table, _) = CDRLegTable.read(
      bytes: bytes, sourceName: "t", windowBytes: 1 << 12, maximumConcurrency: 2,
      keepingCallerAndCallee: true, joining: .default)
    #expect(table.joined?.covers(table, links: .default) == true)
    #expect(table.joined?.covers(table, links: [.default, .interactionID]) == false)
    #expect(grouper.partition(table) == grouper.partition(reference.records))
    let (withInteractionIDs, _) = CDRLegTable.read(
      bytes: bytes, sourceName: "t", keepingCallerAndCallee: true,
      joining: [.default, .interactionID])
    #expect(withInteractionIDs.joined == nil)
    table.append(contentsOf: CDRLegTable(reference.records))
    #expect(table.joined == nil)
    #expect(
      grouper.partition(table) == grouper.partition(reference.records + reference.records))
  }

  /// A caller or callee text longer than a row keeps (65,535 bytes) makes its leg one built
  /// from its record; the texts around it still read as the record path reads them.
  @Test func overlongTextsAreBuiltFromTheirRecords() {
    let long = String(repeating: "n", count: 70_000)
    let lines = [
      #"{"call_id":"t1","call_direction":"inbound","caller_id_name":"\#(long)","caller_id_number":"+1555","custom_channel_vars":{"bridge_id":"t1"},"timestamp":63870000000}"#,
      #"{"call_id":"t2","call_direction":"outbound","caller_id_number":"+1555","callee_id_name":"\#(long)","callee_id_number":"+1666","other_leg_call_id":"t1","timestamp":63870000001}"#,
      #"{"call_id":"t3","call_direction":"inbound","caller_id_name":"Ann","callee_id_number":"+1777","custom_channel_vars":{},"timestamp":63870000002}"#,
    ]
    let bytes = Array(lines.joined(separator: "\n").utf8) + [0x0A]
    #expect(Self.reference(bytes).counts == [3, 3, 0])
    let (table, _) = CDRLegTable.read(bytes: bytes, sourceName: "t")
    let exotic = (0..<table.count).map { table.flags[$0] & CDRLegTable.Flags.exotic != 0 }
    #expect(exotic == [true, true, false])
    Self.check(bytes)
  }

  @Test func fileReaderMatches() throws {
    let bytes = HardLegs.ndjson(seed: 42, calls: 200)
    let path = NSTemporaryDirectory() + "leg-table-\(UInt64.random(in: 0...UInt64.max)).ndjson"
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    defer { try? FileManager.default.removeItem(atPath: path) }
    let reference = Self.reference(bytes)
    var rejections: [String] = []
    let (table, statistics) = try CDRLegTable.read(
      contentsOfFile: path, windowBytes: 1 << 13, maximumConcurrency: 2
    ) { rejections.append($0.description) }
    #expect(statistics.read == reference.counts[0])
    #expect(rejections.count == reference.rejections.count)
    #expect(
      Self.tableLines(table, links: .default)
        == Self.referenceLines(reference.records, links: .default))
  }

  /// The table's mergers read windows in place, so a regular file is mapped for them (the
  /// mapped path the test below compares is the one `interactions`, `stats` and `--stream`
  /// take); the flag comes from their conformance, not from a value each spells out.
  @Test func tableMergersReadWindowsInPlace() {
    #expect(_TableMerger.readsInPlace)
    #expect(_StreamingTableMerger.readsInPlace)
  }

  /// A file is read in mapped windows after its first: lines longer than a window (mapped
  /// again, longer), lines longer than the limit (rejected, then skipped in windows), blank
  /// lines and a last line without a newline read as the sequential reader reads them, and
  /// as the same bytes read from memory (copied windows).
  @Test(arguments: [false, true]) func mappedWindowsReadAsTheReaderReads(endsInOverlongLine: Bool)
    throws
  {
    var lines = HardLegs.ndjson(seed: 44, calls: 60).split(
      separator: 0x0A, omittingEmptySubsequences: false
    ).map { Array($0) }
    func leg(_ id: String, name: Int) -> [UInt8] {
      let text = String(repeating: "n", count: name)
      return Array(
        #"{"call_id":"\#(id)","caller_id_name":"\#(text)","other_leg_call_id":"l0","timestamp":63870000000}"#
          .utf8)
    }
    // Longer than a window (2 KiB), shorter than the limit (6 KiB); then over the limit.
    lines.insert(leg("l1", name: 3_000), at: 7)
    lines.insert(leg("l2", name: 9_000), at: 20)
    lines.insert(leg("l3", name: 5_000), at: 21)
    lines.insert([], at: 22)
    lines.insert(leg("l4", name: 30_000), at: 40)
    var bytes = Array(lines.joined(separator: [0x0A]))
    while bytes.last == 0x0A { bytes.removeLast() }
    bytes += [0x0A] + leg("l5", name: endsInOverlongLine ? 12_000 : 100)
    let path = NSTemporaryDirectory() + "mapped-\(UInt64.random(in: 0...UInt64.max)).ndjson"
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    defer { try? FileManager.default.removeItem(atPath: path) }
    let options = CDRReader.Options(maximumRecordBytes: 6_000)
    let sequential = try CDRReader(contentsOfFile: path, options: options).readAll()
    let expected = sequential.rejections.map(\.description)
    let tooLarge = sequential.rejections.filter {
      if case .recordTooLarge = $0.reason { return true }
      return false
    }
    #expect(tooLarge.count == (endsInOverlongLine ? 3 : 2))
    var rejections: [String] = []
    let (table, statistics) = try CDRLegTable.read(
      contentsOfFile: path, options: options, windowBytes: 2_048, maximumConcurrency: 2
    ) { rejections.append($0.description) }
    #expect(rejections == expected)
    let counts: [Int] = [statistics.read, statistics.accepted, statistics.rejected]
    let expectedCounts: [Int] = [
      sequential.statistics.read, sequential.statistics.accepted, sequential.statistics.rejected,
    ]
    #expect(counts == expectedCounts)
    #expect(statistics.bytesRead == bytes.count)
    #expect(
      Self.tableLines(table, links: .default)
        == Self.referenceLines(sequential.records, links: .default))
    var copiedRejections: [String] = []
    let (copied, _) = CDRLegTable.read(
      bytes: bytes, sourceName: path, options: options, windowBytes: 2_048,
      maximumConcurrency: 2
    ) { copiedRejections.append($0.description) }
    #expect(copiedRejections == expected)
    #expect(Self.tableLines(copied, links: .default) == Self.tableLines(table, links: .default))
  }

  /// Reading reports its progress after every window: records read and bytes done, both
  /// growing, ending at the whole input.
  @Test func progressAfterEveryWindow() {
    let bytes = HardLegs.ndjson(seed: 43, calls: 200)
    var reports: [(records: Int, bytes: Int)] = []
    let (_, statistics) = CDRLegTable.read(
      bytes: bytes, windowBytes: 1 << 13, maximumConcurrency: 2, keepingCallerAndCallee: true,
      progress: { reports.append(($0, $1)) })
    #expect(reports.count >= bytes.count / (1 << 13))
    #expect(zip(reports, reports.dropFirst()).allSatisfy { $0.records <= $1.records })
    #expect(zip(reports, reports.dropFirst()).allSatisfy { $0.bytes < $1.bytes })
    #expect(reports.last?.records == statistics.read)
    #expect(reports.last?.bytes == bytes.count)
  }

  @Test func channelTimesMatchTheRecordProperties() {
    var random = SeededGenerator(seed: 9)
    let extremes = [0, 1, -1, Int.max, Int.min, 63_746_438_500, 1_600_000_000_000_000]
    func value() -> Int? {
      switch random.below(4) {
      case 0: return nil
      case 1: return extremes[random.below(extremes.count)]
      default: return random.below(2_000_000_000) - 1_000_000_000
      }
    }
    for _ in 0..<2000 {
      var leg = CallDetailRecord(callID: "x")
      leg.channelCreatedTime = value()
      leg.timestamp = value()
      leg.durationSeconds = value()
      let time = _LegTime.channelTime(
        created: leg.channelCreatedTime, timestamp: leg.timestamp, duration: leg.durationSeconds)
      #expect(time == leg.channelTimeMicroseconds)
      #expect(
        _LegTime.end(channelTime: time, timestamp: leg.timestamp, duration: leg.durationSeconds)
          == leg.channelEndTime.rawValue)
    }
  }
}
