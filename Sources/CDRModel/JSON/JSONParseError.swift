/// Why a byte sequence is not the JSON text RFC 8259 describes, and where.
public struct JSONParseError: Error, Sendable, Hashable, CustomStringConvertible {
  /// What went wrong.
  public enum Kind: Sendable, Hashable {
    /// The input ended inside a value.
    case unexpectedEndOfInput
    /// A byte that cannot start or continue a value at this point.
    case unexpectedByte(UInt8)
    /// A number that breaks the grammar (leading zero, missing digits, `+` sign...).
    case invalidNumber
    /// A string with a backslash escape JSON does not define.
    case invalidEscape
    /// A `\u` escape naming half of a UTF-16 surrogate pair without the other half.
    case loneSurrogate
    /// A control character (U+0000 to U+001F) written raw inside a string.
    case controlCharacterInString
    /// Bytes that are not well-formed UTF-8.
    case invalidUTF8
    /// Arrays and objects nested deeper than the parser's limit.
    case nestingTooDeep(limit: Int)
    /// More non-whitespace text after the one top-level value.
    case trailingContent
    /// A comma directly before `]` or `}`.
    case trailingComma
    /// An object key that is not a string.
    case expectedKey
  }

  /// What went wrong.
  public let kind: Kind
  /// The 0-based byte offset in the parsed text where the problem was detected.
  public let offset: Int

  /// Creates an error.
  public init(_ kind: Kind, at offset: Int) {
    self.kind = kind
    self.offset = offset
  }

  /// A short human description of ``kind``, without the position.
  public var reason: String {
    switch kind {
    case .unexpectedEndOfInput: "unexpected end of input"
    case .unexpectedByte(let byte):
      if byte >= 0x20 && byte < 0x7F {
        "unexpected character '\(Character(Unicode.Scalar(byte)))'"
      } else {
        "unexpected byte 0x\(String(byte, radix: 16, uppercase: true))"
      }
    case .invalidNumber: "invalid number"
    case .invalidEscape: "invalid escape sequence in string"
    case .loneSurrogate: "unpaired UTF-16 surrogate in \\u escape"
    case .controlCharacterInString: "unescaped control character in string"
    case .invalidUTF8: "invalid UTF-8"
    case .nestingTooDeep(let limit): "arrays and objects nested deeper than \(limit) levels"
    case .trailingContent: "unexpected content after the JSON value"
    case .trailingComma: "trailing comma"
    case .expectedKey: "expected a string key"
    }
  }

  /// The reason and the byte offset, e.g. `invalid number at byte 17`.
  public var description: String { "\(reason) at byte \(offset)" }
}
