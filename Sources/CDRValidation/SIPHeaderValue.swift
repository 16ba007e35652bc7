/// A header value that is safe on a SIP message line: no CR, LF or NUL.
///
/// ```swift
/// SIPHeaderValue("abc")                 // accepted
/// SIPHeaderValue("x\r\nVia: evil")      // nil: header injection
/// ```
public struct SIPHeaderValue: Sendable, Hashable, Codable, CustomStringConvertible {
  /// The value as written.
  public let rawValue: String

  /// Accepts a value without CR, LF or NUL.
  public init?(_ value: String) {
    guard _SIPHeaderRules.isSafeValue(value) else { return nil }
    rawValue = value
  }

  /// Decodes a value, failing when it contains CR, LF or NUL.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    let text = try container.decode(String.self)
    guard let value = SIPHeaderValue(text) else {
      throw DecodingError.dataCorruptedError(
        in: container, debugDescription: "header value contains CR, LF or NUL")
    }
    self = value
  }

  /// Encodes the value as a string.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(rawValue)
  }

  /// The value.
  public var description: String { rawValue }
}
