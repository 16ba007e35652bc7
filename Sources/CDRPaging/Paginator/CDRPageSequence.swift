import CDRModel

/// The pages of a leg listing as an `AsyncSequence`, following `next_start_key` until the
/// last page.
///
/// ```swift
/// for try await page in CDRPageSequence(request: request, source: source) {
///   for leg in page.rows { ... }
/// }
/// ```
public struct CDRPageSequence<Source: CDRSource & Sendable>: AsyncSequence, Sendable {
  /// Pages of legs.
  public typealias Element = CDRPage<CallDetailRecord>

  /// The first request (its `start_key`, if any, is where the first page starts).
  public var request: PageRequest
  /// The source.
  public var source: Source
  /// The paginator.
  public var paginator: CDRPaginator

  /// Creates the sequence.
  public init(request: PageRequest, source: Source, paginator: CDRPaginator = CDRPaginator()) {
    self.request = request
    self.source = source
    self.paginator = paginator
  }

  /// Creates an iterator.
  public func makeAsyncIterator() -> Iterator {
    Iterator(request: request, source: source, paginator: paginator)
  }

  /// Reads one page per call.
  public struct Iterator: AsyncIteratorProtocol {
    var request: PageRequest
    let source: Source
    let paginator: CDRPaginator
    var finished = false

    /// The next page, or `nil` after the last one.
    ///
    /// - Throws: ``PagingError``.
    public mutating func next() async throws -> CDRPage<CallDetailRecord>? {
      guard !finished else { return nil }
      let page = try paginator.legs(request, from: source)
      if let next = page.nextStartKey {
        request.startKey = next
      } else {
        finished = true
      }
      return page
    }
  }
}
