/// A safe file name for a CSV download, from a user-provided `file_name` query value or
/// `X-File-Name` header, and the `Content-Disposition` value that offers it.
///
/// KAZOO uses the given name's basename as is. CDRKit also removes what could break the
/// header or a file system: path separators (only the last path part is kept), double
/// quotes, backslashes, control characters (C0, DEL, C1) and the Unicode line and paragraph
/// separators; leading dots and spaces are trimmed (no hidden files, no `..`); the name is
/// limited to 200 characters; an empty result falls back to the default.
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
    while let last = text.last, last == " " { text = text.dropLast() }
    let result = String(text.prefix(200))
    return result.isEmpty ? fallback : result
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
    switch scalar.value {
    case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029: true
    case 0x22, 0x5C: true
    default: false
    }
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
