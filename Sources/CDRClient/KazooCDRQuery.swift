import CDRPaging

/// What to list: an account, optionally one user's legs, a time range and extra query
/// parameters (crossbar filters).
///
/// The range is gregorian seconds, inclusive at both ends, as KAZOO's `created_from` and
/// `created_to`. Without `createdTo` the client uses the current time; without
/// `createdFrom`, `createdTo` minus the maximum range (KAZOO's defaults). A range longer
/// than ``KazooClientOptions/maximumRange`` is split into windows (newest first, as KAZOO
/// lists), so any range works.
///
/// What the range selects depends on the endpoint (KAZOO's views): `/cdrs` and
/// `/cdrs/summary` select on `pvt_created` (when the leg was saved), interactions and full
/// documents on `interaction_time` (when the call began).
///
/// ```swift
/// var query = KazooCDRQuery(account: "3a1f0c2e9b7d4c1e8f00123456789abc")
/// query.createdFrom = 63746438400
/// query.createdTo = 63749116800
/// query.parameters.append(key: "filter_call_direction", value: "inbound")
/// ```
public struct KazooCDRQuery: Sendable, Hashable {
  /// The account id (`/v2/accounts/{ACCOUNT_ID}`).
  public var account: String
  /// A user id: list only that user's legs (`/users/{USER_ID}/cdrs`).
  public var user: String?
  /// The oldest time, gregorian seconds.
  public var createdFrom: Int64?
  /// The newest time, gregorian seconds.
  public var createdTo: Int64?
  /// Extra query parameters sent as they are (filters such as `filter_call_direction`,
  /// `has_key`, `utc_offset`). Paging parameters are set by the client.
  public var parameters: QueryString

  /// Creates a query.
  public init(
    account: String, user: String? = nil, createdFrom: Int64? = nil, createdTo: Int64? = nil,
    parameters: QueryString = QueryString()
  ) {
    self.account = account
    self.user = user
    self.createdFrom = createdFrom
    self.createdTo = createdTo
    self.parameters = parameters
  }

  /// The range with KAZOO's defaults filled in.
  func resolvedRange(now: Int64, maximumRange: Int64) throws(KazooClientError) -> ClosedRange<
    Int64
  > {
    let to = createdTo ?? now
    let from = createdFrom ?? (to - maximumRange)
    guard from <= to else {
      throw .invalidRequest("created_to \(to) is prior to created_from \(from)")
    }
    return from...to
  }
}

/// Splitting a range into KAZOO-sized windows.
enum _Windows {
  /// Non-overlapping windows covering `range`, newest first, each at most `maximum`
  /// seconds long (`to − from ≤ maximum`, both ends inclusive).
  static func split(_ range: ClosedRange<Int64>, maximum: Int64) -> [ClosedRange<Int64>] {
    let step = max(maximum, 0)
    var windows: [ClosedRange<Int64>] = []
    var to = range.upperBound
    while true {
      let (candidate, overflow) = to.subtractingReportingOverflow(step)
      let from = overflow ? range.lowerBound : max(range.lowerBound, candidate)
      windows.append(from...to)
      if from == range.lowerBound { break }
      to = from - 1
    }
    return windows
  }
}
