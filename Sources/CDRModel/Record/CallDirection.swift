/// A leg's direction relative to the media switch (`call_direction`).
///
/// KAZOO's schema allows only `inbound` and `outbound`. Any other text found in real data
/// is kept as ``other(_:)`` (and noted as a drift) instead of failing the record.
public enum CallDirection: Sendable, Hashable, Codable, CustomStringConvertible {
  /// Into the switch: the leg from the caller.
  case inbound
  /// Out of the switch: a leg toward a callee.
  case outbound
  /// A value outside the schema's enum, kept verbatim.
  case other(String)

  /// Creates a direction from its JSON text.
  public init(rawValue: String) {
    switch rawValue {
    case "inbound": self = .inbound
    case "outbound": self = .outbound
    default: self = .other(rawValue)
    }
  }

  /// The JSON text: `inbound`, `outbound`, or the other value.
  public var rawValue: String {
    switch self {
    case .inbound: "inbound"
    case .outbound: "outbound"
    case .other(let value): value
    }
  }

  /// The JSON text (same as ``rawValue``).
  public var description: String { rawValue }

  /// Decodes from a JSON string.
  public init(from decoder: any Decoder) throws {
    self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
  }

  /// Encodes as a JSON string.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(rawValue)
  }
}

/// Which side of a FreeSWITCH loopback pair a leg was (`channel_loopback_leg`).
///
/// KAZOO's representative-leg choice prefers `A`, then `B`, then a leg with no marker.
public enum LoopbackLeg: Sendable, Hashable, Codable, CustomStringConvertible {
  /// The `A` side.
  case a
  /// The `B` side.
  case b
  /// Any other text, kept verbatim.
  case other(String)

  /// Creates a marker from its JSON text.
  public init(rawValue: String) {
    switch rawValue {
    case "A": self = .a
    case "B": self = .b
    default: self = .other(rawValue)
    }
  }

  /// The JSON text: `A`, `B`, or the other value.
  public var rawValue: String {
    switch self {
    case .a: "A"
    case .b: "B"
    case .other(let value): value
    }
  }

  /// The JSON text (same as ``rawValue``).
  public var description: String { rawValue }

  /// Decodes from a JSON string.
  public init(from decoder: any Decoder) throws {
    self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
  }

  /// Encodes as a JSON string.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(rawValue)
  }
}
