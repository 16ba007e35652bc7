/// A JSON value, kept exactly as it was written.
///
/// `JSONValue` holds the free-form parts of a CDR (`custom_application_vars`,
/// `custom_channel_vars`, unknown keys) without losing anything: numbers keep their
/// literal text (``JSONNumber``), so `1` stays `1`, `1.0` stays `1.0` and a 64-bit
/// integer never passes through a `Double`.
///
/// ```swift
/// let value = try JSONValue(parsing: Array(#"{"rate":"100","hops":[1,2.50]}"#.utf8))
/// value["rate"]?.stringValue        // "100"
/// value["hops"]?[1]?.numberValue    // JSONNumber("2.50")
/// value.jsonText                    // {"hops":[1,2.50],"rate":"100"}
/// ```
///
/// Objects are unordered: equality ignores key order, and ``jsonText`` writes keys in
/// sorted order so output is deterministic. When a document repeats a key, the last
/// occurrence wins (as in most JSON libraries and in CouchDB).
public enum JSONValue: Sendable, Hashable {
  /// `null`.
  case null
  /// `true` or `false`.
  case bool(Bool)
  /// A number, with its literal text preserved.
  case number(JSONNumber)
  /// A string.
  case string(String)
  /// An array.
  case array([JSONValue])
  /// An object.
  case object([String: JSONValue])
}

extension JSONValue {
  /// The string, when this value is a JSON string.
  public var stringValue: String? {
    if case .string(let value) = self { return value }
    return nil
  }

  /// The number, when this value is a JSON number.
  public var numberValue: JSONNumber? {
    if case .number(let value) = self { return value }
    return nil
  }

  /// The Boolean, when this value is `true` or `false`.
  public var boolValue: Bool? {
    if case .bool(let value) = self { return value }
    return nil
  }

  /// The elements, when this value is an array.
  public var arrayValue: [JSONValue]? {
    if case .array(let value) = self { return value }
    return nil
  }

  /// The members, when this value is an object.
  public var objectValue: [String: JSONValue]? {
    if case .object(let value) = self { return value }
    return nil
  }

  /// Whether this value is `null`.
  public var isNull: Bool {
    if case .null = self { return true }
    return false
  }

  /// The member named `key` when this value is an object; otherwise `nil`.
  public subscript(key: String) -> JSONValue? {
    objectValue?[key]
  }

  /// The element at `index` when this value is an array and the index is in range.
  public subscript(index: Int) -> JSONValue? {
    guard case .array(let elements) = self, elements.indices.contains(index) else { return nil }
    return elements[index]
  }

  /// The name of this value's JSON type: `null`, `boolean`, `number`, `string`, `array`
  /// or `object`. Used in human-readable messages.
  public var typeName: String {
    switch self {
    case .null: "null"
    case .bool: "boolean"
    case .number: "number"
    case .string: "string"
    case .array: "array"
    case .object: "object"
    }
  }

  /// The value as KAZOO's to-string cast renders it: strings as they are, numbers as
  /// their literal text, booleans as `true`/`false`; `nil` for null, arrays and objects.
  public var textValue: String? {
    switch self {
    case .string(let value): value
    case .number(let value): value.literal
    case .bool(let value): value ? "true" : "false"
    case .null, .array, .object: nil
    }
  }
}

extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral,
  ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByStringLiteral,
  ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
  /// Creates `null`.
  public init(nilLiteral: ()) { self = .null }
  /// Creates a Boolean.
  public init(booleanLiteral value: Bool) { self = .bool(value) }
  /// Creates an integer number.
  public init(integerLiteral value: Int64) { self = .number(JSONNumber(value)) }
  /// Creates a number from a floating-point literal, written with Swift's shortest
  /// round-trip text.
  public init(floatLiteral value: Double) { self = .number(JSONNumber(value)) }
  /// Creates a string.
  public init(stringLiteral value: String) { self = .string(value) }
  /// Creates an array.
  public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
  /// Creates an object; a repeated key keeps its last value.
  public init(dictionaryLiteral elements: (String, JSONValue)...) {
    self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
  }
}

extension JSONValue: CustomStringConvertible {
  /// The value as compact JSON text (the same as ``jsonText``).
  public var description: String { jsonText }
}
