import CDRCSV
import CDRClient
import CDRModel
import CDRPaging
import CDRTestSupport
import Foundation
import Testing

/// The client against the KAZOO stand-in over real HTTP on 127.0.0.1. Expectations come
/// from the server's own source data (its generator and its Python derivation of rows,
/// CSV and summary), never from the client.
@Suite("CDRClient over loopback HTTP")
struct LoopbackClientTests {
  typealias Server = KazooTestServer

  /// Fast retries so injected faults cost milliseconds.
  static func options(pageSize: Int = 7) -> KazooClientOptions {
    var options = KazooClientOptions()
    options.pageSize = pageSize
    options.retry.baseDelay = 0.001
    options.retry.maximumDelay = 0.01
    options.retry.maximumAttempts = 4
    options.timeout = 10
    return options
  }

  static func client(
    _ server: Server, auth: KazooAuthentication = .token(Server.token),
    options: KazooClientOptions = options()
  ) -> KazooClient {
    KazooClient(baseURL: server.baseURL, auth: auth, options: options)
  }

  static func query(user: String? = nil) -> KazooCDRQuery {
    KazooCDRQuery(
      account: Server.account, user: user, createdFrom: Server.range.lowerBound,
      createdTo: Server.range.upperBound)
  }

  /// Every leg of the interactions in which `user` has a leg (all legs without a user).
  static func documents(of dataset: Dataset, user: String?) -> [JSONValue] {
    guard let user else { return dataset.documents }
    let interactions = Set(
      dataset.documents.filter { $0["custom_channel_vars"]?["owner_id"]?.stringValue == user }
        .compactMap { $0["interaction_id"]?.stringValue })
    return dataset.documents.filter {
      interactions.contains($0["interaction_id"]?.stringValue ?? "")
    }
  }

  @Test func fullDocumentSyncEqualsTheSourceData() async throws {
    try await Server.with { server in
      let dataset = try await server.dataset()
      var raw: [JSONValue] = []
      var records: [CallDetailRecord] = []
      var pages: [KazooPage<CallDetailRecord>] = []
      for try await page in Self.client(server).documents(Self.query()) {
        raw += page.rawItems
        records += page.items
        pages.append(page)
      }
      #expect(dataset.documents.count > 100)
      #expect(sortedTexts(raw) == sortedTexts(dataset.documents))
      #expect(Set(records.map(\.callID)).count == dataset.documents.count)
      #expect(pages.map(\.number) == Array(1...pages.count))
      #expect(Set(pages.map(\.window)).count == 3)  // 6,010,001 s is three windows
      #expect(pages.allSatisfy { $0.rejections.isEmpty && $0.duplicates == 0 })
      #expect(pages.map(\.received).reduce(0, +) == dataset.documents.count)
      #expect(pages.last?.resumePoint == nil)
      #expect(pages.dropLast().allSatisfy { $0.resumePoint != nil })
    }
  }

  @Test func rowSyncEqualsTheSourceRows() async throws {
    try await Server.with { server in
      let dataset = try await server.dataset()
      var raw: [JSONValue] = []
      var rows: [CDRListingRow] = []
      var pageSizes: [Int] = []
      for try await page in Self.client(server).rows(Self.query()) {
        raw += page.rawItems
        rows += page.items
        pageSizes.append(page.received)
      }
      #expect(sortedTexts(raw) == sortedTexts(dataset.rows))
      #expect(rows.count == dataset.rows.count)
      #expect(pageSizes.allSatisfy { $0 <= 7 })
      // The typed row reads the columns as sent.
      let byID = Dictionary(uniqueKeysWithValues: dataset.rows.map { ($0["id"]!.stringValue!, $0) })
      for row in rows {
        let source = byID[row[.id].stringValue ?? ""]
        #expect(source?["datetime"] == row[.datetime])
        #expect(source?["cost"] == row[.cost])
        #expect(source?["billing_seconds"] == row[.billingSeconds])
      }
    }
  }

