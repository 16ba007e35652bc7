import CDRModel

/// Why a ``KazooClient`` request failed. Every case has a human ``message``; none ever
/// contains the token or another secret.
public enum KazooClientError: Error, Sendable, Hashable, CustomStringConvertible {
  /// HTTP 401: the token is wrong or expired, and authenticating again (when the
  /// authentication allows it) did not help; or `user_auth`/`api_auth` refused the login.
  case unauthorized(KazooAPIError)
  /// KAZOO answered with an error (its envelope's message and code are in the value):
  /// a bad page size, a too long range, an unknown id, a forbidden account.
  case api(KazooAPIError)
  /// HTTP 429 or 5xx, still after every retry.
  case unavailable(KazooAPIError, attempts: Int)
  /// The connection failed, was lost or timed out, still after every retry.
  case transport(String, attempts: Int)
  /// The response is not what the endpoint sends (not JSON, no `data`).
  case invalidResponse(String)
  /// The request cannot be made as asked (a reversed time range, a page size below 1).
  case invalidRequest(String)
  /// Writing a downloaded file failed.
  case file(String)
  /// The task was cancelled.
  case cancelled

  /// A sentence for a person.
  public var message: String {
    switch self {
    case .unauthorized(let error): "not authorized: \(error.message)"
    case .api(let error): error.message
    case .unavailable(let error, let attempts):
      "\(error.message) (gave up after \(attempts) attempts)"
    case .transport(let detail, let attempts):
      "connection failed: \(detail) (gave up after \(attempts) attempts)"
    case .invalidResponse(let detail): "unexpected response: \(detail)"
    case .invalidRequest(let detail): detail
    case .file(let detail): detail
    case .cancelled: "cancelled"
    }
  }

  /// The same as ``message``.
  public var description: String { message }
}

/// An error response from crossbar, read from either of KAZOO's error envelope styles.
///
/// Module errors put the human text in `message` (`"could not find cdr with supplied
/// id"`); system errors put the error's name there (`"faulty_request"`) and the text in
/// `data.message`; validation errors say `"validation error"` and nest the text under the
/// field and rule (`data.created_from.date_range.message`). ``kazooMessage`` is `message`
/// and ``detail`` the nested text, whichever style was used.
public struct KazooAPIError: Sendable, Hashable, CustomStringConvertible {
  /// The HTTP status code.
  public var httpStatus: Int
  /// The envelope's `message`: human text, an error name or `validation error`.
  public var kazooMessage: String?
  /// The envelope's `error`: the HTTP code as text (`"404"`), when present.
  public var code: String?
  /// The human text nested in `data` (`data.message`, or a validation rule's message),
  /// with the field and rule for validation errors (`created_from.date_range: ...`).
  public var detail: String?
  /// The envelope's `data` (never holds the token).
  public var data: JSONValue?
  /// The request's method and path (no query, no host).
  public var request: String

  /// Creates an error value.
  public init(
    httpStatus: Int, kazooMessage: String?, code: String?, detail: String?, data: JSONValue?,
    request: String
  ) {
    self.httpStatus = httpStatus
    self.kazooMessage = kazooMessage
    self.code = code
    self.detail = detail
    self.data = data
    self.request = request
  }

  /// `KAZOO 404 on GET /v2/...: faulty_request: page size must be at least 1`.
  public var message: String {
    var text = "KAZOO \(httpStatus) on \(request)"
    let parts = [kazooMessage, detail].compactMap { $0 }.filter { !$0.isEmpty }
    if !parts.isEmpty { text += ": " + parts.joined(separator: ": ") }
    return text
  }

  /// The same as ``message``.
  public var description: String { message }

  /// Reads an error body (JSON envelope or anything else) for `status`.
  static func parse(status: Int, body: [UInt8], request: String) -> KazooAPIError {
    guard let value = try? JSONValue(parsing: body), case .object(let envelope) = value else {
      let snippet = String(decoding: body.prefix(200), as: UTF8.self)
        .filter { !$0.isNewline }
      return KazooAPIError(
        httpStatus: status, kazooMessage: snippet.isEmpty ? nil : snippet, code: nil,
        detail: nil, data: nil, request: request)
    }
    let data = envelope["data"]
    return KazooAPIError(
      httpStatus: status, kazooMessage: envelope["message"]?.textValue,
      code: envelope["error"]?.textValue, detail: data.flatMap(nestedDetail), data: data,
      request: request)
  }

  /// `data.message`, or for validation errors `field.rule: message`.
  private static func nestedDetail(_ data: JSONValue) -> String? {
    guard case .object(let members) = data else { return nil }
    if let text = members["message"]?.stringValue { return text }
    for field in members.keys.sorted() {
      guard case .object(let rules)? = members[field] else { continue }
      for rule in rules.keys.sorted() {
        if let text = rules[rule]?["message"]?.stringValue { return "\(field).\(rule): \(text)" }
      }
    }
    return nil
  }
}
