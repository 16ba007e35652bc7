/// Text from records made safe to show on a terminal or in a log: characters that could
/// break a line, move the cursor, drive the terminal or reorder what is shown are replaced
/// by a visible escape.
///
/// A record's strings (`call_id`, caller names, channel variables) come from outside callers.
/// Printed as they are, a newline in a `call_id` forges a result line, an ESC starts a
/// terminal control sequence, and a right-to-left override makes `evil.exe` read as
/// `exe.live`. ``escaped(_:)`` replaces:
///
/// - the C0 controls U+0000–U+001F (`\t`, `\n` and `\r` for tab, line feed and carriage
///   return; `\u{1B}` style for the others),
/// - DEL U+007F and the C1 controls U+0080–U+009F,
/// - the line and paragraph separators U+2028 and U+2029,
/// - the bidirectional formatting characters: U+061C, U+200E, U+200F, U+202A–U+202E and
///   U+2066–U+2069,
///
/// each by `\u{X}`, X being the scalar's hexadecimal value in capitals (the form of a
/// Swift string literal). Everything else, backslashes included, is kept: the result is
/// for reading, not for parsing back (JSON outputs keep the exact text).
///
/// ```swift
/// DisplayText.escaped("a\nb")              // "a\\nb"
/// DisplayText.escaped("\u{1B}[31mred")     // "\\u{1B}[31mred"
/// DisplayText.escaped("doc\u{202E}vsc.exe") // "doc\\u{202E}vsc.exe"
/// ```
public enum DisplayText {
  /// `text` with every character that ``needsEscaping(_:)`` escaped (see ``DisplayText``).
  public static func escaped<Text: StringProtocol>(_ text: Text) -> String {
    guard text.unicodeScalars.contains(where: needsEscaping) else { return String(text) }
    var result = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
      guard needsEscaping(scalar) else {
        result.append(scalar)
        continue
      }
      let escape: String =
        switch scalar {
        case "\t": "\\t"
        case "\n": "\\n"
        case "\r": "\\r"
        default: "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
        }
      result.append(contentsOf: escape.unicodeScalars)
    }
    return String(result)
  }

  /// Whether `scalar` is a control, separator or bidirectional formatting character that
  /// ``escaped(_:)`` replaces.
  public static func needsEscaping(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x00...0x1F, 0x7F...0x9F: true
    case 0x061C, 0x200E, 0x200F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: true
    default: false
    }
  }
}
