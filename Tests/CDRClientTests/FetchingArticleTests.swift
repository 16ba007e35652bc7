import CDRClient
import CDRKit
import Foundation
import Testing

/// The code of the DocC article `Sources/CDRClient/CDRClient.docc/FetchingCDRsFromKazoo.md`,
/// run against the KAZOO stand-in, with what it prints checked against the article.
///
/// The code between each `// article:` marker and `// end article` is the article's code
/// block of that number, unchanged (``codeBlocksAreTheArticlesVerbatim()`` compares them).
/// The article's first block declares `server`, `account` and `apiKey`; here they name the
/// test server.
@Suite("Fetching CDRs from KAZOO (article)")
struct FetchingArticleTests {
  static let article = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Sources/CDRClient/CDRClient.docc/FetchingCDRsFromKazoo.md")

  final class Printed: @unchecked Sendable {
    var lines: [String] = []
  }

  @Test func theArticlesExamplesRunAndPrintWhatItSays() async throws {
    try await KazooTestServer.with { testServer in
      let dataset = try await testServer.dataset()
      let out = Printed()
      func print(_ items: Any...) { out.lines.append(items.map { "\($0)" }.joined(separator: " ")) }
      let server = testServer.baseURL
      let account = KazooTestServer.account
      let apiKey = KazooTestServer.apiKey
      // article: 1
      let client = KazooClient(baseURL: server, auth: .apiKey(apiKey))
      let query = KazooCDRQuery(
        account: account, createdFrom: 63_746_438_399, createdTo: 63_752_448_400)

      var legs: [CallDetailRecord] = []
      var rejected = 0
      for try await page in client.documents(query) {
        legs += page.items
        rejected += page.rejections.count
        for rejection in page.rejections { print("rejected:", rejection) }
      }
      let calls = InteractionGrouper().group(legs).interactions
      print(legs.count, "legs,", rejected, "rejected,", calls.count, "calls")
      // end article
      #expect(out.lines == ["153 legs, 0 rejected, 60 calls"])
      #expect(legs.count == dataset.documents.count)
      out.lines = []

      // article: 2
      var rows: [CDRListingRow] = []
      for try await page in client.rows(query) {
        rows += page.items
        for rejection in page.rejections {
          print(rejection.page, rejection.index, rejection.reason)
        }
        assert(page.received == page.items.count + page.rejections.count + page.duplicates)
      }
      print(rows.count, "rows;", rows.filter { $0[.direction] == "inbound" }.count, "inbound")
      // end article
      let inbound = dataset.rows.filter { $0["direction"] == "inbound" }.count
      #expect(out.lines == ["\(dataset.rows.count) rows; \(inbound) inbound"])
      out.lines = []

      // article: 3
      var saved: Data?
      var iterator = client.documents(query).makeAsyncIterator()
      if let page = try await iterator.next(), let point = page.resumePoint {
        saved = try JSONEncoder().encode(point)  // write it next to the output
      }
      if let saved {
        let point = try JSONDecoder().decode(KazooResumePoint.self, from: saved)
        var remaining = 0
        for try await page in client.documents(query).resuming(from: point) {
          remaining += page.items.count
        }
        print("resumed at page", point.nextPage, "with", remaining, "legs to go")
      }
      // end article
      var again = client.documents(query).makeAsyncIterator()
      let firstPage = try await again.next()?.items.count
      let remaining = dataset.documents.count - (firstPage ?? 0)
      #expect(out.lines == ["resumed at page 2 with \(remaining) legs to go"])
      out.lines = []

      // article: 4
      let summary = try await client.summary(query)
      print(summary.inbound.keys.sorted())

      let csv = FileManager.default.temporaryDirectory.appendingPathComponent("cdrs.csv")
      let written = try await client.downloadCSV(query, to: csv)
      print(written.rows, "CSV rows")

      let call = try await client.legs(account: account, interactionID: legs[0].interactionID ?? "")
      let id = call.rawItems[0]["id"]?.stringValue ?? ""  // KAZOO's public documents say "id"
      let one = try await client.document(account: account, id: id)
      print(call.items.count, one.callID == call.items[0].callID)
      // end article
      try? FileManager.default.removeItem(at: csv)
      let callLegs = dataset.documents.filter {
        $0["interaction_id"]?.stringValue == legs[0].interactionID
      }
      #expect(
        out.lines == [
          #"["example.com"]"#, "\(dataset.rows.count) CSV rows", "\(callLegs.count) true",
        ])
      out.lines = []

      // article: 5
      let wrongKey = KazooClient(baseURL: server, auth: .apiKey("not-the-key"))
      do {
        _ = try await wrongKey.rows(query).collect()
      } catch let error as KazooClientError {
        switch error {
        case .unauthorized(let refusal):
          print("refused:", refusal.httpStatus, refusal.kazooMessage ?? "")
        case .api(let kazoo): print("KAZOO said:", kazoo.message)
        case .unavailable, .transport: print("try again later:", error.message)
        default: print(error.message)
        }
      }
      // end article
      #expect(out.lines == ["refused: 404 bad_identifier"])
    }
  }

  /// Each marked region of this file equals the article's code block of that number
  /// (leading indentation aside).
  @Test func codeBlocksAreTheArticlesVerbatim() throws {
    let article = try String(contentsOf: Self.article, encoding: .utf8)
    var blocks: [[String]] = []
    var current: [String]?
    for line in article.split(separator: "\n", omittingEmptySubsequences: false) {
      if line == "```swift" {
        current = []
      } else if line == "```", let block = current {
        blocks.append(block)
        current = nil
      } else if current != nil {
        current?.append(String(line))
      }
    }
    let source = try String(contentsOfFile: #filePath, encoding: .utf8)
    var regions: [Int: [String]] = [:]
    var number: Int?
    for line in source.split(separator: "\n", omittingEmptySubsequences: false) {
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      if trimmed.hasPrefix("// article: "), let value = Int(trimmed.dropFirst(12)) {
        number = value
        regions[value] = []
      } else if trimmed == "// end article" {
        number = nil
      } else if let number {
        regions[number]?.append(String(line))
      }
    }
    func normalized(_ lines: [String]) -> [String] {
      let indent =
        lines.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        .map { $0.prefix { $0 == " " }.count }.min() ?? 0
      return lines.map { $0.count >= indent ? String($0.dropFirst(indent)) : "" }
    }
    #expect(blocks.count == 6)
    #expect(regions.keys.sorted() == [1, 2, 3, 4, 5])
    for (index, region) in regions {
      #expect(normalized(region) == normalized(blocks[index]), "block \(index)")
    }
  }
}
