import CDRModel
import Foundation

/// KAZOO's API response envelope, generic over its row type, for reading and writing.
///
/// Reads both the regular envelope (`"page_size": 50`) and the chunked trailer, where
/// every value is a string (`"page_size": "50"`). An error envelope's `data` (an object,
/// not rows) is kept in ``errorData``; `error` is the HTTP status as text (`"404"`).
///
/// Rows are decoded one at a time: a row that does not decode as `Row` is kept in
/// ``rejectedRows`` with its index and the reason, and every other row is still in
/// ``data``, so one bad row never costs the page.
///
/// ```swift
/// let envelope = try JSONDecoder().decode(KazooEnvelope<CallDetailRecord>.self, from: bytes)
/// envelope.data?.count          // the rows that decoded
/// envelope.rejectedRows.first   // index 1: missing required "call_id"
/// envelope.nextStartKey
/// ```
public struct KazooEnvelope<Row: Codable & Sendable>: Codable, Sendable {
  /// The rows (absent in error envelopes); rows that did not decode are left out and
  /// listed in ``rejectedRows``.
  public var data: [Row]?
  /// The rows of `data` that did not decode as `Row`, in order. Empty for envelopes that
  /// were created rather than decoded. Not encoded.
  public var rejectedRows: [RejectedRow] = []
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

  /// A row of an envelope's `data` that did not decode as `Row`.
  public struct RejectedRow: Sendable, Hashable, CustomStringConvertible {
    /// The row's index in `data` (its JSON Pointer is `/data/INDEX`).
    public var index: Int
    /// Why it did not decode, phrased for a person.
    public var reason: String
    /// The row as JSON, when it is valid JSON.
    public var json: JSONValue?

    /// Creates a rejected row.
    public init(index: Int, reason: String, json: JSONValue?) {
      self.index = index
      self.reason = reason
      self.json = json
    }

    /// `/data/INDEX: REASON`.
    public var description: String { "/data/\(index): \(reason)" }
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
    if var rows = try? container.nestedUnkeyedContainer(forKey: .data) {
      var decoded: [Row] = []
      while !rows.isAtEnd {
        let index = rows.currentIndex
        // Each row is read as JSON first, so a row that is not a `Row` is still consumed.
        let json = try rows.decode(JSONValue.self)
        do {
          decoded.append(try Self.decodeRow(json))
        } catch {
          rejectedRows.append(
            RejectedRow(index: index, reason: Self.describe(error), json: json))
        }
      }
      data = decoded
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

  /// Decodes one row from its JSON. `CallDetailRecord` rows take the reader's own path,
  /// which keeps the row lossless and names the problem as the reader does.
  private static func decodeRow(_ json: JSONValue) throws -> Row {
    if Row.self == CallDetailRecord.self, let row = try CallDetailRecord(json: json) as? Row {
      return row
    }
    if let row = json as? Row { return row }
    return try JSONDecoder().decode(Row.self, from: Data(json.jsonText.utf8))
  }

  private static func describe(_ error: any Error) -> String {
    switch error {
    case let error as CDRRecordError: return error.message
    case DecodingError.keyNotFound(let key, _): return "missing required \"\(key.stringValue)\""
    case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context),
      DecodingError.dataCorrupted(let context):
      let path = context.codingPath.map(\.stringValue).joined(separator: "/")
      return path.isEmpty ? context.debugDescription : "/\(path): \(context.debugDescription)"
    default: return String(describing: error)
    }
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
