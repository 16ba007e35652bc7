/// Hand-written checks for header names and values; no regular-expression engine, so the
/// semantics are exactly the ones documented here.
enum _SIPHeaderRules {
  /// KAZOO's key pattern `^[a-zA-z0-9_\-]+$` with ECMA-262 semantics: one or more characters,
  /// each in `a`–`z`, `A`–`z` (0x41–0x7A, which includes `[ \ ] ^ _` and backtick), `0`–`9`,
  /// `_` or `-`. `$` without the multiline flag anchors at the very end of the input, so a
  /// trailing newline makes the name fail.
  static func matchesKazooPattern(_ name: String) -> Bool {
    var count = 0
    for byte in name.utf8 {
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
    var count = 0
    for byte in name.utf8 {
      let admitted =
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
        || (byte >= 0x30 && byte <= 0x39)
        || "-.!%*_+`'~".utf8.contains(byte)
      guard admitted else { return false }
      count += 1
    }
    return count > 0
  }

  /// Whether a header value is safe to put on a SIP message line: no CR, LF or NUL.
  static func isSafeValue(_ value: String) -> Bool {
    !value.utf8.contains { $0 == 0x0D || $0 == 0x0A || $0 == 0x00 }
  }
}
