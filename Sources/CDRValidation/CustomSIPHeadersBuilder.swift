import CDRModel

/// Builds a `custom_sip_headers` object that is valid by construction.
///
/// Names are ``SIPHeaderName`` values (KAZOO's pattern, or RFC 3261 tokens with
/// ``SIPHeaderName/init(token:)``) and values are ``SIPHeaderValue`` values (no control
/// characters but tab, no DEL, no line separators), so the result always passes ``CDRValidationMode/exact`` validation, and also
/// ``CDRValidationMode/strict`` when every name is a token.
///
/// Headers set for both directions go into the flat map. As soon as one header is set for a
/// single direction, or a header is named `in` or `out` (which KAZOO's merge would not treat
/// as a header), the builder writes the `in`/`out` form instead, putting the
/// both-directions headers into each side; that is what KAZOO's merge (flat keys overlaid by
/// `in` or `out`) would compute, and it keeps a header named `in` or `out` from clashing with
/// the direction objects.
///
/// ```swift
/// var builder = CustomSIPHeadersBuilder()
/// if let name = SIPHeaderName(token: "X-Account"), let value = SIPHeaderValue("a1") {
///   builder.set(name, value)                       // both directions
/// }
/// if let name = SIPHeaderName(token: "X-Out-Only"), let value = SIPHeaderValue("1") {
///   builder.set(name, value, direction: .outbound)
/// }
/// let headers = builder.build()
/// // {"in": {"X-Account": "a1"}, "out": {"X-Account": "a1", "X-Out-Only": "1"}}
/// ```
public struct CustomSIPHeadersBuilder: Sendable, Hashable {
  /// Which calls a header applies to.
  public enum Direction: Sendable, Hashable, CaseIterable {
    /// Calls inbound to KAZOO from the endpoint and calls outbound to it.
    case both
    /// Calls inbound to KAZOO from the endpoint (`in`).
    case inbound
    /// Calls outbound from KAZOO to the endpoint (`out`).
    case outbound
  }

  /// Headers for both directions.
  public private(set) var both: [SIPHeaderName: SIPHeaderValue] = [:]
  /// Headers for inbound calls only; they win over ``both`` on a name clash.
  public private(set) var inbound: [SIPHeaderName: SIPHeaderValue] = [:]
  /// Headers for outbound calls only; they win over ``both`` on a name clash.
  public private(set) var outbound: [SIPHeaderName: SIPHeaderValue] = [:]

  /// An empty builder.
  public init() {}

  /// Sets a header for a direction, replacing an earlier value of the same name there.
  public mutating func set(
    _ name: SIPHeaderName, _ value: SIPHeaderValue, direction: Direction = .both
  ) {
    switch direction {
    case .both: both[name] = value
    case .inbound: inbound[name] = value
    case .outbound: outbound[name] = value
    }
  }

  /// Removes a header from a direction.
  public mutating func remove(_ name: SIPHeaderName, direction: Direction = .both) {
    switch direction {
    case .both: both[name] = nil
    case .inbound: inbound[name] = nil
    case .outbound: outbound[name] = nil
    }
  }

  /// Whether no header is set.
  public var isEmpty: Bool { both.isEmpty && inbound.isEmpty && outbound.isEmpty }

  /// The `custom_sip_headers` object: a flat map when every header applies to both
  /// directions and none is named `in` or `out`, otherwise `{"in": {...}, "out": {...}}` (an empty side is left out).
  public func build() -> CustomSIPHeaders {
    let reservedName = both.keys.contains { $0.rawValue == "in" || $0.rawValue == "out" }
    if inbound.isEmpty && outbound.isEmpty && !reservedName {
      return CustomSIPHeaders(rawValue: Self.object(both))
    }
    var raw: [String: JSONValue] = [:]
    let inSide = both.merging(inbound) { _, specific in specific }
    let outSide = both.merging(outbound) { _, specific in specific }
    if !inSide.isEmpty { raw["in"] = .object(Self.object(inSide)) }
    if !outSide.isEmpty { raw["out"] = .object(Self.object(outSide)) }
    return CustomSIPHeaders(rawValue: raw)
  }

  private static func object(_ headers: [SIPHeaderName: SIPHeaderValue]) -> [String: JSONValue] {
    var object: [String: JSONValue] = [:]
    for (name, value) in headers { object[name.rawValue] = .string(value.rawValue) }
    return object
  }
}
