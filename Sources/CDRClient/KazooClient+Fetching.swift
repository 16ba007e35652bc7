import CDRModel
import CDRPaging

/// A page as received, before the items are decoded.
struct _FetchedPage: Sendable {
  struct Entry: Sendable {
    var index: Int
    var source: String
    var value: JSONValue
  }
  var values: [Entry] = []
  var rejections: [KazooRowRejection] = []
  var nextStartKey: String?
  var received = 0
}

extension KazooClient {
  /// The path segments of a listing endpoint.
  func listingSegments(_ query: KazooCDRQuery, interactions: Bool) -> [String] {
    var segments = ["accounts", query.account]
    if let user = query.user { segments += ["users", user] }
    segments.append("cdrs")
    if interactions { segments.append("interaction") }
    return segments
  }

  /// The query of one page: the caller's parameters, the window, the page size and the
  /// start key.
  func listingQuery(
    _ query: KazooCDRQuery, window: ClosedRange<Int64>, startKey: String?, paginate: Bool = true
  ) -> QueryString {
    let reserved: Set<String> = [
      "created_from", "created_to", "page_size", "start_key", "paginate",
    ]
    var result = QueryString(pairs: query.parameters.pairs.filter { !reserved.contains($0.key) })
    result.append(key: "created_from", value: String(window.lowerBound))
    result.append(key: "created_to", value: String(window.upperBound))
    if paginate {
      result.append(key: "page_size", value: String(options.pageSize))
      if let startKey { result.append(key: "start_key", value: startKey) }
    } else {
      result.append(key: "paginate", value: "false")
    }
    return result
  }

  /// Fetches one page of `kind`.
  func fetchPage(
    kind: _ListingKind, query: KazooCDRQuery, window: ClosedRange<Int64>, startKey: String?,
    page: Int
  ) async throws(KazooClientError) -> _FetchedPage {
    let request = _Request(
      segments: listingSegments(query, interactions: kind != .legs),
      query: listingQuery(query, window: window, startKey: startKey))
    let response = try await send(request)
    let (rows, next) = try Self.readListing(response.body, request: request.summary)
    var fetched = _FetchedPage()
    // KAZOO's account-wide interaction keys are [interaction_time, interaction_key]; passed
    // back as they are, the interaction they name is skipped (its map rows
    // [time, key, channel_time] sort after the key in descending order). Padding the key
    // with {} starts the next page at that interaction.
    fetched.nextStartKey =
      next.map { kind != .legs && query.user == nil ? Self.paddedInteractionKey($0) : $0 }
    if kind != .documents {
      fetched.received = rows.count
      fetched.values = rows.enumerated().map {
        _FetchedPage.Entry(index: $0.offset, source: request.summary, value: $0.element)
      }
      return fetched
    }
    // Full documents: each interaction row names the legs to fetch.
    var interactionIDs: [String] = []
    for (index, row) in rows.enumerated() {
      guard let id = row["interaction_id"]?.stringValue, !id.isEmpty else {
        fetched.received += 1
        fetched.rejections.append(
          KazooRowRejection(
            page: page, index: index, source: request.summary,
            reason:
              "an interaction row without a string \"interaction_id\": its legs cannot be fetched",
            value: row))
        continue
      }
      interactionIDs.append(id)
    }
    let legs = try await fetchLegsInOrder(account: query.account, interactionIDs: interactionIDs)
    for (source, documents) in legs {
      fetched.received += documents.count
      for (index, document) in documents.enumerated() {
        fetched.values.append(_FetchedPage.Entry(index: index, source: source, value: document))
      }
    }
    return fetched
  }

  /// `[t, k]` becomes `[t, k, {}]`; any other key is returned unchanged.
  static func paddedInteractionKey(_ text: String) -> String {
    guard let key = try? KazooStartKey(parsing: text),
      case .encoded(.list(let parts)) = key, parts.count == 2,
      case .integer = parts[0], case .binary = parts[1]
    else { return text }
    return KazooStartKey.encoded(parts + [ErlangTerm.emptyJSONObject]).text
  }

  /// The legs of each interaction, fetched with bounded parallelism, in the given order.
  func fetchLegsInOrder(account: String, interactionIDs: [String]) async throws(KazooClientError)
    -> [(source: String, documents: [JSONValue])]
  {
    var results = [(source: String, documents: [JSONValue])?](
      repeating: nil, count: interactionIDs.count)
    let width = options.maximumConcurrency
    do {
      try await withThrowingTaskGroup(of: (Int, String, [JSONValue]).self) { group in
        var next = 0
        func addNext() {
          let index = next
          let id = interactionIDs[index]
          next += 1
          group.addTask {
            let request = _Request(segments: ["accounts", account, "cdrs", "legs", id])
            let response = try await self.send(request)
            let documents = try Self.readDocuments(response.body, request: request.summary)
            return (index, request.summary, documents)
          }
        }
        while next < min(width, interactionIDs.count) { addNext() }
        while let (index, source, documents) = try await group.next() {
          results[index] = (source, documents)
          if next < interactionIDs.count { addNext() }
        }
      }
    } catch let error as KazooClientError {
      throw error
    } catch {
      throw .cancelled
    }
    return results.compactMap { $0 }
  }

  /// A listing envelope's rows and `next_start_key` (chunked or not; the chunked trailer's
  /// values are strings).
  static func readListing(_ body: [UInt8], request: String) throws(KazooClientError) -> (
    [JSONValue], String?
  ) {
    let envelope = try readEnvelope(body, request: request)
    guard case .array(let rows)? = envelope["data"] else {
      throw .invalidResponse("\(request): the envelope's data is not a list of rows")
    }
    return (rows, envelope["next_start_key"]?.textValue.flatMap { $0.isEmpty ? nil : $0 })
  }

  /// The documents of a `legs` response (a list; one document is taken as a list of one).
  static func readDocuments(_ body: [UInt8], request: String) throws(KazooClientError)
    -> [JSONValue]
  {
    let envelope = try readEnvelope(body, request: request)
    switch envelope["data"] {
    case .array(let documents)?: return documents
    case .object?: return [envelope["data"]!]
    default: throw .invalidResponse("\(request): the envelope has no data")
    }
  }

  /// Parses a success envelope.
  static func readEnvelope(_ body: [UInt8], request: String) throws(KazooClientError) -> JSONValue {
    let envelope: JSONValue
    do {
      envelope = try JSONValue(parsing: body)
    } catch {
      throw .invalidResponse("\(request): not JSON (\(error.reason))")
    }
    guard case .object = envelope else {
      throw .invalidResponse("\(request): the response is not a JSON object")
    }
    if let status = envelope["status"]?.stringValue, status != "success" {
      throw .invalidResponse("\(request): status \(status)")
    }
    return envelope
  }
}
