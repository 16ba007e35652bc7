import CDRKit
import Foundation

/// KAZOO listing rows and RFC 4180 CSV: row derivation alone, rows written as CSV, and the
/// whole NDJSON → CSV pipeline, with a same-run baseline that joins the cells with commas
/// without any quoting (what KAZOO's interaction CSV does).
let csvBenchmark = Benchmark(
  name: "csv",
  summary: "CallDetailRecord to KAZOO's 35-column CSV: rows/s and MB/s"
) { count in
  var generator = LegGenerator(seed: 42)
  let legs = generator.legs(count: count)
  let ndjson = LegGenerator.ndjson(legs)
  let columns = CDRCSVColumns.kazoo(
    options: CDRListingOptions(timeAdjustment: .fixedOffset(-18000)))
  print("  input: \(legs.count) legs, \(formatBytes(ndjson.count)) NDJSON")

  var derived = 0
  let rowSeconds = measure {
    derived = 0
    for leg in legs { derived += CDRListingRow(record: leg).values.count }
  }
  precondition(derived == legs.count * CDRListingColumn.allCases.count)

  var csvBytes = 0
  let csvSeconds = measure { csvBytes = writeKazooCSV(legs, columns: columns) }
  print("  output: \(formatBytes(csvBytes)) CSV")

  var joinedBytes = 0
  let joinedSeconds = measure {
    joinedBytes = 0
    for leg in legs {
      let line = columns.cells(for: leg).joined(separator: ",") + "\r\n"
      joinedBytes += line.utf8.count
    }
  }

  var pipelineRows = 0
  let pipelineSeconds = measure {
    let reader = CDRReader(bytes: ndjson, sourceName: "bench")
    var writer = CSVWriter(header: columns.header)
    var buffer: [UInt8] = []
    pipelineRows = 0
    while let event = reader.next() {
      if let record = event.record {
        writer.writeRow(columns.cells(for: record), into: &buffer)
        pipelineRows += 1
        if buffer.count >= 1 << 16 { buffer.removeAll(keepingCapacity: true) }
      }
    }
  }
  precondition(pipelineRows == legs.count)

  report(
    stage: "CDRListingRow (derive only)", seconds: rowSeconds, bytes: csvBytes, legs: legs.count)
  report(stage: "rows → RFC 4180 CSV", seconds: csvSeconds, bytes: csvBytes, legs: legs.count)
  report(
    stage: "rows → unquoted join (baseline)", seconds: joinedSeconds, bytes: joinedBytes,
    legs: legs.count)
  report(
    stage: "NDJSON → CSV (reader + writer)", seconds: pipelineSeconds, bytes: ndjson.count,
    legs: legs.count)
  print(
    String(
      format: "  ratio RFC 4180 writer / unquoted join time: %.2fx", csvSeconds / joinedSeconds))
  print("  (MB/s: CSV output bytes, except the pipeline row: NDJSON input bytes)")
}

/// Writes `legs` as KAZOO listing CSV (header and one RFC 4180 row per leg) into a 64 KiB
/// buffer that is emptied as it fills; returns the number of CSV bytes produced.
func writeKazooCSV(_ legs: [CallDetailRecord], columns: CDRCSVColumns) -> Int {
  var writer = CSVWriter(header: columns.header)
  var buffer: [UInt8] = []
  buffer.reserveCapacity(1 << 16)
  var written = 0
  for leg in legs {
    writer.writeRow(columns.cells(for: leg), into: &buffer)
    if buffer.count >= 1 << 16 {
      written += buffer.count
      buffer.removeAll(keepingCapacity: true)
    }
  }
  writer.finish(into: &buffer)
  return written + buffer.count
}
