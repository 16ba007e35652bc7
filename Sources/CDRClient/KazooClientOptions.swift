/// Limits and behaviour of a ``KazooClient``.
///
/// ```swift
/// var options = KazooClientOptions()
/// options.pageSize = 200
/// options.retry.maximumAttempts = 8
/// options.requestsPerSecond = 5
/// ```
public struct KazooClientOptions: Sendable, Hashable {
  /// Rows asked for per page (`page_size`); KAZOO's default is 50.
  public var pageSize: Int = 50
  /// KAZOO's maximum `created_to − created_from` (`crossbar.cdrs.maximum_range`, default
  /// 2682000 s = 31 days + 1 hour). Longer ranges are split into windows of this length.
  public var maximumRange: Int64 = 2_682_000
  /// When to retry and how long to wait.
  public var retry = KazooRetryPolicy()
  /// Requests in flight at once (leg fetches run in parallel up to this), at least 1.
  public var maximumConcurrency: Int = 4
  /// Requests started per second at most; `nil` for no limit. KAZOO's token bucket holds
  /// 100 tokens and refills 10 per period, so a long sync does well to stay below that.
  public var requestsPerSecond: Double?
  /// Seconds a request may take before it counts as timed out (and is retried). Foundation
  /// on Linux counts it in whole seconds: use 1 or more.
  public var timeout: Double = 60

  /// Creates the default options.
  public init() {}
}

/// Bounded exponential backoff with jitter for 429, 5xx, timeouts and lost connections.
///
/// Attempt n (1-based) waits `min(maximumDelay, baseDelay · 2^(n−1))`, scaled by a random
/// factor in `[1 − jitter, 1]`; a `Retry-After` header (seconds or an HTTP date) replaces
/// that wait, capped at ``maximumRetryAfter``.
public struct KazooRetryPolicy: Sendable, Hashable {
  /// Attempts per request, the first included (1 = never retry).
  public var maximumAttempts: Int = 5
  /// The first wait, in seconds.
  public var baseDelay: Double = 0.5
  /// The longest computed wait, in seconds.
  public var maximumDelay: Double = 30
  /// The fraction of each wait that is random, 0...1.
  public var jitter: Double = 0.5
  /// The longest `Retry-After` honoured, in seconds.
  public var maximumRetryAfter: Double = 120

  /// Creates the default policy.
  public init() {}

  /// The wait before retry number `attempt` (1 for the first retry) without a
  /// `Retry-After`, given a random `unit` in 0...1.
  func delay(attempt: Int, unit: Double) -> Double {
    let exponent = Double(max(0, min(attempt - 1, 62)))
    let computed = min(maximumDelay, baseDelay * Double.pow2(exponent))
    let clampedJitter = max(0, min(jitter, 1))
    return max(0, computed * (1 - clampedJitter * unit))
  }
}

extension Double {
  static func pow2(_ exponent: Double) -> Double {
    var result = 1.0
    var remaining = Int(exponent)
    while remaining > 0 {
      result *= 2
      remaining -= 1
    }
    return result
  }
}
