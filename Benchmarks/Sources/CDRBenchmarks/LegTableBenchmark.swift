import CDRKit
import Foundation

/// The leg table (`CDRLegTable`): NDJSON file → table (the projection on every core), the
/// partition from the table, and the summary lines from the table, each timed alone; then
/// the same input through records (read, group, write) for comparison, in the same run.
/// `CDR_LEGTABLE_FILE` names an existing NDJSON file to use instead of generating one.
let legTableBenchmark = Benchmark(
  name: "legtable",
  summary: "CDRLegTable: read (projection), partition, summary lines; vs records"
) { legs in
  let path: String
  var generated = false
  if let given = ProcessInfo.processInfo.environment["CDR_LEGTABLE_FILE"] {
    path = given
  } else {
    path = NSTemporaryDirectory() + "cdr-legtable-\(legs)-\(getpid()).ndjson"
    var generator = LegGenerator(seed: 42)
    let bytes = LegGenerator.ndjson(generator.legs(count: legs))
    _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
    generated = true
  }
  defer { if generated { try? FileManager.default.removeItem(atPath: path) } }
  let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
  var table = CDRLegTable()
  let repetitions = size > 200 << 20 ? 2 : 3
  let readSeconds = measure(repetitions: repetitions) {
    table = (try? CDRLegTable.read(contentsOfFile: path).table) ?? CDRLegTable()
  }
  let count = table.count
  report(stage: "file → table (all cores)", seconds: readSeconds, bytes: size, legs: count)
  let grouper = InteractionGrouper()
  var components = 0
  let partitionSeconds = measure(repetitions: repetitions) {
    components = grouper.partition(table).count
  }
  report(stage: "partition(table)", seconds: partitionSeconds, bytes: size, legs: count)
  var written = 0
  let linesSeconds = measure(repetitions: repetitions) {
    written = 0
    grouper.writeSummaryLines(of: table) { written += $0.count }
  }
  report(stage: "summary lines from table", seconds: linesSeconds, bytes: size, legs: count)
  report(
    stage: "table total (read+lines)", seconds: readSeconds + linesSeconds, bytes: size,
    legs: count)
  print("  \(components) components, \(written) bytes of summary lines")
  // The record path, for comparison.
  var records: [CallDetailRecord] = []
  let recordSeconds = measure(repetitions: 1) {
    records = []
    _ = try? CDRReader.readConcurrently(contentsOfFile: path) { event in
      if let record = event.record { records.append(record) }
    }
  }
  report(stage: "file → records (all cores)", seconds: recordSeconds, bytes: size, legs: count)
  let recordPartitionSeconds = measure(repetitions: 1) { _ = grouper.partition(records) }
  report(
    stage: "partition(records)", seconds: recordPartitionSeconds, bytes: size, legs: count)
  var recordLines: [UInt8] = []
  let recordLinesSeconds = measure(repetitions: 1) {
    recordLines = []
    var builder = JSONTextBuilder(reservingCapacity: 4096)
    for interaction in grouper.group(records).interactions {
      builder.removeAll()
      interaction.writeSummaryJSON(to: &builder)
      recordLines.append(contentsOf: builder.bytes)
      recordLines.append(0x0A)
    }
  }
  report(
    stage: "group(records) + summary lines", seconds: recordLinesSeconds, bytes: size, legs: count)
  var tableLines: [UInt8] = []
  grouper.writeSummaryLines(of: table) { tableLines.append(contentsOf: $0) }
  print("  summary lines identical to the record path: \(tableLines == recordLines ? "yes" : "NO")")
  let fromRecords = measure(repetitions: 1) { _ = CDRLegTable(records) }
  report(stage: "records → table", seconds: fromRecords, bytes: size, legs: count)
  print(
    String(
      format: "  table/records: read %.1f×, partition %.1f×; partition %.2f M legs/s",
      recordSeconds / readSeconds, recordPartitionSeconds / partitionSeconds,
      Double(count) / partitionSeconds / 1e6))
}
