/// A JSON number that keeps the exact text it was written with.
///
/// KAZOO documents carry 64-bit integers (microsecond timestamps), money in integer
/// units and, now and then, floats. Keeping the literal means decoding and re-encoding a
/// document never changes a number: `1` is not rewritten as `1.0`, and
/// `1310157838405890` is not rounded through a `Double`.
///
/// Equality compares the literal text, so `1`, `1.0` and `1e0` are three different
/// values; use ``doubleValue`` or ``int64Value`` to compare numerically.
public struct JSONNumber: Sendable, Hashable {
  /// The number's text exactly as it appears in JSON (RFC 8259 `number` grammar).
  public let literal: String

  /// Creates a number from JSON number text.
  ///
  /// Returns `nil` when `literal` is not a number in RFC 8259's grammar (no leading
  /// `+`, no leading zeros, digits on both sides of `.`, no `NaN` or `Infinity`).
  public init?(_ literal: String) {
    guard JSONNumber.isValidLiteral(Array(literal.utf8)) else { return nil }
    self.literal = literal
  }

  /// Creates a number from a literal already checked against the grammar.
  init(unchecked literal: String) {
    self.literal = literal
  }

  /// Creates an integer number.
  public init(_ value: Int64) {
    self.literal = String(value)
  }

  /// Creates an integer number.
  public init(_ value: Int) {
    self.literal = String(value)
  }

  /// Creates an unsigned integer number.
  public init(_ value: UInt64) {
    self.literal = String(value)
  }

  /// Creates a number from a finite `Double`, written with Swift's shortest round-trip
  /// text (`0.1`, `1e+20`). A non-finite value (which JSON cannot hold) becomes `0`.
  public init(_ value: Double) {
    guard value.isFinite else {
      self.literal = "0"
      return
    }
    if value == value.rounded(), abs(value) < 1e15 {
      self.literal = String(Int64(value)) + ".0"
    } else {
      self.literal = "\(value)"
    }
  }

  /// Whether the literal is written as an integer (no fraction, no exponent).
  public var isInteger: Bool {
    !literal.utf8.contains(where: { $0 == UInt8(ascii: ".") || $0 | 0x20 == UInt8(ascii: "e") })
  }

  /// The value as a 64-bit integer, when the literal is an integer that fits.
  public var int64Value: Int64? {
    isInteger ? Int64(literal) : nil
  }

  /// The value as a `Double` (nearest representable value; may overflow to infinity).
  public var doubleValue: Double {
    Double(literal) ?? .nan
  }

  /// The value rounded to an integer the way KAZOO's integer cast does: integers exactly,
  /// other numbers rounded half away from zero. `nil` when the result does not fit in
  /// `Int64` or is not finite.
  public var roundedInt64Value: Int64? {
    if let exact = int64Value { return exact }
    let value = doubleValue.rounded(.toNearestOrAwayFromZero)
    guard value.isFinite, value >= -9.223_372_036_854_775_8e18, value < 9.223_372_036_854_775_8e18
    else { return nil }
    return Int64(value)
  }

  /// Checks `bytes` against RFC 8259's number grammar:
  /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
  static func isValidLiteral(_ bytes: [UInt8]) -> Bool {
    bytes.withUnsafeBufferPointer { JSONNumber.scanLiteral($0, from: 0) == $0.count }
  }

  /// Scans a number starting at `start`; returns the index after it, or `nil` when the
  /// text there is not a valid number.
  static func scanLiteral(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
    var index = start
    let end = bytes.count
    @inline(__always) func isDigit(_ index: Int) -> Bool {
      index < end && bytes[index] &- UInt8(ascii: "0") < 10
    }
    if index < end, bytes[index] == UInt8(ascii: "-") { index += 1 }
    guard isDigit(index) else { return nil }
    if bytes[index] == UInt8(ascii: "0") {
      index += 1
    } else {
      while isDigit(index) { index += 1 }
    }
    if index < end, bytes[index] == UInt8(ascii: ".") {
      index += 1
      guard isDigit(index) else { return nil }
      while isDigit(index) { index += 1 }
    }
    if index < end, bytes[index] | 0x20 == UInt8(ascii: "e") {
      index += 1
      if index < end, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
        index += 1
      }
      guard isDigit(index) else { return nil }
      while isDigit(index) { index += 1 }
    }
    return index
  }
}

extension JSONNumber: CustomStringConvertible {
  /// The literal text.
  public var description: String { literal }
}
