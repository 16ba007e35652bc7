import CDRKit

/// `copy`: `CDRReader.copyRecords` (the copying path of `cdr cat`) against reading every
/// record and writing it back.
///
/// The input is NDJSON: each of its lines, and the line as the writer writes its record
/// (a canonical line, which the copying path copies without decoding), so both the copy
/// and the fallback are exercised on near-identical bytes. The first byte picks the window
/// size, the concurrency and small limits. Properties: the same output bytes, the same
/// rejections (text and order) and the same counts, whether a line is copied or decoded.
enum CopyTarget {
  static let sourceName = "fuzz.input"

  static func run(_ data: [UInt8]) {
    let selector = data.first ?? 0
    let rest = Array(data.dropFirst())
    var options = CDRReader.Options()
    if selector & 0x40 != 0 { options.maximumRecordBytes = 32 + Int(selector & 0x38) * 8 }
    if selector & 0x80 != 0 { options.maximumDepth = 1 + Int(selector & 0x38) / 8 }
    let input = withCanonicalLines(rest)
    let reference = CDRReader(bytes: input, sourceName: sourceName, options: options).readAll()
    var expected: [UInt8] = []
    for record in reference.records {
      record.json.write(to: &expected)
      expected.append(0x0A)
    }
    var output: [UInt8] = []
    var rejections: [CDRRejection] = []
    let statistics = CDRReader.copyRecords(
      bytes: input, sourceName: sourceName, options: options,
      windowBytes: [64, 1024, 1 << 20][Int(selector & 0x03) % 3],
      maximumConcurrency: 1 + Int(selector >> 2 & 0x01),
      rejected: { rejections.append($0) },
      write: {
        output += $0
        return true
      })
    require(
      output == expected,
      "copied output differs for \(show(input)):\n copied \(show(output))\n written \(show(expected))"
    )
    require(
      rejections == reference.rejections,
      "rejections differ for \(show(input)):\n copied \(rejections)\n read \(reference.rejections)")
    require(
      statistics.accepted == reference.statistics.accepted
        && statistics.rejected == reference.statistics.rejected
        && statistics.acceptedWithDrifts == reference.statistics.acceptedWithDrifts,
      "counts differ for \(show(input)): copied \(statistics), read \(reference.statistics)")
  }
}
