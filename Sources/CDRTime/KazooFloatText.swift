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

  /// Appends ``format(_:)``'s text to `bytes`.
  package static func append(_ value: Double, to bytes: inout [UInt8]) {
    bytes.append(contentsOf: format(value).utf8)
  }

  /// The shortest round-trip digits of a positive finite value and the decimal place `P`
  /// such that the value is `0.DIGITS × 10^P`, read off Swift's shortest description.
  static func shortestDigits(_ value: Double) -> (digits: [UInt8], place: Int) {
    let text = Array(value.description.utf8)
    var digits: [UInt8] = []
    digits.reserveCapacity(text.count)
    var integerCount = 0
    var seenPoint = false
    var exponent = 0
    var index = 0
    while index < text.count {
      let byte = text[index]
      if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
        exponent = Int(String(decoding: text[(index + 1)...], as: UTF8.self)) ?? 0
        break
      }
      if byte == UInt8(ascii: ".") {
        seenPoint = true
      } else {
        digits.append(byte)
        if !seenPoint { integerCount += 1 }
      }
      index += 1
    }
    var place = integerCount + exponent
    var leading = 0
    while leading < digits.count - 1, digits[leading] == UInt8(ascii: "0") {
      leading += 1
      place -= 1
    }
    var end = digits.count
    while end - leading > 1, digits[end - 1] == UInt8(ascii: "0") { end -= 1 }
    return (Array(digits[leading..<end]), place)
  }

  static func layout(digits: [UInt8], place: Int) -> String {
    let text = String(decoding: digits, as: UTF8.self)
    if place == 0 { return "0." + text }
    if place > 0 {
      let missing = place - digits.count
      if missing == 0 { return text + ".0" }
      if missing < 0 {
        return String(decoding: digits[..<place], as: UTF8.self) + "."
          + String(decoding: digits[place...], as: UTF8.self)
      }
      if missing < 6 { return text + String(repeating: "0", count: missing) + ".0" }
      return exponentForm(digits: digits, place: place)
    }
    if place > -6 { return "0." + String(repeating: "0", count: -place) + text }
    return exponentForm(digits: digits, place: place)
  }

  static func exponentForm(digits: [UInt8], place: Int) -> String {
    let rest = digits.count > 1 ? String(decoding: digits.dropFirst(), as: UTF8.self) : "0"
    let exponent = place - 1
    return String(decoding: digits.prefix(1), as: UTF8.self) + "." + rest
      + (exponent < 0 ? "e-" : "e+")
      + String(abs(exponent))
  }
}
