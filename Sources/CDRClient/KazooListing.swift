import CDRCSV
import CDRModel
import CDRPaging

/// A listing as an `AsyncSequence` of pages: it follows `next_start_key` until KAZOO has
/// no more, window after window (newest first), and ends.
///
/// Each page holds the items that decoded and the rows that did not
/// (``KazooPage/rejections``); a page is never lost. Iterating throws a
/// ``KazooClientError`` when a request fails after its retries. A listing can continue
/// from a saved ``KazooResumePoint`` with ``resuming(from:)``.
///
/// ```swift
/// for try await page in client.rows(query) {
///   for row in page.items { print(row[.callID], row[.datetime]) }
///   for rejection in page.rejections { print(rejection) }
/// }
/// ```
public struct KazooListing<Item: Sendable>: AsyncSequence, Sendable {
  /// A listing yields pages.
  public typealias Element = KazooPage<Item>

  let client: KazooClient
  let query: KazooCDRQuery
  let kind: _ListingKind
  let decode: @Sendable (JSONValue) throws(CDRRecordError) -> Item
  let start: KazooResumePoint?

  /// The same listing, continuing at `point` (saved from a page of an earlier run of the
  /// same listing) instead of from the beginning.
  public func resuming(from point: KazooResumePoint) -> KazooListing {
    KazooListing(client: client, query: query, kind: kind, decode: decode, start: point)
  }

  /// Creates an iterator.
  public func makeAsyncIterator() -> Iterator {
    Iterator(listing: self)
  }

  /// Reads every page and returns all items and all rejections.
  ///
  /// - Throws: ``KazooClientError`` when a request fails.
  public func collect() async throws -> (items: [Item], rejections: [KazooRowRejection]) {
    var items: [Item] = []
    var rejections: [KazooRowRejection] = []
    for try await page in self {
      items += page.items
      rejections += page.rejections
    }
    return (items, rejections)
  }

  /// Iterates the pages of a ``KazooListing``.
  public struct Iterator: AsyncIteratorProtocol {
    let listing: KazooListing
    var position: KazooResumePoint?
    var windows: [ClosedRange<Int64>] = []
    var started = false
    var finished = false
    var seen: Set<String> = []

    init(listing: KazooListing) {
      self.listing = listing
    }

    /// The next page, or `nil` after the last.
    ///
    /// - Throws: ``KazooClientError``.
    public mutating func next() async throws -> KazooPage<Item>? {
      if finished { return nil }
      if !started {
        started = true
        try start()
      }
      guard let position, position.window < windows.count else {
        finished = true
        return nil
      }
      let window = windows[position.window]
      let fetched = try await listing.client.fetchPage(
        kind: listing.kind, query: listing.query, window: window, startKey: position.startKey,
        page: position.nextPage)
      var items: [Item] = []
      var raw: [JSONValue] = []
      var rejections = fetched.rejections
      var duplicates = 0
      for entry in fetched.values {
        do throws(CDRRecordError) {
          let item = try listing.decode(entry.value)
          if let id = Self.documentID(entry.value) {
            if !seen.insert(id).inserted {
              duplicates += 1
              continue
            }
          }
          items.append(item)
          raw.append(entry.value)
        } catch {
          rejections.append(
            KazooRowRejection(
              page: position.nextPage, index: entry.index, source: entry.source,
              reason: error.message, value: entry.value))
        }
      }
      var following = position
      following.nextPage += 1
      if let next = fetched.nextStartKey {
        following.startKey = next
      } else {
        following.window += 1
        following.startKey = nil
      }
      let last = following.window >= windows.count
      self.position = following
      if last { finished = true }
      return KazooPage(
        number: position.nextPage, window: window, items: items, rawItems: raw,
        rejections: rejections, duplicates: duplicates, received: fetched.received,
        resumePoint: last ? nil : following)
    }

    mutating func start() throws(KazooClientError) {
      let options = listing.client.options
      guard options.pageSize >= 1 else {
        throw .invalidRequest("the page size must be at least 1, not \(options.pageSize)")
      }
      if let point = listing.start {
        guard point.createdFrom <= point.createdTo, point.window >= 0, point.nextPage >= 1 else {
          throw .invalidRequest("the resume point is not one of this listing")
        }
        windows = _Windows.split(
          point.createdFrom...point.createdTo, maximum: options.maximumRange)
        position = point
      } else {
        let range = try listing.query.resolvedRange(
          now: KazooClient.gregorianNow(), maximumRange: options.maximumRange)
        windows = _Windows.split(range, maximum: options.maximumRange)
        position = KazooResumePoint(
          createdFrom: range.lowerBound, createdTo: range.upperBound, window: 0, startKey: nil,
          nextPage: 1)
      }
    }

    /// The document id a row or document carries (`id`, else `_id`).
    static func documentID(_ value: JSONValue) -> String? {
      value["id"]?.stringValue ?? value["_id"]?.stringValue
    }
  }
}

/// Which endpoint a listing reads.
enum _ListingKind: Sendable, Hashable {
  /// `/cdrs` or `/users/{USER_ID}/cdrs`: one row per leg.
  case legs
  /// `/cdrs/interaction` or `/users/{USER_ID}/cdrs/interaction`: one row per call.
  case interactions
  /// The interaction listing, then `legs/{INTERACTION_ID}` of each row.
  case documents
}

extension KazooClient {
  /// KAZOO's summary rows of every leg in the range (`GET /cdrs`, or
  /// `/users/{USER_ID}/cdrs` when the query names a user), as `CDRListingRow`s.
  ///
  /// These are KAZOO's 35 derived columns, not stored CDRs: times describe the leg's start,
  /// there are no channel variables. For stored documents use ``documents(_:)``.
  public func rows(_ query: KazooCDRQuery) -> KazooListing<CDRListingRow> {
    KazooListing(
      client: self, query: query, kind: .legs,
      decode: { (value) throws(CDRRecordError) in try CDRListingRow(json: value) }, start: nil)
  }

  /// KAZOO's summary row of each interaction's first leg (`GET /cdrs/interaction`, or the
  /// user's), as `CDRListingRow`s. The range selects on `interaction_time`.
  public func interactionRows(_ query: KazooCDRQuery) -> KazooListing<CDRListingRow> {
    KazooListing(
      client: self, query: query, kind: .interactions,
      decode: { (value) throws(CDRRecordError) in try CDRListingRow(json: value) }, start: nil)
  }

  /// The stored CDR documents of every leg of every interaction in the range: the
  /// interaction listing, then `GET /cdrs/legs/{INTERACTION_ID}` for each of its rows (up
  /// to ``KazooClientOptions/maximumConcurrency`` at once), de-duplicated by document id.
  ///
  /// The range selects on `interaction_time`; with a user, the interactions are those in
  /// which the user has a leg, and every leg of them is returned.
  public func documents(_ query: KazooCDRQuery) -> KazooListing<CallDetailRecord> {
    KazooListing(
      client: self, query: query, kind: .documents,
      decode: { (value) throws(CDRRecordError) in try CallDetailRecord(json: value) },
      start: nil)
  }
}
