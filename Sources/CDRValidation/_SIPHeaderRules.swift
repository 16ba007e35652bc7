/// Hand-written checks for header names and values; no regular-expression engine, so the
/// semantics are exactly the ones documented here.
enum _SIPHeaderRules {
  /// KAZOO's key pattern `^[a-zA-z0-9_\-]+$` with ECMA-262 semantics: one or more characters,
  /// each in `a`–`z`, `A`–`z` (0x41–0x7A, which includes `[ \ ] ^ _` and backtick), `0`–`9`,
  /// `_` or `-`. `$` without the multiline flag anchors at the very end of the input, so a
  /// trailing newline makes the name fail.
  static func matchesKazooPattern(_ name: String) -> Bool {
    matchesKazooPattern(utf8: name.utf8)
  }

  /// ``matchesKazooPattern(_:)`` on a name's UTF-8 bytes.
  @inline(__always)
  static func matchesKazooPattern(utf8 name: some Sequence<UInt8>) -> Bool {
    var count = 0
    for byte in name {
      let admitted =
        (byte >= 0x41 && byte <= 0x7A)  // A-z, also covers a-z and _
        || (byte >= 0x30 && byte <= 0x39)  // 0-9
        || byte == 0x2D  // -
      guard admitted else { return false }
      count += 1
    }
    return count > 0
  }

  /// RFC 3261 `token`: one or more of `alphanum - . ! % * _ + ` ' ~`.
  static func isToken(_ name: String) -> Bool {
    isToken(utf8: name.utf8)
  }

  /// ``isToken(_:)`` on a name's UTF-8 bytes.
  @inline(__always)
  static func isToken(utf8 name: some Sequence<UInt8>) -> Bool {
    var count = 0
    for byte in name {
      let admitted =
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
        || (byte >= 0x30 && byte <= 0x39)
        || "-.!%*_+`'~".utf8.contains(byte)
      guard admitted else { return false }
      count += 1
    }
    return count > 0
  }

  /// Whether a header value is safe to put on a SIP message line (``firstUnsafeScalar(in:)``
  /// finds nothing).
  static func isSafeValue(_ value: String) -> Bool {
    firstUnsafeScalar(in: value) == nil
  }

  /// The first character RFC 3261 does not allow in a header value, or that a reader
  /// could take for a line end: a C0 control other than tab (CR, LF, NUL, VT, FF, ESC...),
  /// DEL, a C1 control (U+0080–U+009F, NEL U+0085 among them), or the line and paragraph
  /// separators U+2028 and U+2029. (RFC 3261's `TEXT-UTF8char` is `%x21-7E` or non-ASCII
  /// UTF-8; `LWS` adds space and tab.)
  static func firstUnsafeScalar(in value: String) -> Unicode.Scalar? {
    // Fast path: printable ASCII, tab and non-ASCII bytes that cannot start C1 or U+2028/9.
    if !value.utf8.contains(where: mayStartUnsafeScalar) {
      return nil
    }
    return value.unicodeScalars.first { scalar in
      switch scalar.value {
      case 0x09: false
      case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029: true
      default: false
      }
    }
  }

  /// Whether `byte` is, or may start, a scalar ``firstUnsafeScalar(in:)`` finds: a C0
  /// control other than tab, DEL, or a lead byte of C1 controls (C2) or U+2028/U+2029
  /// (E2). Text without such a byte is safe.
  @inline(__always)
  static func mayStartUnsafeScalar(_ byte: UInt8) -> Bool {
    byte < 0x20 && byte != 0x09 || byte == 0x7F || byte == 0xC2 || byte == 0xE2
  }

  /// How a message names an unsafe scalar: `CR`, `LF`, `NUL` or `U+000B`.
  static func name(of scalar: Unicode.Scalar) -> String {
    switch scalar.value {
    case 0x0D: return "CR"
    case 0x0A: return "LF"
    case 0x00: return "NUL"
    default:
      let hex = String(scalar.value, radix: 16, uppercase: true)
      return "U+" + String(repeating: "0", count: Swift.max(0, 4 - hex.count)) + hex
    }
  }
}
