import CDRModel
import Foundation

extension KazooClient {
  /// One stored CDR document (`GET /cdrs/{CDR_ID}`).
  ///
  /// - Throws: ``KazooClientError``: `.api` with KAZOO's 404 for an unknown id, or
  ///   `.invalidResponse` when the document is not a CDR.
  public func document(account: String, id: String) async throws(KazooClientError)
    -> CallDetailRecord
  {
    guard !account.isEmpty, !id.isEmpty else {
      throw .invalidRequest("a document needs an account and a document id")
    }
    let request = _Request(segments: ["accounts", account, "cdrs", id])
    let response = try await send(request)
    let envelope = try Self.readEnvelope(response.body, request: request.summary)
    guard let data = envelope["data"] else {
      throw .invalidResponse("\(request.summary): the envelope has no data")
    }
    do {
      return try CallDetailRecord(json: data)
    } catch {
      throw .invalidResponse("\(request.summary): \(error.message)")
    }
  }

  /// The stored documents of every leg of one interaction (`GET /cdrs/legs/{ID}`, which
  /// also takes a CDR id), as a page: documents that do not decode are its rejections.
  ///
  /// - Throws: ``KazooClientError``: `.api` with KAZOO's 404 when nothing matches.
  public func legs(account: String, interactionID: String) async throws(KazooClientError)
    -> KazooPage<CallDetailRecord>
  {
    guard !account.isEmpty, !interactionID.isEmpty else {
      throw .invalidRequest("legs need an account and an interaction id")
    }
    let request = _Request(segments: ["accounts", account, "cdrs", "legs", interactionID])
    let response = try await send(request)
    let documents = try Self.readDocuments(response.body, request: request.summary)
    var items: [CallDetailRecord] = []
    var raw: [JSONValue] = []
    var rejections: [KazooRowRejection] = []
    for (index, document) in documents.enumerated() {
      do {
        items.append(try CallDetailRecord(json: document))
        raw.append(document)
      } catch {
        rejections.append(
          KazooRowRejection(
            page: 1, index: index, source: request.summary, reason: error.message,
            value: document))
      }
    }
    return KazooPage(
      number: 1, window: 0...0, items: items, rawItems: raw, rejections: rejections,
      duplicates: 0, received: documents.count, resumePoint: nil)
  }

  /// The billable-seconds summary of the range (`GET /cdrs/summary`), window by window,
  /// added together. KAZOO has no per-user summary, so the query must not name a user.
  ///
  /// - Throws: ``KazooClientError``; `.invalidRequest` for a query with a user.
  public func summary(_ query: KazooCDRQuery) async throws(KazooClientError) -> KazooCDRSummary {
    guard query.user == nil else {
      throw .invalidRequest("KAZOO has no per-user /cdrs/summary; leave the user out")
    }
    var total = KazooCDRSummary()
    for window in try windows(for: query) {
      let request = _Request(
        segments: ["accounts", query.account, "cdrs", "summary"],
        query: listingQuery(query, window: window, startKey: nil, paginate: false))
      let response = try await send(request)
      let envelope = try Self.readEnvelope(response.body, request: request.summary)
      total = total.adding(try KazooCDRSummary(json: envelope["data"] ?? .object([:])))
    }
    return total
  }

  /// Downloads KAZOO's CSV of one window (`GET /cdrs` with `Accept: text/csv` and
  /// `paginate=false`, so the whole window, not only its first page) to a temporary file,
  /// which the caller then owns. An empty window gives an empty file.
  ///
  /// - Throws: ``KazooClientError``.
  public func downloadCSV(_ query: KazooCDRQuery, window: ClosedRange<Int64>)
    async throws(KazooClientError) -> URL
  {
    var request = _Request(
      segments: listingSegments(query, interactions: false),
      query: listingQuery(query, window: window, startKey: nil, paginate: false))
    request.accept = "text/csv"
    request.toFile = true
    let response = try await send(request)
    guard let file = response.file else {
      throw .invalidResponse("\(request.summary): no file was downloaded")
    }
    if let type = response.contentType, type.hasPrefix("application/json") {
      try? FileManager.default.removeItem(at: file)
      throw .invalidResponse("\(request.summary): asked for CSV, got \(type)")
    }
    return file
  }

  /// Downloads KAZOO's CSV of the whole range to `destination` (replaced), window by
  /// window, with the header row once. Returns the bytes written and the rows (lines
  /// after the header).
  ///
  /// - Throws: ``KazooClientError``; `.invalidResponse` when windows have different
  ///   headers.
  @discardableResult
  public func downloadCSV(_ query: KazooCDRQuery, to destination: URL)
    async throws(KazooClientError) -> (bytes: Int, rows: Int)
  {
    guard FileManager.default.createFile(atPath: destination.path, contents: nil) else {
      throw .file("cannot create \(destination.path)")
    }
    var header: [UInt8]?
    var bytes = 0
    var rows = 0
    for window in try windows(for: query) {
      let file = try await downloadCSV(query, window: window)
      defer { try? FileManager.default.removeItem(at: file) }
      let part = try KazooCSVFile.append(file, to: destination, header: &header)
      bytes += part.bytes
      rows += part.rows
    }
    return (bytes, rows)
  }
}

/// Joining the CSV of several time windows into one file, with the header row once.
public enum KazooCSVFile {
  /// The bytes of one window's CSV to append after the earlier windows': all of them for
  /// the first non-empty window (which sets `header`), without the first line (the header)
  /// for the others. A missing final newline is added.
  ///
  /// - Throws: ``KazooClientError/invalidResponse(_:)`` when the header differs from
  ///   `header`.
  public static func part(_ csv: [UInt8], header: inout [UInt8]?) throws(KazooClientError)
    -> [UInt8]
  {
    var bytes = csv
    if bytes.isEmpty { return [] }
    if bytes.last != 0x0A { bytes.append(0x0A) }
    let firstEnd = (bytes.firstIndex(of: 0x0A) ?? bytes.count - 1) + 1
    let first = Array(bytes[..<firstEnd])
    if let header {
      guard first == header else {
        throw .invalidResponse("the CSV header changed between time windows")
      }
      bytes.removeFirst(firstEnd)
    } else {
      header = first
    }
    return bytes
  }

  /// Appends the CSV file `source` to `destination` (see ``part(_:header:)``). Returns the
  /// bytes and the data lines (not the header) appended.
  ///
  /// - Throws: ``KazooClientError/file(_:)`` when a file cannot be read or written;
  ///   ``KazooClientError/invalidResponse(_:)`` when the header differs from `header`.
  public static func append(_ source: URL, to destination: URL, header: inout [UInt8]?)
    throws(KazooClientError) -> (bytes: Int, rows: Int)
  {
    guard let data = FileManager.default.contents(atPath: source.path) else {
      throw .file("cannot read the downloaded \(source.path)")
    }
    let keepsHeader = header == nil
    let bytes = try part([UInt8](data), header: &header)
    if bytes.isEmpty { return (0, 0) }
    guard let handle = FileHandle(forWritingAtPath: destination.path) else {
      throw .file("cannot open \(destination.path) for writing")
    }
    defer { try? handle.close() }
    do {
      try handle.seekToEnd()
      try handle.write(contentsOf: bytes)
    } catch {
      throw .file("cannot write \(destination.path): \(error.localizedDescription)")
    }
    let lines = bytes.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
    return (bytes.count, keepsHeader ? lines - 1 : lines)
  }
}