  @Test func serverRowsAgreeWithCDRKitsDerivation() async throws {
    // Two independent derivations of KAZOO's columns: the server's Python one and
    // CDRListingRow(record:).
    try await Server.with { server in
      let dataset = try await server.dataset()
      let rows = Dictionary(uniqueKeysWithValues: dataset.rows.map { ($0["id"]!.stringValue!, $0) })
      for document in dataset.documents {
        let record = try CallDetailRecord(json: document)
        let derived = CDRListingRow(record: record).jsonObject()
        let id = document["id"]!.stringValue!
        // A public document has `id`, not `_id`: CDRKit derives the `id` column from `_id`.
        var expected = rows[id]?.objectValue ?? [:]
        expected["id"] = derived["id"]
        #expect(derived == expected, "\(id)")
      }
    }
  }

  @Test func usersRowsAndDocuments() async throws {
    try await Server.with { server in
      let dataset = try await server.dataset()
      let client = Self.client(server, options: Self.options(pageSize: 25))
      for user in dataset.users {
        let rows = try await client.rows(Self.query(user: user)).collect()
        let expected = dataset.rows.filter { $0["owner_id"]?.stringValue == user }
        #expect(!expected.isEmpty)
        #expect(sortedTexts(rows.items.map { .object($0.jsonObject()) }) == sortedTexts(expected))
        var documents: [JSONValue] = []
        for try await page in client.documents(Self.query(user: user)) {
          documents += page.rawItems
        }
        #expect(sortedTexts(documents) == sortedTexts(Self.documents(of: dataset, user: user)))
      }
    }
  }

  @Test func interactionRowsOnePerCall() async throws {
    try await Server.with { server in
      let dataset = try await server.dataset()
      let listing = try await Self.client(server).interactionRows(Self.query()).collect()
      let calls = Set(dataset.documents.compactMap { $0["interaction_id"]?.stringValue })
      #expect(listing.items.count == calls.count)
      #expect(Set(listing.items.compactMap { $0[.interactionID].stringValue }) == calls)
    }
  }

  @Test func csvOfTheWholeRangeHasOneHeaderAndEveryRow() async throws {
    try await Server.with { server in
      let dataset = try await server.dataset()
      let file = FileManager.default.temporaryDirectory.appendingPathComponent(
        "cdrclient-\(UUID().uuidString).csv")
      defer { try? FileManager.default.removeItem(at: file) }
      let written = try await Self.client(server).downloadCSV(Self.query(), to: file)
      let text = try String(contentsOf: file, encoding: .utf8)
      var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
      #expect(lines.removeLast() == "")
      let columns = CDRListingColumn.kazoo.map { $0 == .id ? "ID" : $0.name }
      #expect(lines.first == columns.map { "\"\($0)\"" }.joined(separator: ","))
      // KAZOO's listing CSV, by hand: every cell quoted, quotes doubled, lists joined.
      func cell(_ value: JSONValue) -> String {
        let text: String =
          switch value {
          case .string(let string): string
          case .number(let number): number.literal
          case .array(let items): items.compactMap(\.stringValue).joined(separator: ",")
          default: ""
          }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
      }
      let expected = dataset.rows.map { row in
        CDRListingColumn.kazoo.map { cell(row[$0.name] ?? "") }.joined(separator: ",")
      }
      #expect(Array(lines.dropFirst()).sorted() == expected.sorted())
      #expect(written.rows == dataset.rows.count)
      #expect(written.bytes == text.utf8.count)
    }
  }

