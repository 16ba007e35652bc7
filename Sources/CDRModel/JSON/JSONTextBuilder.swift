/// Writes compact JSON text straight into a byte buffer, without building a ``JSONValue``
/// tree first.
///
/// The builder places commas and colons itself; the caller opens and closes containers and
/// names each member. Keys are written in the order given, so a caller that wants the same
/// bytes as ``JSONValue/jsonText`` (keys in UTF-8 byte order) passes them in that order.
/// Strings are escaped exactly as ``JSONValue/jsonText`` escapes them.
///
/// ```swift
/// var json = JSONTextBuilder()
/// json.beginObject()
/// json.key("call_id"); json.string("a1")
/// json.key("legs"); json.beginArray(); json.integer(1); json.integer(2); json.endArray()
/// json.endObject()
/// String(decoding: json.bytes, as: UTF8.self)   // {"call_id":"a1","legs":[1,2]}
/// ```
///
/// Misuse (a value where a key is due, an unbalanced `end…`) is not checked: the builder is a
/// fast writer for code that knows its shape, not a validator. Parse the result with
/// ``JSONValue/init(parsing:maximumDepth:)-(Collection<UInt8>,_)`` when in doubt.
public struct JSONTextBuilder: Sendable {
  /// The JSON text written so far, as UTF-8.
  public private(set) var bytes: [UInt8]
  /// Whether the next value or key at the current depth needs a comma before it.
  private var needsComma = false

  /// Creates an empty builder, reserving room for `capacity` bytes.
  public init(reservingCapacity capacity: Int = 0) {
    bytes = []
    bytes.reserveCapacity(capacity)
  }

  /// Empties the buffer (keeping its storage) to write another document.
  public mutating func removeAll() {
    bytes.removeAll(keepingCapacity: true)
    needsComma = false
  }

  private mutating func separate() {
    if needsComma { bytes.append(UInt8(ascii: ",")) }
  }

  /// Opens an object (`{`).
  public mutating func beginObject() {
    separate()
    bytes.append(UInt8(ascii: "{"))
    needsComma = false
  }

  /// Closes the innermost object (`}`).
  public mutating func endObject() {
    bytes.append(UInt8(ascii: "}"))
    needsComma = true
  }

  /// Opens an array (`[`).
  public mutating func beginArray() {
    separate()
    bytes.append(UInt8(ascii: "["))
    needsComma = false
  }

  /// Closes the innermost array (`]`).
  public mutating func endArray() {
    bytes.append(UInt8(ascii: "]"))
    needsComma = true
  }

  /// Writes a member name and its colon; the member's value comes next.
  public mutating func key(_ name: String) {
    separate()
    JSONValue.writeString(name, to: &bytes)
    bytes.append(UInt8(ascii: ":"))
    needsComma = false
  }

  /// Writes a string value.
  public mutating func string(_ value: String) {
    separate()
    JSONValue.writeString(value, to: &bytes)
    needsComma = true
  }

  /// Writes a string value given as UTF-8 bytes (escaped as ``string(_:)`` escapes).
  package mutating func string(utf8 value: UnsafeBufferPointer<UInt8>) {
    separate()
    bytes.append(UInt8(ascii: "\""))
    JSONValue.appendEscaped(value, to: &bytes)
    bytes.append(UInt8(ascii: "\""))
    needsComma = true
  }

  /// Appends `"value"` to `bytes`, escaped as ``string(_:)`` escapes.
  package static func appendString(_ value: UnsafeBufferPointer<UInt8>, to bytes: inout [UInt8]) {
    bytes.append(UInt8(ascii: "\""))
    JSONValue.appendEscaped(value, to: &bytes)
    bytes.append(UInt8(ascii: "\""))
  }

  /// Appends the decimal digits of `value` to `bytes`, as ``integer(_:)`` writes them.
  package static func appendInteger(_ value: Int64, to bytes: inout [UInt8]) {
    var builder = JSONTextBuilder()
    swap(&builder.bytes, &bytes)
    builder.appendDecimal(value)
    swap(&builder.bytes, &bytes)
  }

  /// Writes a string value, or `null` when `value` is `nil`.
  public mutating func string(orNull value: String?) {
    if let value { string(value) } else { null() }
  }

  /// Writes an integer value.
  public mutating func integer(_ value: some BinaryInteger) {
    separate()
    appendDecimal(Int64(clamping: value))
    needsComma = true
  }

  /// Writes `true` or `false`.
  public mutating func bool(_ value: Bool) {
    separate()
    bytes.append(contentsOf: (value ? "true" : "false").utf8)
    needsComma = true
  }

  /// Writes `null`.
  public mutating func null() {
    separate()
    bytes.append(contentsOf: "null".utf8)
    needsComma = true
  }

  /// Writes any value, as ``JSONValue/jsonText`` would.
  public mutating func value(_ value: JSONValue) {
    separate()
    value.write(to: &bytes)
    needsComma = true
  }

  /// Writes an array of strings.
  public mutating func strings(_ values: some Sequence<String>) {
    beginArray()
    for value in values { string(value) }
    endArray()
  }

  /// Appends the decimal digits of `value` without going through `String`.
  private mutating func appendDecimal(_ value: Int64) {
    if value == 0 {
      bytes.append(UInt8(ascii: "0"))
      return
    }
    if value < 0 { bytes.append(UInt8(ascii: "-")) }
    var magnitude = value.magnitude
    var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for 20 digits
    var count = 0
    withUnsafeMutableBytes(of: &digits) { buffer in
      while magnitude > 0 {
        buffer[23 - count] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: magnitude % 10)
        magnitude /= 10
        count += 1
      }
      bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[(24 - count)...]))
    }
  }
}
