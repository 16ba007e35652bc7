/// Why a page could not be produced, with KAZOO's wording where KAZOO has one.
public enum PagingError: Error, Sendable, Hashable, CustomStringConvertible {
  /// `page_size` is an integer below 1 (KAZOO: 404 `faulty_request`).
  case pageSizeTooSmall(String)
  /// `page_size` is not an integer (KAZOO: 404 `faulty_request`).
  case invalidPageSize(String)
  /// `created_to` is before `created_from` (KAZOO: 400 `validation error`).
  case rangeReversed(from: Int64, to: Int64)
  /// The range is longer than the maximum (KAZOO: 400 `validation error`).
  case rangeTooLong(from: Int64, to: Int64, maximum: Int64)
  /// The `start_key` is unusable.
  case invalidStartKey(CursorError)
  /// The query string is malformed.
  case malformedQuery(QueryStringError)

  /// KAZOO's message (for the first four), or CDRKit's.
  public var message: String {
    switch self {
    case .pageSizeTooSmall: "page size must be at least 1"
    case .invalidPageSize: "invalid page size"
    case .rangeReversed(let from, let to): "created_to \(to) is prior to created_from \(from)"
    case .rangeTooLong(let from, let to, let maximum):
      "created_to \(to) is more than \(maximum) seconds from created_from \(from)"
    case .invalidStartKey(let error): error.message
    case .malformedQuery(let error): error.message
    }
  }

  /// The HTTP status KAZOO answers with (`error` in its envelope, as a string).
  public var httpStatus: Int {
    switch self {
    case .pageSizeTooSmall, .invalidPageSize: 404
    case .rangeReversed, .rangeTooLong, .invalidStartKey, .malformedQuery: 400
    }
  }

  /// Same as ``message``.
  public var description: String { message }
}
