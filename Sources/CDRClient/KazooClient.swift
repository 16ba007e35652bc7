import CDRModel
import CDRPaging
import Foundation

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// A client for KAZOO's crossbar CDR API (`/v2/accounts/{ACCOUNT_ID}/cdrs` and friends),
/// over Foundation's `URLSession`.
///
/// Every call is `async` and cancellable (cancel the task). Listings are `AsyncSequence`s
/// of pages that follow `next_start_key` to the end and split ranges longer than KAZOO's
/// maximum into windows; rows that do not decode are reported per page, never dropped.
/// 429, 5xx, timeouts and lost connections are retried with bounded exponential backoff
/// and jitter, honouring `Retry-After`; an expired token is renewed once when the
/// authentication allows it. The token is never logged or printed.
///
/// ```swift
/// let client = KazooClient(
///   baseURL: URL(string: "https://kazoo.example.com:8443")!,
///   auth: .apiKey("0123abcd..."))
/// let query = KazooCDRQuery(account: "3a1f0c2e9b7d4c1e8f00123456789abc")
/// for try await page in client.documents(query) {
///   for leg in page.items { print(leg.callID) }
/// }
/// ```
public struct KazooClient: Sendable {
  /// The server, e.g. `https://kazoo.example.com:8443`; `/v2/...` is appended (a base URL
  /// that already ends in `/v2` is used as it is).
  public let baseURL: URL
  /// Limits and retries.
  public let options: KazooClientOptions
  let authentication: KazooAuthentication
  let session: _Session

  /// Creates a client. Nothing is sent until the first request (which authenticates first
  /// when `auth` is an API key or credentials).
  public init(
    baseURL: URL, auth: KazooAuthentication, options: KazooClientOptions = KazooClientOptions()
  ) {
    self.baseURL = baseURL
    self.authentication = auth
    var checked = options
    checked.maximumConcurrency = max(1, checked.maximumConcurrency)
    checked.retry.maximumAttempts = max(1, checked.retry.maximumAttempts)
    self.options = checked
    self.session = _Session(authentication: auth, options: checked)
  }

  /// The current time in gregorian seconds (KAZOO's default `created_to`).
  static func gregorianNow() -> Int64 {
    Int64(Date().timeIntervalSince1970.rounded(.down)) + 62_167_219_200
  }

  /// The windows a query's range is split into, newest first (see ``KazooCDRQuery``).
  ///
  /// - Throws: ``KazooClientError/invalidRequest(_:)`` for a reversed range.
  public func windows(for query: KazooCDRQuery) throws(KazooClientError) -> [ClosedRange<Int64>] {
    let range = try query.resolvedRange(
      now: Self.gregorianNow(), maximumRange: options.maximumRange)
    return _Windows.split(range, maximum: options.maximumRange)
  }
}

extension KazooClient: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
  /// The server and the kind of authentication, without secrets.
  public var description: String { "KazooClient(\(baseURL.absoluteString), \(authentication))" }

  /// The same as ``description``.
  public var debugDescription: String { description }

  /// A mirror without secrets.
  public var customMirror: Mirror {
    Mirror(
      self,
      children: ["baseURL": baseURL.absoluteString, "auth": authentication.description])
  }
}
