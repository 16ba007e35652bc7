import CDRModel

/// KAZOO's API response envelope, generic over its row type, for reading and writing.
///
/// Reads both the regular envelope (`"page_size": 50`) and the chunked trailer, where
/// every value is a string (`"page_size": "50"`). An error envelope's `data` (an object,
/// not rows) is kept in ``errorData``; `error` is the HTTP status as text (`"404"`).
///
/// ```swift
/// let envelope = try JSONDecoder().decode(KazooEnvelope<JSONValue>.self, from: bytes)
/// envelope.nextStartKey
/// ```
public struct KazooEnvelope<Row: Codable & Sendable>: Codable, Sendable {
  /// The rows (absent in error envelopes).
  public var data: [Row]?
  /// `data` when it is not a list of rows (error envelopes: `{}` or `{message, cause}`).
  public var errorData: JSONValue?
  /// Number of rows in this page.
  public var pageSize: Int?
  /// The key this page started from.
  public var startKey: String?
  /// The key of the next page; absent on the last page.
  public var nextStartKey: String?
  /// `success`, `error` or `fatal`.
  public var status: String?
  /// Error text (`error` status).
  public var message: String?
  /// HTTP status as text, e.g. `"416"` (`error` status).
  public var error: String?
  /// `request_id`.
  public var requestID: String?
  /// `revision` (`automatic` for lists).
  public var revision: String?
  /// ISO 8601 UTC time of the response.
  public var timestamp: String?
  /// base64url md5 of the Erlang node name.
  public var node: String?
  /// KAZOO version (authenticated responses).
  public var version: String?
  /// `auth_token`.
  public var authToken: String?
  /// `tokens` `{consumed, remaining}`.
  public var tokens: JSONValue?

  /// Creates a success envelope for a page of rows.
  public init(
    rows: [Row], startKey: String?, nextStartKey: String?, paginated: Bool = true,
    requestID: String? = nil
  ) {
    data = rows
    pageSize = paginated ? rows.count : nil
    self.startKey = paginated ? startKey : nil
    self.nextStartKey = paginated ? nextStartKey : nil
    status = "success"
    revision = "automatic"
    self.requestID = requestID
  }

  /// Creates an error envelope for a paging error, in KAZOO's shapes: system errors
  /// (page size) put the error name in `message` and the text in `data.message`;
  /// validation errors (range) use `validation error` and `data.created_from.date_range`.
  public init(error: PagingError) {
    status = "error"
    self.error = String(error.httpStatus)
    switch error {
    case .pageSizeTooSmall, .invalidPageSize:
      message = "faulty_request"
      errorData = ["message": .string(error.message)]
    case .rangeReversed(let from, _):
      message = "validation error"
      errorData = Self.dateRange(error.message, cause: from)
    case .rangeTooLong(_, let to, _):
      message = "validation error"
      errorData = Self.dateRange(error.message, cause: to)
    case .invalidStartKey, .malformedQuery:
      message = error.message
      errorData = [:]
    }
  }

  private static func dateRange(_ text: String, cause: Int64) -> JSONValue {
    [
      "created_from": [
        "date_range": ["message": .string(text), "cause": .number(JSONNumber(cause))]
      ]
    ]
  }

  enum CodingKeys: String, CodingKey {
    case data, status, message, error, revision, timestamp, node, version, tokens
    case pageSize = "page_size"
    case startKey = "start_key"
    case nextStartKey = "next_start_key"
    case requestID = "request_id"
    case authToken = "auth_token"
  }

  /// Decodes either envelope style.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    if let rows = try? container.decodeIfPresent([Row].self, forKey: .data) {
      data = rows
    } else {
      errorData = try container.decodeIfPresent(JSONValue.self, forKey: .data)
    }
    pageSize = try Self.lenientInteger(container, .pageSize)
    startKey = try Self.lenientText(container, .startKey)
    nextStartKey = try Self.lenientText(container, .nextStartKey)
    status = try Self.lenientText(container, .status)
    message = try Self.lenientText(container, .message)
    error = try Self.lenientText(container, .error)
    requestID = try Self.lenientText(container, .requestID)
    revision = try Self.lenientText(container, .revision)
    timestamp = try Self.lenientText(container, .timestamp)
    node = try Self.lenientText(container, .node)
    version = try Self.lenientText(container, .version)
    authToken = try Self.lenientText(container, .authToken)
    tokens = try container.decodeIfPresent(JSONValue.self, forKey: .tokens)
  }

  /// Encodes the regular (non-chunked) envelope; absent values are omitted.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    if let data {
      try container.encode(data, forKey: .data)
    } else {
      try container.encodeIfPresent(errorData, forKey: .data)
    }
    try container.encodeIfPresent(pageSize, forKey: .pageSize)
    try container.encodeIfPresent(startKey, forKey: .startKey)
    try container.encodeIfPresent(nextStartKey, forKey: .nextStartKey)
    try container.encodeIfPresent(status, forKey: .status)
    try container.encodeIfPresent(message, forKey: .message)
    try container.encodeIfPresent(error, forKey: .error)
    try container.encodeIfPresent(requestID, forKey: .requestID)
    try container.encodeIfPresent(revision, forKey: .revision)
    try container.encodeIfPresent(timestamp, forKey: .timestamp)
    try container.encodeIfPresent(node, forKey: .node)
    try container.encodeIfPresent(version, forKey: .version)
    try container.encodeIfPresent(authToken, forKey: .authToken)
    try container.encodeIfPresent(tokens, forKey: .tokens)
  }

  private static func lenientText(
    _ container: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys
  ) throws
    -> String?
  {
    guard let value = try container.decodeIfPresent(JSONValue.self, forKey: key) else { return nil }
    switch value {
    case .null: return nil
    case .string(let text): return text
    case .number(let number): return number.literal
    default:
      throw DecodingError.typeMismatch(
        String.self,
        .init(
          codingPath: container.codingPath + [key], debugDescription: "expected text or a number"))
    }
  }

  private static func lenientInteger(
    _ container: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys
  ) throws
    -> Int?
  {
    guard let text = try lenientText(container, key) else { return nil }
    guard let value = Int(text) else {
      throw DecodingError.dataCorruptedError(
        forKey: key, in: container, debugDescription: "expected an integer, got '\(text)'")
    }
    return value
  }
}
