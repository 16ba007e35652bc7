import CDRModel

/// One page of a listing: the items that decoded, the JSON as received, the rows that did
/// not decode, and where to resume after it.
///
/// The counts add up: ``received`` = `items.count` + `rejections.count` + ``duplicates``.
public struct KazooPage<Item: Sendable>: Sendable {
  /// The page's number in its listing, from 1 (continued across windows and resumes).
  public var number: Int
  /// The time window (gregorian seconds) the page belongs to; `0...0` for a page that is
  /// not part of a listing (``KazooClient/legs(account:interactionID:)``).
  public var window: ClosedRange<Int64>
  /// The items that decoded, in the server's order.
  public var items: [Item]
  /// The JSON of each item exactly as received, parallel to ``items``.
  public var rawItems: [JSONValue]
  /// What did not decode, with its page and index.
  public var rejections: [KazooRowRejection]
  /// Items skipped because an earlier page already had their document id.
  public var duplicates: Int
  /// What the server sent for this page (rows, or leg documents for full documents).
  public var received: Int
  /// Where to continue after this page; `nil` when it was the last page.
  public var resumePoint: KazooResumePoint?

  /// Creates a page.
  public init(
    number: Int, window: ClosedRange<Int64>, items: [Item], rawItems: [JSONValue],
    rejections: [KazooRowRejection], duplicates: Int, received: Int,
    resumePoint: KazooResumePoint?
  ) {
    self.number = number
    self.window = window
    self.items = items
    self.rawItems = rawItems
    self.rejections = rejections
    self.duplicates = duplicates
    self.received = received
    self.resumePoint = resumePoint
  }
}

/// A row or document that did not decode: where it was and why.
///
/// Its ``description`` is `page 3, row 7 of GET /v2/accounts/.../cdrs: missing required
/// "call_id"`.
public struct KazooRowRejection: Error, Sendable, Hashable, CustomStringConvertible {
  /// The listing page, from 1.
  public var page: Int
  /// The index in the response's `data`, from 0.
  public var index: Int
  /// The request that returned it (method and path).
  public var source: String
  /// Why it was rejected.
  public var reason: String
  /// The value as received.
  public var value: JSONValue

  /// Creates a rejection.
  public init(page: Int, index: Int, source: String, reason: String, value: JSONValue) {
    self.page = page
    self.index = index
    self.source = source
    self.reason = reason
    self.value = value
  }

  /// `page P, row I of SOURCE: REASON`.
  public var description: String { "page \(page), row \(index) of \(source): \(reason)" }
}

/// Where a listing continues: the whole range, the window, the `start_key` within it and
/// the next page's number. `Codable`, so it can be saved and a sync resumed later.
///
/// A resumed listing does not know the document ids of the pages before the point, so its
/// de-duplication starts afresh; `cdr fetch` reads the ids already in its output file.
public struct KazooResumePoint: Sendable, Hashable, Codable {
  /// The oldest time of the whole listing.
  public var createdFrom: Int64
  /// The newest time of the whole listing.
  public var createdTo: Int64
  /// The window to continue in (0 is the newest, see ``KazooClient/windows(for:)``).
  public var window: Int
  /// The `start_key` to send, `nil` for the window's first page.
  public var startKey: String?
  /// The number the next page gets.
  public var nextPage: Int

  /// Creates a resume point.
  public init(createdFrom: Int64, createdTo: Int64, window: Int, startKey: String?, nextPage: Int) {
    self.createdFrom = createdFrom
    self.createdTo = createdTo
    self.window = window
    self.startKey = startKey
    self.nextPage = nextPage
  }

  enum CodingKeys: String, CodingKey {
    case createdFrom = "created_from"
    case createdTo = "created_to"
    case window
    case startKey = "start_key"
    case nextPage = "next_page"
  }
}
