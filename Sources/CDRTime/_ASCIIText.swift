/// A small byte buffer for building ASCII texts without intermediate strings.
package struct _ASCIIText {
  var bytes: [UInt8] = []

  init() {
    bytes.reserveCapacity(32)
  }

  /// Appends to `bytes` through a text, for writers that build a larger output: the
  /// array is moved in and back out, not copied.
  package static func appending(to bytes: inout [UInt8], _ build: (inout _ASCIIText) -> Void) {
    var text = _ASCIIText(adopting: &bytes)
    build(&text)
    swap(&bytes, &text.bytes)
  }

  private init(adopting bytes: inout [UInt8]) {
    swap(&self.bytes, &bytes)
  }

  var string: String { String(decoding: bytes, as: UTF8.self) }

  mutating func append(_ text: String) {
    bytes.append(contentsOf: text.utf8)
  }

  /// The decimal digits of `value`, with a `-` before negative values (as `String(value)`).
  package mutating func appendInteger(_ value: Int64) {
    if value < 0 { bytes.append(UInt8(ascii: "-")) }
    let magnitude = value.magnitude
    var count = 1
    var rest = magnitude
    while rest >= 10 {
      rest /= 10
      count += 1
    }
    let end = bytes.count + count
    bytes.append(contentsOf: repeatElement(0, count: count))
    bytes.withUnsafeMutableBufferPointer { buffer in
      // The digits from the last, each by a division by the constant 10.
      var rest = magnitude
      var position = end
      repeat {
        position -= 1
        buffer[position] = UInt8(truncatingIfNeeded: 48 + rest % 10)
        rest /= 10
      } while rest > 0
    }
  }

  /// Two digits, zero-padded (values 0...99).
  mutating func append2(_ value: Int) {
    bytes.append(UInt8(truncatingIfNeeded: 48 + value / 10 % 10))
    bytes.append(UInt8(truncatingIfNeeded: 48 + value % 10))
  }

  /// The year zero-padded to at least four digits (a sign before negative years).
  mutating func appendYear(_ year: Int64) {
    if year < 0 { bytes.append(UInt8(ascii: "-")) }
    let magnitude = year.magnitude
    if magnitude < 10_000 {
      let value = Int(magnitude)
      append2(value / 100)
      append2(value % 100)
    } else {
      bytes.append(contentsOf: String(magnitude).utf8)
    }
  }

  mutating func appendDate(_ civil: CivilDateTime, separator: Unicode.Scalar) {
    appendYear(civil.year)
    bytes.append(UInt8(ascii: separator))
    append2(civil.month)
    bytes.append(UInt8(ascii: separator))
    append2(civil.day)
  }

  mutating func appendTime(_ civil: CivilDateTime, separator: Unicode.Scalar) {
    append2(civil.hour)
    bytes.append(UInt8(ascii: separator))
    append2(civil.minute)
    bytes.append(UInt8(ascii: separator))
    append2(civil.second)
  }
}
