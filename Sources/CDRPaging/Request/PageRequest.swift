import CDRTime

/// One page request with KAZOO's defaults, limits and parameter rules (crossbar
/// `crossbar_view.erl`, `cb_context.erl`).
///
/// ```swift
/// let query = try QueryString("page_size=2&created_from=63746438000&created_to=63746439000")
/// let request = try PageRequest(query: query, now: GregorianSeconds(63746440000))
/// request.pageSize     // 2
/// request.direction    // .descending
/// ```
public struct PageRequest: Sendable, Hashable {
  /// KAZOO's default page size.
  public static let defaultPageSize = 50
  /// KAZOO's default maximum range: 31 days + 1 hour.
  public static let defaultMaximumRange: Int64 = 2_682_000

  /// Rows per page (ignored when ``paginate`` is false).
  public var pageSize: Int
  /// Inclusive range of sort times (`created_from`…`created_to`), gregorian seconds.
  public var range: ClosedRange<Int64>
  /// The listing direction.
  public var direction: PageDirection
  /// Whether paging is on; off returns every matching row in one page.
  public var paginate: Bool
  /// The `start_key` text, CDRKit's or KAZOO's.
  public var startKey: String?

  /// Creates a request, checking the range as KAZOO does.
  ///
  /// - Throws: ``PagingError`` for a page size below 1, or a reversed or too long range.
  public init(
    pageSize: Int = defaultPageSize, createdFrom: Int64, createdTo: Int64,
    direction: PageDirection = .descending,
    paginate: Bool = true, startKey: String? = nil, maximumRange: Int64 = defaultMaximumRange
  ) throws(PagingError) {
    guard pageSize >= 1 else { throw .pageSizeTooSmall(String(pageSize)) }
    guard createdTo >= createdFrom else { throw .rangeReversed(from: createdFrom, to: createdTo) }
    let (span, spanOverflows) = createdTo.subtractingReportingOverflow(createdFrom)
    guard !spanOverflows, span <= maximumRange else {
      throw .rangeTooLong(from: createdFrom, to: createdTo, maximum: maximumRange)
    }
    self.pageSize = pageSize
    self.range = createdFrom...createdTo
    self.direction = direction
    self.paginate = paginate
    self.startKey = startKey
  }

  /// Reads a request from query parameters, exactly as KAZOO does:
  /// - `page_size`: an integer ≥ 1, default 50.
  /// - `created_to`: default `now`; `created_from`: default `created_to − maximumRange`.
  ///   A value that is not an integer > 0 is silently replaced by the default (KAZOO).
  /// - direction: descending when `descending=true`, or `ascending` is absent or `false`;
  ///   ascending otherwise (so `descending=false` alone stays descending).
  /// - `paginate`: on when absent or exactly `true`; anything else turns it off.
  /// - `start_key`: passed through.
  ///
  /// - Parameters:
  ///   - query: the request's query parameters.
  ///   - now: the clock, injected so results are reproducible.
  ///   - maximumRange: the longest allowed range in seconds (KAZOO's `maximum_range`).
  /// - Throws: ``PagingError``.
  public init(query: QueryString, now: GregorianSeconds, maximumRange: Int64 = defaultMaximumRange)
    throws(PagingError)
  {
    var pageSize = Self.defaultPageSize
    if let text = query.value(for: "page_size") {
      guard let value = Self.kazooInteger(text).map({ Int(truncatingIfNeeded: $0) }) else {
        throw .invalidPageSize(text)
      }
      guard value >= 1 else { throw .pageSizeTooSmall(text) }
      pageSize = value
    }
    let to = Self.positiveInteger(query.value(for: "created_to")) ?? now.rawValue
    // Saturating: `now` comes from the data in `cdr page`, and can be near Int64.min.
    let (earliest, overflows) = to.subtractingReportingOverflow(maximumRange)
    let from =
      Self.positiveInteger(query.value(for: "created_from")) ?? (overflows ? .min : earliest)
    let ascending =
      query.kazooValue(for: "descending") != "true"
      && query.kazooValue(for: "ascending").map { $0 != "false" } == true
    let paginateText = query.kazooValue(for: "paginate")
    try self.init(
      pageSize: pageSize, createdFrom: from, createdTo: to,
      direction: ascending ? .ascending : .descending,
      paginate: paginateText == nil || paginateText == "true",
      startKey: query.value(for: "start_key"),
      maximumRange: maximumRange)
  }

  private static func positiveInteger(_ text: String?) -> Int64? {
    guard let text, let value = kazooInteger(text), value > 0 else { return nil }
    return value
  }

  /// KAZOO's integer cast of query text (`kz_term:to_integer`): integer text, or Erlang
  /// float text (digits on both sides of the point, an optional exponent: `1.5`,
  /// `1.0e3`), rounded half away from zero. `nil` for anything else (`1e3`, `.5`, `abc`).
  static func kazooInteger(_ text: String) -> Int64? {
    if let value = Int64(text) { return value }
    let bytes = Array(text.utf8)
    var index = 0
    if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
      index += 1
    }
    func digits() -> Int {
      let begin = index
      while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
      return index - begin
    }
    guard digits() > 0, index < bytes.count, bytes[index] == UInt8(ascii: ".") else { return nil }
    index += 1
    guard digits() > 0 else { return nil }
    if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
      index += 1
      if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+")
      {
        index += 1
      }
      guard digits() > 0 else { return nil }
    }
    guard index == bytes.count, let value = Double(text), value.isFinite,
      value.magnitude < 9.2e18
    else { return nil }
    return Int64(value.rounded(.toNearestOrAwayFromZero))
  }
}
