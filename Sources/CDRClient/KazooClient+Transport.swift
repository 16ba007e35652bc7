import CDRModel
import CDRPaging
import Foundation

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// One HTTP request to crossbar, before authentication.
struct _Request: Sendable {
  var method = "GET"
  /// Path segments after `/v2/`, unescaped.
  var segments: [String]
  var query = QueryString()
  var body: [UInt8]?
  var accept = "application/json"
  var authenticated = true
  /// Download the body to a temporary file instead of memory.
  var toFile = false

  /// `GET /v2/accounts/ID/cdrs`, for messages (no query, no host).
  var summary: String { "\(method) /v2/" + segments.joined(separator: "/") }
}

/// A successful (2xx) response.
struct _Response: Sendable {
  var status: Int
  var body: [UInt8]
  var file: URL?
  var contentType: String?
}

extension KazooClient {
  /// The URL of a request.
  func url(for request: _Request) throws(KazooClientError) -> URL {
    var base = baseURL.absoluteString
    while base.hasSuffix("/") { base.removeLast() }
    if !base.hasSuffix("/v2") { base += "/v2" }
    let allowed = CharacterSet.urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#;"))
    let path = request.segments.map {
      $0.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0
    }
    var text = base + "/" + path.joined(separator: "/")
    if !request.query.pairs.isEmpty {
      let valueAllowed = CharacterSet.urlQueryAllowed.subtracting(
        CharacterSet(charactersIn: "&=+?#"))
      text +=
        "?"
        + request.query.pairs.map { pair in
          let key = pair.key.addingPercentEncoding(withAllowedCharacters: valueAllowed) ?? ""
          let value = pair.value.addingPercentEncoding(withAllowedCharacters: valueAllowed) ?? ""
          return "\(key)=\(value)"
        }.joined(separator: "&")
    }
    guard let url = URL(string: text) else {
      throw .invalidRequest("cannot build a URL for \(request.summary)")
    }
    return url
  }

  /// Sends a request with authentication, retries and the renewal of an expired token.
  func send(_ request: _Request) async throws(KazooClientError) -> _Response {
    let url = try url(for: request)
    var attempt = 0
    var renewed = false
    while true {
      attempt += 1
      if Task.isCancelled { throw .cancelled }
      var token: (text: String, generation: Int)?
      if request.authenticated {
        do {
          token = try await session.currentToken { [self] in try await self.login() }
        } catch let error as KazooClientError {
          throw error
        } catch {
          throw Task.isCancelled ? .cancelled : .transport("\(error)", attempts: attempt)
        }
      }
      var urlRequest = URLRequest(url: url)
      urlRequest.httpMethod = request.method
      urlRequest.timeoutInterval = options.timeout
      urlRequest.setValue(request.accept, forHTTPHeaderField: "Accept")
      if let body = request.body {
        urlRequest.httpBody = Data(body)
        urlRequest.setValue("application/json", forHTTPHeaderField: "Content-Type")
      }
      if let token { urlRequest.setValue(token.text, forHTTPHeaderField: "X-Auth-Token") }

      let outcome: _Outcome
      do {
        try await session.acquire()
      } catch {
        throw .cancelled
      }
      outcome = await perform(urlRequest, toFile: request.toFile)
      await session.release()

      switch outcome {
      case .cancelled:
        throw .cancelled
      case .transport(let detail, let retryable):
        guard retryable, attempt < options.retry.maximumAttempts else {
          throw .transport(detail, attempts: attempt)
        }
        try await wait(attempt: attempt, retryAfter: nil)
      case .response(let status, let headers, let body, let file):
        if (200..<300).contains(status) {
          return _Response(
            status: status, body: body, file: file, contentType: headers["content-type"])
        }
        if let file { try? FileManager.default.removeItem(at: file) }
        let errorBody = file == nil ? body : []
        let apiError = KazooAPIError.parse(
          status: status, body: errorBody, request: request.summary)
        if status == 401 {
          if request.authenticated, authentication.canRenew, !renewed, let token {
            renewed = true
            await session.invalidate(generation: token.generation)
            attempt -= 1  // a renewal is not a retry
            continue
          }
          throw .unauthorized(apiError)
        }
        guard Self.isRetryable(status: status) else { throw .api(apiError) }
        guard attempt < options.retry.maximumAttempts else {
          throw .unavailable(apiError, attempts: attempt)
        }
        try await wait(attempt: attempt, retryAfter: headers["retry-after"])
      }
    }
  }

  static func isRetryable(status: Int) -> Bool {
    status == 429 || status == 500 || status == 502 || status == 503 || status == 504
  }

  /// Sleeps before retry `attempt`.
  func wait(attempt: Int, retryAfter: String?) async throws(KazooClientError) {
    var seconds = options.retry.delay(attempt: attempt, unit: Double.random(in: 0...1))
    if let retryAfter, let given = Self.retryAfterSeconds(retryAfter, now: Date()) {
      seconds = min(given, options.retry.maximumRetryAfter)
    }
    do {
      try await Task.sleep(nanoseconds: UInt64(max(0, seconds) * 1_000_000_000))
    } catch {
      throw .cancelled
    }
  }

  /// A `Retry-After` value in seconds: a non-negative integer, or an HTTP date.
  static func retryAfterSeconds(_ text: String, now: Date) -> Double? {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    if let seconds = Int(trimmed) { return seconds >= 0 ? Double(seconds) : nil }
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "GMT")
    formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
    guard let date = formatter.date(from: trimmed) else { return nil }
    return max(0, date.timeIntervalSince(now))
  }

  enum _Outcome: Sendable {
    case response(status: Int, headers: [String: String], body: [UInt8], file: URL?)
    case transport(String, retryable: Bool)
    case cancelled
  }

  /// Runs one exchange; never throws.
  func perform(_ request: URLRequest, toFile: Bool) async -> _Outcome {
    do {
      let (data, file, response) = try await _Exchange.run(
        request, on: session.urlSession, toFile: toFile)
      let body = [UInt8](data)
      guard let http = response as? HTTPURLResponse else {
        return .transport("not an HTTP response", retryable: false)
      }
      var headers: [String: String] = [:]
      for (key, value) in http.allHeaderFields {
        headers[String(describing: key).lowercased()] = String(describing: value)
      }
      return .response(status: http.statusCode, headers: headers, body: body, file: file)
    } catch {
      if Task.isCancelled { return .cancelled }
      if let urlError = error as? URLError {
        switch urlError.code {
        case .cancelled: return .cancelled
        case .timedOut, .networkConnectionLost, .cannotConnectToHost, .notConnectedToInternet,
          .badServerResponse, .cannotParseResponse, .resourceUnavailable, .zeroByteResource,
          .unknown:
          // Linux reports a connection closed without a reply as "unknown" (-1).
          return .transport(Self.describe(urlError), retryable: true)
        default:
          return .transport(Self.describe(urlError), retryable: false)
        }
      }
      return .transport(error.localizedDescription, retryable: false)
    }
  }

  /// A URL error without its URL (which is harmless, but kept out for brevity).
  static func describe(_ error: URLError) -> String {
    switch error.code {
    case .timedOut: "timed out"
    case .networkConnectionLost: "the connection was lost"
    case .cannotConnectToHost: "cannot connect to the server"
    case .notConnectedToInternet: "no network"
    case .badServerResponse: "bad server response"
    case .cannotFindHost: "unknown host"
    case .unknown: "the connection failed or closed without a reply"
    default: "URL error \(error.code.rawValue)"
    }
  }
}