  @Test func summaryEqualsTheSourceSummary() async throws {
    try await Server.with { server in
      let dataset = try await server.dataset()
      let summary = try await Self.client(server).summary(Self.query())
      #expect(summary == (try KazooCDRSummary(json: dataset.summary)))
      #expect(!summary.inbound.isEmpty && !summary.outbound.isEmpty)
      await #expect(throws: KazooClientError.self) {
        _ = try await Self.client(server).summary(Self.query(user: dataset.users[0]))
      }
    }
  }

  @Test func oneDocumentAndOneInteractionsLegs() async throws {
    try await Server.with { server in
      let dataset = try await server.dataset()
      let client = Self.client(server)
      let first = dataset.documents[0]
      let id = first["id"]!.stringValue!
      let record = try await client.document(account: Server.account, id: id)
      #expect(record.json == first)
      let interaction = first["interaction_id"]!.stringValue!
      let legs = try await client.legs(account: Server.account, interactionID: interaction)
      let expected = dataset.documents.filter { $0["interaction_id"] == first["interaction_id"] }
      #expect(sortedTexts(legs.rawItems) == sortedTexts(expected))
      #expect(legs.received == expected.count)
    }
  }

  @Test func undecodableRowsAreRejectionsWithPageAndIndex() async throws {
    try await Server.with { server in
      let dataset = try await server.dataset()
      // The newest window's rows in KAZOO's order (descending [pvt_created, id]).
      let window = try Self.client(server).windows(for: Self.query())[0]
      let ordered = dataset.rows.map { $0["id"]!.stringValue! }
        .filter { window.contains(dataset.pvtCreated($0)) }
        .sorted { (dataset.pvtCreated($0), $0) > (dataset.pvtCreated($1), $1) }
      let notObject = ordered[2]  // page 1, index 2
      let noCallID = ordered[8]  // page 2 (7 per page), index 1
      try await server.setFaults([
        "corrupt_rows": [notObject: 42, noCallID: ["id": .string(noCallID), "cost": "0"]]
      ])
      var rejections: [KazooRowRejection] = []
      var items = 0
      var received = 0
      for try await page in Self.client(server).rows(Self.query()) {
        rejections += page.rejections
        items += page.items.count
        received += page.received
        #expect(page.received == page.items.count + page.rejections.count + page.duplicates)
      }
      #expect(received == dataset.rows.count)
      #expect(items + rejections.count == dataset.rows.count)
      #expect(rejections.map(\.page) == [1, 2])
      #expect(rejections.map(\.index) == [2, 1])
      #expect(rejections[0].reason == "a CDR must be a JSON object, found a number")
      #expect(rejections[0].value == 42)
      #expect(rejections[1].reason == #"missing required "call_id""#)
      #expect(rejections[1].description.hasPrefix("page 2, row 1 of GET /v2/accounts/"))
    }
  }

  @Test func undecodableLegDocumentIsARejection() async throws {
    try await Server.with { server in
      let dataset = try await server.dataset()
      let victim = dataset.documents[5]["id"]!.stringValue!
      try await server.setFaults(["corrupt_legs": [victim: "not a document"]])
      var rejections: [KazooRowRejection] = []
      var raw: [JSONValue] = []
      for try await page in Self.client(server).documents(Self.query()) {
        rejections += page.rejections
        raw += page.rawItems
      }
      #expect(rejections.count == 1)
      #expect(rejections.first?.value == "not a document")
      #expect(rejections.first?.source.contains("/cdrs/legs/") == true)
      #expect(
        sortedTexts(raw)
          == sortedTexts(dataset.documents.filter { $0["id"]?.stringValue != victim }))
    }
  }

  @Test func injectedFaultsAreRetriedAndTheSyncIsStillExact() async throws {
    try await Server.with { server in
      let dataset = try await server.dataset()
      try await server.setFaults([
        "script": [
          "2": "503", "3": "503-retry-after", "5": "drop", "7": "drop-mid-body", "9": "429",
          "11": "500", "12": "503",
        ],
        "retry_after": "0",
      ])
      let listing = try await Self.client(server).rows(Self.query()).collect()
      #expect(
        sortedTexts(listing.items.map { .object($0.jsonObject()) }) == sortedTexts(dataset.rows))
      let log = try await server.log()
      let pages = Int(dataset.rows.count / 7) + 3  // at most one partial page per window
      #expect((log["data_requests"]?.numberValue.flatMap { Int($0.literal) } ?? 0) >= 7 + 1)
      #expect((log["data_requests"]?.numberValue.flatMap { Int($0.literal) } ?? 0) <= pages + 7)
    }
  }

  @Test func retryAfterIsHonoured() async throws {
    try await Server.with { server in
      try await server.setFaults(["script": ["1": "503-retry-after"], "retry_after": "1"])
      var query = Self.query()
      query.createdFrom = Server.range.upperBound - 1000
      let clock = ContinuousClock()
      let elapsed = try await clock.measure {
        _ = try await Self.client(server).rows(query).collect()
      }
      // The base delay is 1 ms: only the header explains a wait of a second.
      #expect(elapsed >= .milliseconds(950))
    }
  }

  @Test func retriesAreBounded() async throws {
    try await Server.with { server in
      let client = Self.client(server)
      try await server.setFaults(["always": "503"])
      await #expect {
        _ = try await client.rows(Self.query()).collect()
      } throws: { error in
        guard case .unavailable(let apiError, let attempts) = error as? KazooClientError else {
          return false
        }
        return attempts == 4 && apiError.httpStatus == 503
          && apiError.kazooMessage == "datastore_fault"
          && apiError.detail == "datastore fatal error"
      }
      try await server.setFaults(["outage_from": 1])
      await #expect {
        _ = try await client.rows(Self.query()).collect()
      } throws: { error in
        guard case .transport(_, let attempts) = error as? KazooClientError else { return false }
        return attempts == 4
      }
    }
  }

  @Test func kazooErrorsBecomeTypedErrors() async throws {
    try await Server.with { server in
      let client = Self.client(server)
      // Style 1: the text in `message`.
      await #expect {
        _ = try await client.document(account: Server.account, id: "no-dash-at-7")
      } throws: { error in
        guard case .api(let apiError) = error as? KazooClientError else { return false }
        return apiError.httpStatus == 404 && apiError.code == "404"
          && apiError.kazooMessage == "could not find cdr with supplied id"
      }
      await #expect {
        _ = try await client.legs(account: Server.account, interactionID: "63746438400-nothing")
      } throws: { error in
        guard case .api(let apiError) = error as? KazooClientError else { return false }
        return apiError.kazooMessage == "could not find legs for supplied id"
      }
      // Style 2: the name in `message`, the text in data.message.
      await #expect {
        _ = try await client.document(account: Server.account, id: "202001-unknown")
      } throws: { error in
        guard case .api(let apiError) = error as? KazooClientError else { return false }
        return apiError.kazooMessage == "bad_identifier" && apiError.detail == "bad identifier"
      }
      // The maximum-range validation error, when the server's limit is below the client's.
      try await server.setFaults(["max_range": 1000])
      await #expect {
        _ = try await client.rows(Self.query()).collect()
      } throws: { error in
        guard case .api(let apiError) = error as? KazooClientError else { return false }
        return apiError.httpStatus == 400 && apiError.kazooMessage == "validation error"
          && apiError.detail?.hasPrefix("created_from.date_range: created_to ") == true
          && apiError.detail?.hasSuffix("is more than 1000 seconds from created_from 63749766400")
            == true
      }
      // With the client told KAZOO's real limit, the range is split and all is fetched.
      var options = Self.options(pageSize: 50)
      options.maximumRange = 1000
      var small = Self.query()
      small.createdFrom = Server.range.upperBound - 5000
      let windows = try Self.client(server, options: options).windows(for: small)
      #expect(windows.count == 5)
      _ = try await Self.client(server, options: options).rows(small).collect()
      // A reversed range never leaves the client.
      var reversed = Self.query()
      reversed.createdFrom = 20
      reversed.createdTo = 10
      #expect(throws: KazooClientError.invalidRequest("created_to 10 is prior to created_from 20"))
      {
        _ = try Self.client(server).windows(for: reversed)
      }
    }
  }

  @Test func badTokenIsUnauthorizedAndNeverPrinted() async throws {
    try await Server.with { server in
      let secret = "wrong-SECRET-token-42"
      let client = Self.client(server, auth: .token(secret))
      do {
        _ = try await client.rows(Self.query()).collect()
        Issue.record("a bad token was accepted")
      } catch let error as KazooClientError {
        guard case .unauthorized(let apiError) = error else {
          Issue.record("unexpected \(error)")
          return
        }
        #expect(apiError.httpStatus == 401)
        #expect(apiError.kazooMessage == "invalid credentials")
        var dumped = ""
        dump(error, to: &dumped)
        for text in [error.message, String(describing: error), String(reflecting: error), dumped] {
          #expect(!text.contains(secret))
        }
      }
    }
  }

  @Test func aResponseThatIsNotCrossbarsAndAnUnwritableFile() async throws {
    try await Server.with { server in
      try await server.setFaults(["always": "garbage"])
      await #expect {
        _ = try await Self.client(server).rows(Self.query()).collect()
      } throws: { error in
        guard case .invalidResponse(let detail) = error as? KazooClientError else { return false }
        return detail.hasPrefix("GET /v2/accounts/") && detail.contains(": not JSON (")
      }
      try await server.setFaults([:])
      let unwritable = URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)/cdrs.csv")
      await #expect(throws: KazooClientError.file("cannot create \(unwritable.path)")) {
        try await Self.client(server).downloadCSV(Self.query(), to: unwritable)
      }
    }
  }

  @Test func redirectsAreNotFollowed() async throws {
    try await Server.with { server in
      try await server.setFaults(["always": "redirect"])
      await #expect {
        _ = try await Self.client(server).rows(Self.query()).collect()
      } throws: { error in
        guard case .api(let apiError) = error as? KazooClientError else { return false }
        return apiError.httpStatus == 302
      }
    }
  }

  @Test func apiKeyAndCredentialsLogInAndRenewOnce() async throws {
    try await Server.with { server in
      let dataset = try await server.dataset()
      // The tokens the server issued expire at the 4th data request: one renewal.
      try await server.setFaults(["expire_tokens_at": 4])
      let byKey = Self.client(server, auth: .apiKey(Server.apiKey))
      let rows = try await byKey.rows(Self.query()).collect()
      #expect(rows.items.count == dataset.rows.count)
      var log = try await server.log()
      #expect(log["auth_requests"] == 2)

      try await server.setFaults(["expire_tokens_at": 30])
      let byUser = Self.client(
        server, auth: .credentials(username: "alice", password: "secret", account: .name("acme")))
      let documents = try await byUser.documents(Self.query()).collect()
      #expect(documents.items.count == dataset.documents.count)
      log = try await server.log()
      #expect(log["auth_requests"] == 4)
      let realm = Self.client(
        server,
        auth: .credentials(
          username: "alice", password: "secret", account: .realm("acme.example.com")))
      _ = try await realm.document(
        account: Server.account, id: dataset.documents[0]["id"]!.stringValue!)
    }
  }

  @Test func refusedLoginsAndAnExpiredGivenToken() async throws {
    try await Server.with { server in
      let refusals: [(KazooAuthentication, Int, String)] = [
        (.apiKey("not-the-key"), 404, "bad_identifier"),
        (.apiKey(""), 401, "invalid_credentials"),
        (
          .credentials(username: "alice", password: "wrong", account: .name("acme")), 401,
          "invalid credentials"
        ),
        (
          .credentials(username: "alice", password: "secret", account: .name("other")), 401,
          "invalid credentials"
        ),
      ]
      for (auth, status, message) in refusals {
        await #expect {
          _ = try await Self.client(server, auth: auth).rows(Self.query()).collect()
        } throws: { error in
          guard case .unauthorized(let apiError) = error as? KazooClientError else { return false }
          return apiError.httpStatus == status && apiError.kazooMessage == message
        }
      }
      // A given token cannot be renewed: its expiry ends the listing.
      try await server.setFaults(["expire_tokens_at": 2])
      await #expect {
        _ = try await Self.client(server).rows(Self.query()).collect()
      } throws: { error in
        if case .unauthorized = error as? KazooClientError { return true }
        return false
      }
    }
  }

  @Test func resumingAListingContinuesWhereItStopped() async throws {
    try await Server.with { server in
      let dataset = try await server.dataset()
      let client = Self.client(server)
      var first: [JSONValue] = []
      var saved: KazooResumePoint?
      var iterator = client.documents(Self.query()).makeAsyncIterator()
      for _ in 0..<4 {
        let page = try await iterator.next()
        first += page?.rawItems ?? []
        saved = page?.resumePoint
      }
      // The point survives a round trip through JSON (a file between two runs).
      let point = try JSONDecoder().decode(
        KazooResumePoint.self, from: JSONEncoder().encode(try #require(saved)))
      var rest: [JSONValue] = []
      var numbers: [Int] = []
      for try await page in client.documents(Self.query()).resuming(from: point) {
        rest += page.rawItems
        numbers.append(page.number)
      }
      #expect(numbers.first == 5)
      #expect(sortedTexts(first + rest) == sortedTexts(dataset.documents))
    }
  }

  @Test func cancellingStopsTheListing() async throws {
    try await Server.with { server in
      try await server.setFaults(["delay_seconds": 0.01])
      let client = Self.client(server, options: Self.options(pageSize: 3))
      // Cancel at seeded moments, also while a response is completing (a race that hangs
      // FoundationNetworking's own data(for:) on Linux).
      var random = SeededGenerator(seed: 17)
      for _ in 0..<12 {
        let task = Task { try await client.documents(Self.query()).collect() }
        try await Task.sleep(nanoseconds: UInt64(random.below(60_000_000)))
        task.cancel()
        await #expect {
          _ = try await task.value
        } throws: { error in
          (error as? KazooClientError) == .cancelled
        }
      }
    }
  }

  @Test func concurrencyAndRateAreLimits() async throws {
    try await Server.with { server in
      try await server.setFaults(["delay_seconds": 0.03])
      var narrow = Self.options(pageSize: 50)
      narrow.maximumConcurrency = 2
      let documents = try await Self.client(server, options: narrow).documents(Self.query())
        .collect()
      #expect(documents.items.count > 100)
      var log = try await server.log()
      #expect(log["most_in_flight"] == 2)

      try await server.setFaults([:])
      var paced = Self.options(pageSize: 50)
      paced.requestsPerSecond = 20
      let clock = ContinuousClock()
      let elapsed = try await clock.measure {
        for _ in 0..<6 { _ = try await Self.client(server, options: paced).summary(Self.query()) }
      }
      // Each summary is 3 requests (one per window); 18 requests at 20 per second from
      // six fresh clients: each client's 3 take at least 2 intervals of 50 ms.
      #expect(elapsed >= .milliseconds(6 * 100 - 20))
      log = try await server.log()
      #expect(log["most_in_flight"] == 2)  // unchanged: pacing never ran two at once
    }
  }

  @Test func aTimeoutIsRetried() async throws {
    try await Server.with { server in
      let dataset = try await server.dataset()
      // The first data request takes 2.5 s; the client gives up on it after 1 s (Foundation
      // on Linux counts timeouts in whole seconds) and asks again.
      try await server.setFaults(["script": ["1": "slow"], "slow_seconds": 2.5])
      var options = Self.options(pageSize: 50)
      options.timeout = 1
      let rows = try await Self.client(server, options: options).rows(Self.query()).collect()
      #expect(rows.items.count == dataset.rows.count)
      let log = try await server.log()
      #expect(log["data_requests"]?.numberValue.flatMap { Int($0.literal) } ?? 0 >= 2)
      try await server.setFaults(["always": "slow", "slow_seconds": 2.5])
      options.retry.maximumAttempts = 1
      await #expect {
        _ = try await Self.client(server, options: options).rows(Self.query()).collect()
      } throws: { error in
        (error as? KazooClientError) == .transport("timed out", attempts: 1)
      }
    }
  }

}
