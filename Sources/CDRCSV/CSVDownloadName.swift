import CDRModel

/// A safe file name for a CSV download, from a user-provided `file_name` query value or
/// `X-File-Name` header, and the `Content-Disposition` value that offers it.
///
/// KAZOO uses the given name's basename as is. CDRKit also removes what could break the
/// header, mislead the person saving the file, or trouble a file system:
///
/// - path separators (only the last path part is kept), double quotes, backslashes;
/// - control characters (C0, DEL, C1), the Unicode line and paragraph separators, and the
///   bidirectional formatting characters (U+061C, U+200E, U+200F, U+202A–U+202E,
///   U+2066–U+2069), with which `report\u{202E}vsc.exe` shows as `reportexe.csv`
///   (the set of `DisplayText.needsEscaping(_:)`);
/// - leading dots and spaces (no hidden files, no `..`), trailing dots and spaces (which
///   Windows drops);
/// - anything past 200 bytes of UTF-8, so the `Content-Disposition` value stays under about
///   850 bytes whatever the name (one letter followed by 50,000 combining accents is one
///   character but 100 KB). An extension of up to 16 bytes (`.csv`) is kept when the rest
///   is cut.
///
/// A name Windows reserves for a device (`CON`, `PRN`, `AUX`, `NUL`, `COM1`–`COM9`,
/// `LPT1`–`LPT9`, in any case, with or without an extension: `nul.csv`) gets a leading
/// `_`. An empty result falls back to the default.
///
/// ```swift
/// CSVDownloadName.sanitized("../../etc/passwd")        // "passwd"
/// CSVDownloadName.contentDisposition(for: "März.csv")
/// // attachment; filename="M_rz.csv"; filename*=UTF-8''M%C3%A4rz.csv
/// ```
public enum CSVDownloadName {
  /// KAZOO's default name for a streamed CDR CSV.
  public static let defaultName = "result.csv"

  /// The safe version of `name` (see ``CSVDownloadName``); `fallback` when nothing is left.
  public static func sanitized(_ name: String?, fallback: String = defaultName) -> String {
    guard let name else { return fallback }
    let lastPart =
      name.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "/" || $0 == "\\" }).last
      ?? Substring(name)
    var kept = String.UnicodeScalarView()
    for scalar in lastPart.unicodeScalars where !isRefused(scalar) {
      kept.append(scalar)
    }
    var text = Substring(String(kept))
    while let first = text.first, first == "." || first == " " { text = text.dropFirst() }
    while let last = text.last, last == " " || last == "." { text = text.dropLast() }
    var result = limited(String(text), bytes: maximumBytes)
    while let last = result.last, last == " " || last == "." { result.removeLast() }
    guard !result.isEmpty else { return fallback }
    return isWindowsDeviceName(result) ? "_" + result : result
  }

  /// The longest name, in UTF-8 bytes, ``sanitized(_:fallback:)`` returns (a reserved name
  /// may get one more byte, its leading `_`).
  public static let maximumBytes = 200

  /// `name` cut to at most `bytes` bytes of UTF-8 on a Unicode scalar boundary, keeping an
  /// extension of up to 16 bytes.
  private static func limited(_ name: String, bytes: Int) -> String {
    guard name.utf8.count > bytes else { return name }
    var stem = Substring(name)
    var suffix = ""
    if let dot = name.lastIndex(of: "."), dot != name.startIndex,
      name.utf8[dot...].count <= 16
    {
      stem = name[..<dot]
      suffix = String(name[dot...])
    }
    var kept = String.UnicodeScalarView()
    var count = 0
    for scalar in stem.unicodeScalars {
      let size = UTF8.width(scalar)
      guard count + size <= bytes - suffix.utf8.count else { break }
      kept.append(scalar)
      count += size
    }
    return String(kept) + suffix
  }

  /// Whether Windows reserves `name` for a device: its part before the first dot (trailing
  /// spaces dropped) is `CON`, `PRN`, `AUX`, `NUL`, `COM1`–`COM9` or `LPT1`–`LPT9`, in any
  /// case.
  private static func isWindowsDeviceName(_ name: String) -> Bool {
    var base = Substring(name.prefix(while: { $0 != "." }))
    while base.last == " " { base = base.dropLast() }
    let upper = base.uppercased()
    if ["CON", "PRN", "AUX", "NUL"].contains(upper) { return true }
    guard upper.count == 4, upper.hasPrefix("COM") || upper.hasPrefix("LPT"),
      let digit = upper.last, ("1"..."9").contains(digit)
    else { return false }
    return true
  }

  /// The `Content-Disposition` value for `fileName` (sanitised first): `attachment;
  /// filename="…"`, plus RFC 6266's `filename*=UTF-8''…` when the name is not ASCII (the
  /// quoted ASCII name then has `_` for each non-ASCII character).
  public static func contentDisposition(for fileName: String) -> String {
    let safe = sanitized(fileName)
    let ascii = String(String.UnicodeScalarView(safe.unicodeScalars.map { $0.isASCII ? $0 : "_" }))
    var value = "attachment; filename=\"" + ascii + "\""
    if ascii != safe {
      value += "; filename*=UTF-8''" + percentEncoded(safe)
    }
    return value
  }

  private static func isRefused(_ scalar: Unicode.Scalar) -> Bool {
    scalar == "\"" || scalar == "\\" || DisplayText.needsEscaping(scalar)
  }

  /// RFC 5987 `attr-char`s stay, every other UTF-8 byte becomes `%XX`.
  private static func percentEncoded(_ text: String) -> String {
    let hex = Array("0123456789ABCDEF")
    var result = ""
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
        UInt8(ascii: "0")...UInt8(ascii: "9"):
        result.unicodeScalars.append(Unicode.Scalar(byte))
      case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "&"),
        UInt8(ascii: "+"),
        UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "^"), UInt8(ascii: "_"),
        UInt8(ascii: "`"),
        UInt8(ascii: "|"), UInt8(ascii: "~"):
        result.unicodeScalars.append(Unicode.Scalar(byte))
      default:
        result.append("%")
        result.append(hex[Int(byte >> 4)])
        result.append(hex[Int(byte & 0x0F)])
      }
    }
    return result
  }
}
