import Foundation
import Testing

@testable import CDRModel

/// Reads `text` from a temporary file in chunks of `chunkSize` bytes.
private func readFromFile(_ text: String, options: CDRReader.Options, chunkSize: Int) throws
  -> CDRReadResult
{
  let url = FileManager.default.temporaryDirectory
    .appendingPathComponent("cdrkit-fuzz-regression-\(UUID().uuidString).json")
  try Data(text.utf8).write(to: url)
  defer { try? FileManager.default.removeItem(at: url) }
  var chunked = options
  chunked.chunkSize = chunkSize
  let reader = try CDRReader(contentsOfFile: url.path, options: chunked)
  var result = reader.readAll()
  result.statistics.peakBufferedBytes = 0
  return result
}

/// Inputs found by `Fuzz/run.sh` (see Fuzz/README.md), kept as regression tests.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
  /// `reader` target: an array element larger than `maximumRecordBytes` was accepted when
  /// the bytes were in memory and rejected when the same bytes were read from a file in
  /// chunks. Both now reject it.
  @Test("the record limit holds for array elements and documents already in memory")
  func recordLimitInMemory() throws {
    let big = #"{"call_id":"a","custom_channel_vars":{"k":"vvvvvvvvvvvvvvvvvvvv"}}"#
    // Pretty-printed, so the reader takes it as whole documents rather than NDJSON lines.
    let pretty = "{\n" + big.dropFirst()
    var options = CDRReader.Options(maximumRecordBytes: 16)
    options.chunkSize = 64 << 10
    for (text, pointer, format) in [
      ("[" + big + "," + #"{"call_id":"b"}"# + "]", "/0", CDRInputFormat.jsonArray),
      (pretty + "\n" + pretty, "", .concatenatedDocuments),
      ("[" + #"{"call_id":"b"}"# + "," + big, "/1", .jsonArray),
    ] {
      let memory = CDRReader(bytes: Array(text.utf8), sourceName: "t", options: options).readAll()
      #expect(memory.format == format, "\(text)")
      #expect(memory.rejections.first?.reason == .recordTooLarge(limit: 16), "\(text)")
      #expect(memory.rejections.first?.location.pointer == pointer, "\(text)")
      #expect(!memory.records.contains { $0.callID == "a" }, "\(text)")
      for chunkSize in [1, 5, 16, 64] {
        let file = try readFromFile(text, options: options, chunkSize: chunkSize)
        #expect(file.records == memory.records, "\(text) in chunks of \(chunkSize)")
        #expect(file.rejections.map(\.reason) == memory.rejections.map(\.reason), "\(text)")
        #expect(file.locations.map(\.line) == memory.locations.map(\.line), "\(text)")
      }
    }
    // Within the limit, the same element is accepted.
    let roomy = CDRReader(
      bytes: Array(("[" + big + "]").utf8), options: .init(maximumRecordBytes: big.utf8.count)
    ).readAll()
    #expect(roomy.records.map(\.callID) == ["a"])
  }

  /// `reader` target: a rejected array element running to the end of the input ended the
  /// read when the bytes were in memory, but gave one more rejection ("unterminated array")
  /// when the input was read in chunks and the element ended exactly at a chunk's end
  /// (the end of the input was not known yet). Both now report the element once.
  @Test("an array cut off inside a rejected element reads the same in memory and in chunks")
  func truncatedArrayElementInChunks() throws {
    let found: [UInt8] =
      [91, 165, 123, 34, 105, 99, 108, 95, 97, 108, 100, 34, 201, 221]
      + [UInt8](repeating: 227, count: 49) + [158, 221, 125, 44, 123, 34, 99, 97, 108, 108, 95]
      + [105, 96, 34, 227, 227, 227, 227, 93]
    let inputs = [
      String(decoding: found, as: UTF8.self), #"[{"call_id":"a"]"#, #"[{"call_id":"a"},{"x":[}"#,
    ]
    for text in inputs {
      let memory = readAll(text)
      for chunkSize in 1...17 {
        let file = try readFromFile(text, options: CDRReader.Options(), chunkSize: chunkSize)
        #expect(
          file.rejections
            == memory.rejections.map { rejection in
              CDRRejection(
                location: CDRSourceLocation(
                  source: file.rejections.first?.location.source ?? "",
                  line: rejection.location.line,
                  index: rejection.location.index, pointer: rejection.location.pointer),
                reason: rejection.reason)
            }, "\(text.debugDescription) in chunks of \(chunkSize)")
        #expect(file.records == memory.records)
      }
    }
    let memory = readAll(inputs[0])
    // The scalar before the first `{` breaks element 0 there; the reader resumes at that
    // `{` (element 1) and, after it breaks too, at the `{` after the next comma (element 2).
    #expect(memory.rejections.map(\.location.pointer) == ["/0", "/1", "/2"])
    #expect(memory.records.isEmpty)
  }
}
