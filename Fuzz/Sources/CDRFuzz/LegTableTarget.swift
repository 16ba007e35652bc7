import CDRKit
import Foundation

/// `legtable`: `CDRLegTable.read(bytes:)` (the projection behind `cdr interactions` and
/// `cdr stats`) against the reader and the record path.
///
/// The input is NDJSON: each of its lines, then the line as the writer writes its record,
/// and the whole repeated once, so the projection meets lines whose keys repeat the line
/// before's (what its remembered keys are for) and lines that differ from them a little.
/// The first byte picks the window (64 B, 1 KiB, 1 MiB), one or two pieces at a time, and
/// small size and depth limits. Properties: the table's rejections (text and order) and
/// counts are the reader's; it holds one row per accepted record, with the record's call
/// id; its summary lines are the bytes the record path writes for the same records. The
/// same input written to a file and read from it (`read(contentsOfFile:)`, whose windows
/// after the first are mapped into memory) gives the same rejections, counts and lines.
enum LegTableTarget {
  /// The file the input is written to (one per process), also the name every read uses.
  static let sourceName =
    FileManager.default.temporaryDirectory.appendingPathComponent(
      "cdr-fuzz-legtable-\(ProcessInfo.processInfo.processIdentifier).ndjson"
    ).path

  static func run(_ data: [UInt8]) {
    let selector = data.first ?? 0
    let lines = withCanonicalLines(Array(data.dropFirst()))
    let input = lines + lines
    var options = CDRReader.Options()
    if selector & 0x40 != 0 { options.maximumRecordBytes = 32 + Int(selector & 0x38) * 8 }
    if selector & 0x80 != 0 { options.maximumDepth = 1 + Int(selector & 0x38) / 8 }
    let reference = CDRReader(bytes: input, sourceName: sourceName, options: options).readAll()
    var rejections: [CDRRejection] = []
    let windowBytes = [64, 1024, 1 << 20][Int(selector & 0x03) % 3]
    let concurrency = 1 + Int(selector >> 2 & 0x01)
    let (table, statistics) = CDRLegTable.read(
      bytes: input, sourceName: sourceName, options: options, windowBytes: windowBytes,
      maximumConcurrency: concurrency
    ) { rejections.append($0) }
    require(
      rejections == reference.rejections,
      "rejections differ for \(show(input)):\n table \(rejections)\n read \(reference.rejections)"
    )
    require(
      statistics.read == reference.statistics.read
        && statistics.accepted == reference.statistics.accepted
        && statistics.rejected == reference.statistics.rejected
        && statistics.acceptedWithDrifts == reference.statistics.acceptedWithDrifts,
      "counts differ for \(show(input)): table \(statistics), read \(reference.statistics)")
    require(
      table.count == reference.records.count
        && (0..<table.count).allSatisfy { table.callID(at: $0) == reference.records[$0].callID },
      "rows differ for \(show(input)): \(table.count) rows, \(reference.records.count) records")
    let grouper = InteractionGrouper(maximumConcurrency: 2)
    var expected: [UInt8] = []
    var builder = JSONTextBuilder()
    for interaction in grouper.group(reference.records).interactions {
      builder.removeAll()
      interaction.writeSummaryJSON(to: &builder)
      expected += builder.bytes
      expected.append(0x0A)
    }
    var written: [UInt8] = []
    grouper.writeSummaryLines(of: table) { written += $0 }
    require(
      written == expected,
      "summary lines differ for \(show(input)):\n table \(show(written))\n records \(show(expected))"
    )
    // The file path: mapped windows after the first.
    require(
      FileManager.default.createFile(atPath: sourceName, contents: Data(input)),
      "cannot write \(sourceName)")
    defer { try? FileManager.default.removeItem(atPath: sourceName) }
    var fileRejections: [CDRRejection] = []
    guard
      let (fileTable, fileStatistics) = try? CDRLegTable.read(
        contentsOfFile: sourceName, options: options, windowBytes: windowBytes,
        maximumConcurrency: concurrency, rejected: { fileRejections.append($0) })
    else {
      require(false, "cannot read \(sourceName)")
      return
    }
    require(
      fileRejections == rejections,
      "file rejections differ for \(show(input)):\n file \(fileRejections)\n bytes \(rejections)")
    require(
      fileStatistics.read == statistics.read && fileStatistics.accepted == statistics.accepted
        && fileStatistics.rejected == statistics.rejected
        && fileStatistics.acceptedWithDrifts == statistics.acceptedWithDrifts
        && fileStatistics.bytesRead == input.count,
      "file counts differ for \(show(input)): file \(fileStatistics), bytes \(statistics)")
    var fileWritten: [UInt8] = []
    grouper.writeSummaryLines(of: fileTable) { fileWritten += $0 }
    require(
      fileWritten == written,
      "file summary lines differ for \(show(input)):\n file \(show(fileWritten))\n bytes \(show(written))"
    )
  }
}
