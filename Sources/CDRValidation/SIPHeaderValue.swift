/// A header value that is safe on a SIP message line: no character RFC 3261 does not allow
/// in a header value, and nothing a reader could take for a line end.
///
/// Refused: the C0 controls except tab (CR, LF, NUL, VT, FF, ESC...), DEL, the C1 controls
/// U+0080–U+009F (NEL U+0085 among them) and the line and paragraph separators U+2028 and
/// U+2029. RFC 3261 builds a value from `TEXT-UTF8char` (`%x21-7E` and non-ASCII UTF-8)
/// and linear white space (space, tab).
///
/// ```swift
/// SIPHeaderValue("abc")                 // accepted
/// SIPHeaderValue("a\tb")                // accepted: tab is linear white space
/// SIPHeaderValue("x\r\nVia: evil")      // nil: header injection
/// SIPHeaderValue("x\u{1B}[2J")          // nil: ESC
/// ```
public struct SIPHeaderValue: Sendable, Hashable, Codable, CustomStringConvertible {
  /// The value as written.
  public let rawValue: String

  /// Accepts a value without the characters listed in ``SIPHeaderValue``.
  public init?(_ value: String) {
    guard _SIPHeaderRules.isSafeValue(value) else { return nil }
    rawValue = value
  }

  /// Decodes a value, failing when it contains a character listed in ``SIPHeaderValue``.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    let text = try container.decode(String.self)
    guard let value = SIPHeaderValue(text) else {
      throw DecodingError.dataCorruptedError(
        in: container,
        debugDescription: "header value contains a control character or line separator")
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
