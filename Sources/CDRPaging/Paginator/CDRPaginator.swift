import CDRModel

/// How a paginator writes `next_start_key`.
public enum PageKeyStyle: String, Sendable, Hashable, Codable {
  /// CDRKit's ``PageCursor`` (exclusive, checked). The default.
  case cdrkit
  /// KAZOO's base64url ETF key of the first row of the next page (inclusive).
  case kazoo
}

/// One page of rows and the key to the next.
public struct CDRPage<Row: Sendable>: Sendable {
  /// The rows, in listing order.
  public var rows: [Row]
  /// The `start_key` this page was read from, when one was given.
  public var startKey: String?
  /// The key for the next page; `nil` on the last page or when not paginating.
  public var nextStartKey: String?
}

/// Pages legs or interactions out of a ``CDRSource`` with keyset cursors.
///
/// Filters are applied after reading and do not shorten pages (KAZOO reads on until the
/// page is full). A page never repeats a row of an earlier page and, whatever is inserted
/// between requests, never skips a row that lies ahead of the cursor.
///
/// ```swift
/// let paginator = CDRPaginator()
/// var request = try PageRequest(pageSize: 50, createdFrom: from, createdTo: to)
/// repeat {
///   let page = try paginator.legs(request, from: source)
///   handle(page.rows)
///   request.startKey = page.nextStartKey
/// } while request.startKey != nil
/// ```
public struct CDRPaginator: Sendable {
  /// Document filter (crossbar semantics).
  public var filter: CDRFilter
  /// How `next_start_key` is written.
  public var keyStyle: PageKeyStyle

  /// Creates a paginator.
  public init(filter: CDRFilter = CDRFilter(), keyStyle: PageKeyStyle = .cdrkit) {
    self.filter = filter
    self.keyStyle = keyStyle
  }

  /// One page of legs.
  ///
  /// - Throws: ``PagingError/invalidStartKey(_:)`` for an unusable `start_key`.
  public func legs(_ request: PageRequest, from source: some CDRSource) throws(PagingError)
    -> CDRPage<CallDetailRecord>
  {
    let applyFilter = !filter.isOnlyTimeFilter
    let result = try collect(request, listing: .legs, sortKey: source.sortKey) { bound, limit in
      source.legs(from: bound, direction: request.direction, in: request.range, limit: limit)
        .map { (key: $0.key, row: $0.record, keep: !applyFilter || filter.matches($0.record)) }
    }
    return result
  }

  /// One page of interactions; a page never splits an interaction's legs (KAZOO's
  /// PISTON-711) because it pages over interaction keys, and each key carries all its legs.
  ///
  /// The range selects on `interaction_time`. Filters apply to the interaction's
  /// representative leg, as KAZOO applies them (``InteractionGroup/representative``: the
  /// earliest channel time, loopback `A` before `B` before an ordinary leg).
  ///
  /// - Throws: ``PagingError/invalidStartKey(_:)`` for an unusable `start_key`.
  public func interactions(_ request: PageRequest, from source: some CDRSource) throws(PagingError)
    -> CDRPage<InteractionGroup>
  {
    try collect(request, listing: .interactions, sortKey: source.sortKey) { bound, limit in
      source.interactions(
        from: bound, direction: request.direction, in: request.range, limit: limit
      )
      .map { group in
        (key: group.key, row: group, keep: group.representative.map(filter.matches) ?? false)
      }
    }
  }

  private func collect<Row>(
    _ request: PageRequest, listing: PageCursor.Listing, sortKey: LegSortKey,
    fetch: (PageBound?, Int) -> [(key: PageKey, row: Row, keep: Bool)]
  ) throws(PagingError) -> CDRPage<Row> {
    var bound = try startBound(request, listing: listing, sortKey: sortKey)
    // One row past the page tells whether there is a next page; saturating, because a
    // page size of Int.max is a valid (if hostile) request.
    let pageAndOne = request.pageSize == .max ? Int.max : request.pageSize + 1
    let wanted = request.paginate ? pageAndOne : Int.max
    let batchSize = request.paginate ? pageAndOne : 1000
    var kept: [(key: PageKey, row: Row)] = []
    while kept.count < wanted {
      let batch = fetch(bound, batchSize)
      for entry in batch where entry.keep && kept.count < wanted {
        kept.append((entry.key, entry.row))
      }
      guard let last = batch.last, batch.count == batchSize else { break }
      bound = .after(last.key)
    }
    // KAZOO's first page names the key it started from: [created_to, {}] descending,
    // [created_from] ascending.
    let startKey =
      request.startKey
      ?? KazooStartKey.encoded(
        request.direction == .descending
          ? [.integer(request.range.upperBound), .emptyJSONObject]
          : [.integer(request.range.lowerBound)]
      ).text
    guard request.paginate, kept.count > request.pageSize else {
      return CDRPage(rows: kept.map(\.row), startKey: startKey, nextStartKey: nil)
    }
    let rows = kept.prefix(request.pageSize)
    let next: String
    switch keyStyle {
    case .cdrkit:
      next =
        PageCursor(
          listing: listing, sortKey: sortKey, direction: request.direction,
          last: rows[rows.endIndex - 1].key
        ).text
    case .kazoo:
      let key = kept[request.pageSize].key
      next = KazooStartKey.encoded([.integer(key.time), .binary(key.id)]).text
    }
    return CDRPage(rows: rows.map(\.row), startKey: startKey, nextStartKey: next)
  }

  private func startBound(_ request: PageRequest, listing: PageCursor.Listing, sortKey: LegSortKey)
    throws(PagingError) -> PageBound?
  {
    guard let text = request.startKey else { return nil }
    do {
      return try Self.bound(
        parsing: text, listing: listing, sortKey: sortKey, direction: request.direction)
    } catch {
      throw .invalidStartKey(error)
    }
  }

  /// Reads a `start_key` of either style into a bound.
  static func bound(
    parsing text: String, listing: PageCursor.Listing, sortKey: LegSortKey, direction: PageDirection
  )
    throws(CursorError) -> PageBound
  {
    if let bytes = Base64URL.decode(text), PageCursor.hasMagic(bytes) {
      let cursor = try PageCursor(bytes: bytes)
      let expected = "\(listing) by \(sortKey.rawValue), \(direction.rawValue)"
      let found = "\(cursor.listing) by \(cursor.sortKey.rawValue), \(cursor.direction.rawValue)"
      guard expected == found else { throw .mismatch(expected: expected, found: found) }
      return .after(cursor.last)
    }
    if let bytes = Base64URL.decode(text), let first = bytes.first, first != 131, Int64(text) == nil
    {
      throw PageCursor.hasMagic(bytes) ? .truncated : .foreign
    }
    let key = try KazooStartKey(parsing: text)
    switch key {
    case .integer(let time):
      return PageBound(
        time: time, id: direction == .descending ? .highest : .lowest, inclusive: true)
    case .encoded(.list(let parts)) where !parts.isEmpty && parts.count <= 2:
      guard case .integer(let time) = parts[0] else { break }
      if parts.count == 1 { return PageBound(time: time, id: .lowest, inclusive: true) }
      if parts[1] == .emptyJSONObject {
        return PageBound(time: time, id: .highest, inclusive: true)
      }
      if case .binary(let idBytes) = parts[1], let id = String(validating: idBytes, as: UTF8.self) {
        return PageBound(time: time, id: .id(id), inclusive: true)
      }
    default: break
    }
    throw .unsupportedKazooKeyShape(
      key.viewKey.map { term in term.json?.jsonText ?? term.erlangText() } ?? key.text)
  }
}
