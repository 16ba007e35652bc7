#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

extension JSONValue: Codable {
  /// Decodes any JSON value through a `Decoder` (for example Foundation's `JSONDecoder`).
  ///
  /// A `Decoder` hands numbers over already converted, so the literal text is rebuilt:
  /// integers keep every digit (through `Int64`, `UInt64` or `Decimal`), other numbers
  /// use `Double`'s shortest text. The reader in this module parses bytes itself and keeps
  /// the original literal; prefer it when exact round trips matter.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    if container.decodeNil() {
      self = .null
    } else if let value = try? container.decode(Bool.self) {
      self = .bool(value)
    } else if let value = try? container.decode(Int64.self) {
      self = .number(JSONNumber(value))
    } else if let value = try? container.decode(UInt64.self) {
      self = .number(JSONNumber(value))
    } else if let value = try? container.decode(Double.self) {
      self = .number(JSONNumber(value))
    } else if let value = try? container.decode(String.self) {
      self = .string(value)
    } else if let value = try? container.decode([JSONValue].self) {
      self = .array(value)
    } else if let value = try? container.decode([String: JSONValue].self) {
      self = .object(value)
    } else {
      throw DecodingError.dataCorruptedError(
        in: container, debugDescription: "The value is not a JSON value.")
    }
  }

  /// Encodes the value through an `Encoder`. Numbers are handed to the encoder as
  /// `Int64`, `UInt64` or `Double`, whichever holds the literal exactly, else `Double`.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    switch self {
    case .null: try container.encodeNil()
    case .bool(let value): try container.encode(value)
    case .number(let value):
      if let integer = value.int64Value {
        try container.encode(integer)
      } else if value.isInteger, let unsigned = UInt64(value.literal) {
        try container.encode(unsigned)
      } else {
        try container.encode(value.doubleValue)
      }
    case .string(let value): try container.encode(value)
    case .array(let value): try container.encode(value)
    case .object(let value): try container.encode(value)
    }
  }
}
