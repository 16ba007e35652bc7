import CDRModel

/// `GET /cdrs/summary`: billable seconds of carrier legs, by direction, domain and number
/// class (KAZOO's `summarize_cdrs` view).
///
/// KAZOO counts only inbound legs without `authorizing_id` (from a carrier) and outbound
/// legs with a `resource_id` (to a carrier), and skips loopback channels. The client adds
/// the windows of a long range together (KAZOO's own month merge doubles or fails).
public struct KazooCDRSummary: Sendable, Hashable {
  /// Inbound legs: domain ⇒ classifier (`did_us`, `tollfree_us`, ...) ⇒ totals.
  public var inbound: [String: [String: KazooSummaryTotal]]
  /// Outbound legs, in the same shape.
  public var outbound: [String: [String: KazooSummaryTotal]]

  /// Creates a summary.
  public init(
    inbound: [String: [String: KazooSummaryTotal]] = [:],
    outbound: [String: [String: KazooSummaryTotal]] = [:]
  ) {
    self.inbound = inbound
    self.outbound = outbound
  }

  /// Reads KAZOO's `data` object.
  ///
  /// - Throws: ``KazooClientError/invalidResponse(_:)`` for another shape.
  public init(json: JSONValue) throws(KazooClientError) {
    guard case .object(let members) = json else {
      throw .invalidResponse("a summary must be a JSON object, found \(json.typeName)")
    }
    self.init()
    inbound = try Self.directions(members["inbound"])
    outbound = try Self.directions(members["outbound"])
  }

  private static func directions(_ value: JSONValue?) throws(KazooClientError) -> [String: [String:
    KazooSummaryTotal]]
  {
    guard let value else { return [:] }
    guard case .object(let domains) = value else {
      throw .invalidResponse("a summary direction must be an object")
    }
    var result: [String: [String: KazooSummaryTotal]] = [:]
    for (domain, classes) in domains {
      guard case .object(let classifiers) = classes else {
        throw .invalidResponse("summary domain \(domain) is not an object")
      }
      for (classifier, totals) in classifiers {
        guard case .object(let sums) = totals else {
          throw .invalidResponse("summary \(domain)/\(classifier) is not an object")
        }
        var total = KazooSummaryTotal()
        for (name, number) in sums {
          guard let seconds = number.numberValue.flatMap({ Int($0.literal) }) else {
            throw .invalidResponse("summary \(domain)/\(classifier)/\(name) is not an integer")
          }
          if name == "total" { total.total = seconds } else { total.byRateName[name] = seconds }
        }
        result[domain, default: [:]][classifier] = total
      }
    }
    return result
  }

  /// The sum of two summaries (for two windows).
  public func adding(_ other: KazooCDRSummary) -> KazooCDRSummary {
    func add(
      _ lhs: [String: [String: KazooSummaryTotal]], _ rhs: [String: [String: KazooSummaryTotal]]
    ) -> [String: [String: KazooSummaryTotal]] {
      var result = lhs
      for (domain, classes) in rhs {
        for (classifier, total) in classes {
          result[domain, default: [:]][classifier, default: KazooSummaryTotal()].add(total)
        }
      }
      return result
    }
    return KazooCDRSummary(
      inbound: add(inbound, other.inbound), outbound: add(outbound, other.outbound))
  }
}

/// Billable seconds of one domain and number class: the total, and per `rate_name`.
public struct KazooSummaryTotal: Sendable, Hashable {
  /// All billable seconds.
  public var total: Int
  /// Billable seconds of the legs that have a `rate_name`, per name.
  public var byRateName: [String: Int]

  /// Creates totals.
  public init(total: Int = 0, byRateName: [String: Int] = [:]) {
    self.total = total
    self.byRateName = byRateName
  }

  mutating func add(_ other: KazooSummaryTotal) {
    total += other.total
    for (name, seconds) in other.byRateName { byRateName[name, default: 0] += seconds }
  }
}
