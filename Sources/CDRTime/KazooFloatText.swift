/// KAZOO's text for a floating-point number (`kz_mochinum:digits/1`), used for the
/// `rate` and `unix_timestamp_micro` listing columns.
///
/// The digits are the shortest ones that read back to the same `Double`; the layout is
/// mochinum's: `0.0` for zero, integral values end in `.0`, values below one are written
/// as plain decimals down to 10⁻⁶, and exponent form (`1.2e+7`, `1.0e-7`) is used for
/// smaller values or when more than five zeros would follow the digits before the point.
///
/// ```swift
/// KazooFloatText.format(0.01)               // "0.01"
/// KazooFloatText.format(0)                  // "0.0"
/// KazooFloatText.format(1579219200.123456)  // "1579219200.123456"
/// KazooFloatText.format(12_000_000)         // "1.2e+7"
/// ```
public enum KazooFloatText {
  /// The KAZOO text of `value`; `nan`/`inf`/`-inf` for non-finite values (KAZOO never
  /// produces them).
  public static func format(_ value: Double) -> String {
    guard value.isFinite else { return value.isNaN ? "nan" : (value < 0 ? "-inf" : "inf") }
    if value == 0 { return value.sign == .minus ? "-0.0" : "0.0" }
    let (digits, place) = shortestDigits(abs(value))
    let body = layout(digits: digits, place: place)
    return value < 0 ? "-" + body : body
  }

  /// The shortest round-trip digits of a positive finite value and the decimal place `P`
  /// such that the value is `0.DIGITS × 10^P`, read off Swift's shortest description.
  static func shortestDigits(_ value: Double) -> (digits: [Character], place: Int) {
    let text = value.description
    var mantissa = Substring(text)
    var exponent = 0
    if let marker = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
      mantissa = text[..<marker]
      exponent = Int(text[text.index(after: marker)...]) ?? 0
    }
    var integerPart = mantissa
    var fractionPart: Substring = ""
    if let point = mantissa.firstIndex(of: ".") {
      integerPart = mantissa[..<point]
      fractionPart = mantissa[mantissa.index(after: point)...]
    }
    var digits = Array(integerPart) + Array(fractionPart)
    var place = integerPart.count + exponent
    while let first = digits.first, first == "0", digits.count > 1 {
      digits.removeFirst()
      place -= 1
    }
    while let last = digits.last, last == "0", digits.count > 1 { digits.removeLast() }
    return (digits, place)
  }

  static func layout(digits: [Character], place: Int) -> String {
    let text = String(digits)
    if place == 0 { return "0." + text }
    if place > 0 {
      let missing = place - digits.count
      if missing == 0 { return text + ".0" }
      if missing < 0 {
        return String(digits[..<place]) + "." + String(digits[place...])
      }
      if missing < 6 { return text + String(repeating: "0", count: missing) + ".0" }
      return exponentForm(digits: digits, place: place)
    }
    if place > -6 { return "0." + String(repeating: "0", count: -place) + text }
    return exponentForm(digits: digits, place: place)
  }

  static func exponentForm(digits: [Character], place: Int) -> String {
    let rest = digits.count > 1 ? String(digits.dropFirst()) : "0"
    let exponent = place - 1
    return String(digits[0]) + "." + rest + (exponent < 0 ? "e-" : "e+") + String(abs(exponent))
  }
}
