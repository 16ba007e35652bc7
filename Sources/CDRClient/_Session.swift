import Foundation

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// The mutable part of a client: the token, the concurrency gate and the request pacing.
actor _Session {
  let authentication: KazooAuthentication
  let options: KazooClientOptions
  nonisolated let urlSession: URLSession

  private var token: String?
  /// Bumped each time the token changes, so a 401 renews a token only once.
  private(set) var generation = 0
  private var pendingLogin: Task<String, any Error>?

  private var inFlight = 0
  private var waiters: [CheckedContinuation<Void, Never>] = []
  private var nextStart: ContinuousClock.Instant?

  init(authentication: KazooAuthentication, options: KazooClientOptions) {
    self.authentication = authentication
    self.options = options
    if case .token(let given) = authentication { token = given }
    let configuration = URLSessionConfiguration.ephemeral
    configuration.timeoutIntervalForRequest = options.timeout
    configuration.httpMaximumConnectionsPerHost = options.maximumConcurrency
    configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
    configuration.urlCache = nil
    configuration.httpCookieStorage = nil
    urlSession = URLSession(
      configuration: configuration, delegate: _NoRedirects(), delegateQueue: nil)
  }

  deinit {
    // A session keeps its delegate, and itself, until it is invalidated.
    urlSession.finishTasksAndInvalidate()
  }

  /// The token to send and its generation; logs in first when there is none.
  func currentToken(login: @escaping @Sendable () async throws -> String) async throws -> (
    String, Int
  ) {
    if let token { return (token, generation) }
    if let pendingLogin { return (try await pendingLogin.value, generation) }
    let task = Task { try await login() }
    pendingLogin = task
    defer { pendingLogin = nil }
    let fresh = try await task.value
    token = fresh
    generation += 1
    return (fresh, generation)
  }

  /// Forgets the token of `generation` (after a 401), so the next request logs in again.
  func invalidate(generation used: Int) {
    if used == generation, authentication.canRenew {
      token = nil
    }
  }

  /// Waits for a free slot (``KazooClientOptions/maximumConcurrency``) and for the pacing
  /// (``KazooClientOptions/requestsPerSecond``).
  func acquire() async throws {
    if inFlight >= options.maximumConcurrency {
      await withCheckedContinuation { waiters.append($0) }
    } else {
      inFlight += 1
    }
    if let rate = options.requestsPerSecond, rate > 0 {
      let now = ContinuousClock.now
      let slot = max(now, nextStart ?? now)
      nextStart = slot + .nanoseconds(Int64(1_000_000_000 / rate))
      if slot > now {
        do {
          try await Task.sleep(until: slot, clock: .continuous)
        } catch {
          release()
          throw error
        }
      }
    }
  }

  /// Frees a slot taken by ``acquire()``.
  func release() {
    if waiters.isEmpty {
      inFlight -= 1
    } else {
      waiters.removeFirst().resume()
    }
  }
}

/// Refuses HTTP redirects: a redirect to another host would carry the `X-Auth-Token` there.
/// The 3xx response is returned as it is (and becomes a ``KazooClientError/api(_:)``).
final class _NoRedirects: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
  func urlSession(
    _ session: URLSession, task: URLSessionTask,
    willPerformHTTPRedirection response: HTTPURLResponse,
    newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void
  ) {
    completionHandler(nil)
  }
}
