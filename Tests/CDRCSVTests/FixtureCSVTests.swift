import CDRModel
import Foundation
import Testing

@testable import CDRCSV

@Suite("CSV of the fixtures")
struct FixtureCSVTests {
  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")

  static func files() throws -> [String] {
    var paths: [String] = []
    for folder in ["calls", "realdata"] {
      let directory = fixtures.appendingPathComponent(folder)
      for name in try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() {
        paths.append(directory.appendingPathComponent(name).path)
      }
    }
    return paths
  }

  @Test func everyFixtureRecordRoundTripsThroughCSV() throws {
    let columns = CDRCSVColumns.reseller(
      options: CDRListingOptions(timeAdjustment: .fixedOffset(-18000)))
    var records = 0
    for path in try Self.files() {
      let reader = try CDRReader(contentsOfFile: path)
      // The guard's quote is not in the cells: an exact round trip needs it off.
      var writer = CSVWriter(
        header: columns.header, options: CSVWriter.Options(guardsFormulas: false))
      var bytes: [UInt8] = []
      var expected: [[String]] = [columns.header]
      while let event = reader.next() {
        guard let record = event.record else { continue }
        let cells = columns.cells(for: record)
        expected.append(cells)
        writer.writeRow(cells, into: &bytes)
        records += 1
      }
      writer.finish(into: &bytes)
      let parsed = try RFC4180Reader.parse(String(decoding: bytes, as: UTF8.self))
      #expect(parsed == expected, "\(path)")
      #expect(parsed.allSatisfy { $0.count == 37 })
    }
    #expect(records > 20)
  }
}
