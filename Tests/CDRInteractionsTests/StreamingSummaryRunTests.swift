import CDRInteractions
import CDRModel
import CDRTestSupport
import Testing

/// The leg-table stream (`_StreamingSummaryRun`) writes the summary lines of exactly the
/// interactions ``StreamingInteractionGrouper`` emits from the same records, in the same
/// order, and reports the same late legs and rejections.
@Suite("Streaming summary lines from leg-table rows")
struct StreamingSummaryRunTests {
  /// What the record grouper gives for `bytes`: its interactions' summary lines, its late
  /// legs (call id, joining id), the reader's rejections, and its peak of held legs.
  func expected(
    _ bytes: [UInt8], links: InteractionLinkOptions, window: Int64
  ) -> (lines: [UInt8], late: [String], rejections: [String], peak: Int) {
    var grouper = StreamingInteractionGrouper(links: links, window: window)
    var lines: [UInt8] = []
    var late: [String] = []
    var rejections: [String] = []
    func handle(_ events: [StreamingGroupingEvent]) {
      for event in events {
        switch event {
        case .interaction(let interaction):
          var builder = JSONTextBuilder()
          interaction.writeSummaryJSON(to: &builder)
          lines += builder.bytes + [0x0A]
        case .lateLeg(let leg, let joining): late.append("\(leg.callID) \(joining)")
        }
      }
    }
    for event in CDRReader(bytes: bytes, sourceName: "hard") {
      switch event {
      case .record(let record, _): handle(grouper.add(record))
      case .rejection(let rejection): rejections.append(rejection.description)
      }
    }
    handle(grouper.finish())
    return (lines, late, rejections, grouper.peakPendingLegs)
  }

  /// The same from rows, read `windowBytes` at a time on `concurrency` cores.
  func streamed(
    _ bytes: [UInt8], links: InteractionLinkOptions, window: Int64, windowBytes: Int,
    concurrency: Int
  ) -> (lines: [UInt8], late: [String], rejections: [String], run: _StreamingSummaryRun) {
    var run = _StreamingSummaryRun(links: links, window: window)
    var lines: [UInt8] = []
    var late: [String] = []
    var rejections: [String] = []
    func handle(_ event: _StreamingSummaryEvent) -> Bool {
      switch event {
      case .lines(let block):
        #expect(block.last == 0x0A)
        lines += block
      case .rejection(let rejection): rejections.append(rejection.description)
      case .lateLeg(let callID, let joining): late.append("\(callID) \(joining)")
      case .progress: break
      }
      return true
    }
    let statistics = run.read(
      bytes: bytes, sourceName: "hard", windowBytes: windowBytes,
      maximumConcurrency: concurrency, handle)
    run.finish(handle)
    // Every accepted leg is either in a written interaction or reported late.
    #expect(run.legs + run.lateLegs == statistics.accepted)
    #expect(statistics.rejected == rejections.count)
    return (lines, late, rejections, run)
  }

  @Test(
    "rows give the record grouper's lines, late legs and rejections",
    arguments: [Int64(0), 3, 10, 30, 3600])
  func sameAsTheRecordGrouper(window: Int64) {
    // Calls a few seconds long over 50 s: narrow windows seal calls before all their legs
    // arrived, so legs come late; with duplicate and non-ASCII call ids, escaped ids,
    // rejected, blank and CRLF lines.
    let bytes = HardLegs.ndjson(seed: 31, calls: 250)
    for links in [
      InteractionLinkOptions.default, [.otherLeg], [.otherLeg, .bridge, .loopback, .interactionID],
    ] {
      let reference = expected(bytes, links: links, window: window)
      #expect(reference.lines.count > 10_000)
      #expect(!reference.rejections.isEmpty)
      for (windowBytes, concurrency) in [(1 << 20, 2), (1500, 3)] {
        let rows = streamed(
          bytes, links: links, window: window, windowBytes: windowBytes,
          concurrency: concurrency)
        #expect(
          String(decoding: rows.lines, as: UTF8.self)
            == String(decoding: reference.lines, as: UTF8.self),
          "window \(window), links \(links), windowBytes \(windowBytes)")
        #expect(rows.late == reference.late)
        #expect(rows.rejections == reference.rejections)
        #expect(rows.run.peakPendingLegs == reference.peak)
      }
    }
  }

  @Test func narrowWindowsReportLateLegs() {
    let bytes = HardLegs.ndjson(seed: 31, calls: 250)
    let rows = streamed(bytes, links: .default, window: 0, windowBytes: 4096, concurrency: 2)
    #expect(!rows.late.isEmpty)
    #expect(rows.run.lateLegs == rows.late.count)
  }

  /// Calls spread over a day, in end order: only about a window's worth of legs is held,
  /// however long the stream.
  @Test func holdsAboutAWindowOfLegs() {
    var text = ""
    let calls = 4000
    for call in 0..<calls {
      // One call every 20 s, each with an A-leg and a B-leg bridged to it.
      let start = 63_746_438_400 + call * 20
      let created = (start - 62_167_219_200) * 1_000_000
      for leg in 0..<2 {
        text += """
          {"call_id":"c\(call)-\(leg)","channel_created_time":\(created + leg),\
          "duration_seconds":30,"timestamp":\(start + 30),\
          "custom_channel_vars":{"bridge_id":"c\(call)-0"}}

          """
      }
    }
    let rows = streamed(
      Array(text.utf8), links: .default, window: 600, windowBytes: 8192, concurrency: 2)
    #expect(rows.run.interactions == calls)
    #expect(rows.run.legs == 2 * calls)
    #expect(rows.late.isEmpty)
    // 600 s hold 30 calls (60 legs); passes run once a quarter more have arrived.
    #expect(rows.run.peakPendingLegs <= 100)
    let reference = expected(Array(text.utf8), links: .default, window: 600)
    #expect(rows.lines == reference.lines)
  }

  @Test func inputsThatAreNotNDJSONAreReadSequentially() {
    let ndjson = HardLegs.ndjson(seed: 8, calls: 40)
    let documents = ndjson.split(separator: 0x0A).map { Array($0) }.filter {
      $0.first == UInt8(ascii: "{") && $0.last == UInt8(ascii: "}")
    }
    var array: [UInt8] = Array("[\n".utf8)
    for (index, document) in documents.enumerated() {
      array += (index == 0 ? [] : Array(",\n".utf8)) + document
    }
    array += Array("\n]\n".utf8)
    let reference = expected(array, links: .default, window: 5)
    #expect(reference.lines.count > 1000)
    let rows = streamed(array, links: .default, window: 5, windowBytes: 1 << 20, concurrency: 2)
    #expect(rows.lines == reference.lines)
    #expect(rows.late == reference.late)
    #expect(rows.rejections == reference.rejections)
  }

  @Test func stopsReportingWhenAsked() {
    let bytes = HardLegs.ndjson(seed: 31, calls: 250)
    var run = _StreamingSummaryRun(window: 3)
    var events = 0
    let statistics = run.read(bytes: bytes, windowBytes: 4096) { _ in
      events += 1
      return false
    }
    run.finish { _ in
      events += 1
      return true
    }
    #expect(events == 1)
    // The rest of the input is still read and counted.
    let all = CDRReader(bytes: bytes).readAll().statistics
    #expect(statistics.accepted == all.accepted)
    #expect(statistics.rejected == all.rejected)
  }
}
