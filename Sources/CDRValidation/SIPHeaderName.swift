/// A `custom_sip_headers` name that KAZOO's schema accepts.
///
/// ``init(_:)`` enforces KAZOO's pattern `^[a-zA-z0-9_\-]+$` exactly as written (so `X[1]`
/// is accepted: the `A-z` range includes `[ \ ] ^ _` and backtick), while ``init(token:)``
/// also requires an RFC 3261 token, which is what ``CDRValidationMode/strict`` checks.
///
/// ```swift
/// SIPHeaderName("X-Account-ID")      // accepted
/// SIPHeaderName("X-Foo\n")           // nil: `$` anchors at the very end
/// SIPHeaderName("X.Foo")             // nil: `.` is outside the pattern
/// SIPHeaderName("X[1]")              // accepted by KAZOO's pattern…
/// SIPHeaderName(token: "X[1]")       // …but nil as an RFC 3261 token
/// ```
public struct SIPHeaderName: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
  /// The name as written.
  public let rawValue: String

  /// Accepts a name matching KAZOO's key pattern `^[a-zA-z0-9_\-]+$` (ECMA-262 semantics).
  public init?(_ name: String) {
    guard _SIPHeaderRules.matchesKazooPattern(name) else { return nil }
    rawValue = name
  }

  /// Accepts a name matching KAZOO's pattern that is also an RFC 3261 token: ASCII letters,
  /// digits, `-`, `_` and backtick.
  public init?(token name: String) {
    guard _SIPHeaderRules.matchesKazooPattern(name), _SIPHeaderRules.isToken(name) else {
      return nil
    }
    rawValue = name
  }

  /// Whether the name is also an RFC 3261 token (valid in strict mode).
  public var isToken: Bool { _SIPHeaderRules.isToken(rawValue) }

  /// Whether `name` matches KAZOO's pattern `^[a-zA-z0-9_\-]+$`.
  public static func matchesKazooPattern(_ name: String) -> Bool {
    _SIPHeaderRules.matchesKazooPattern(name)
  }

  /// Whether `name` is an RFC 3261 token (`alphanum` and `- . ! % * _ + ` ' ~`).
  public static func isToken(_ name: String) -> Bool {
    _SIPHeaderRules.isToken(name)
  }

  /// Orders names by their UTF-8 bytes.
  public static func < (lhs: SIPHeaderName, rhs: SIPHeaderName) -> Bool {
    lhs.rawValue.utf8.lexicographicallyPrecedes(rhs.rawValue.utf8)
  }

  /// Decodes a name, failing when it does not match KAZOO's pattern.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    let text = try container.decode(String.self)
    guard let name = SIPHeaderName(text) else {
      throw DecodingError.dataCorruptedError(
        in: container, debugDescription: "header name does not match ^[a-zA-z0-9_\\-]+$")
    }
    self = name
  }

  /// Encodes the name as a string.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(rawValue)
  }

  /// The name.
  public var description: String { rawValue }
}
