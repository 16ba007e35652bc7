/// Custom SIP headers on a leg (`custom_sip_headers`), in either of KAZOO's two shapes.
///
/// KAZOO's schema allows a flat map of header name to value, or an object with `in`
/// (headers on calls from the endpoint into KAZOO) and `out` (headers on calls from KAZOO
/// to the endpoint), each a flat map. KAZOO merges the two: the effective inbound set is
/// the flat keys overlaid by `in`, the outbound set the flat keys overlaid by `out`.
///
/// The stored object is kept as is in ``rawValue``; validation lives in `CDRValidation`.
/// Headers read by ``CDRReader`` stay as the bytes they were read from until they are
/// used: ``inHeaders`` and ``outHeaders`` decode one member, ``rawValue`` builds the whole
/// object on first use and keeps it.
public struct CustomSIPHeaders: Sendable, Hashable, Codable {
  /// The headers, raw (as read) or built.
  private var storage: _JSONObjectStorage

  /// The stored object, unchanged.
  public var rawValue: [String: JSONValue] {
    get { storage.values }
    set { storage.values = newValue }
    _modify { yield &storage.values }
  }

  /// Wraps a stored `custom_sip_headers` object.
  public init(rawValue: [String: JSONValue]) {
    self.storage = _JSONObjectStorage(values: rawValue)
  }

  /// Headers kept as the bytes they were read from.
  init(raw: _RawJSONObject) {
    self.storage = _JSONObjectStorage(raw: raw)
  }

  /// The flat (legacy) headers: every member except `in` and `out`.
  public var flatHeaders: [String: JSONValue] {
    rawValue.filter { $0.key != "in" && $0.key != "out" }
  }

  /// The `in` object's headers, when there is an `in` object.
  public var inHeaders: [String: JSONValue]? { storage["in"]?.objectValue }

  /// The `out` object's headers, when there is an `out` object.
  public var outHeaders: [String: JSONValue]? { storage["out"]?.objectValue }

  /// The effective headers for calls inbound to KAZOO, merged as KAZOO merges them
  /// (flat keys overlaid by `in`); only string values are included.
  public var inbound: [String: String] { merged(flatHeaders, inHeaders) }

  /// The effective headers for calls outbound from KAZOO (flat keys overlaid by `out`);
  /// only string values are included.
  public var outbound: [String: String] { merged(flatHeaders, outHeaders) }

  private func merged(_ base: [String: JSONValue], _ overlay: [String: JSONValue]?) -> [String:
    String]
  {
    var result: [String: String] = [:]
    for (key, value) in base { if let text = value.stringValue { result[key] = text } }
    for (key, value) in overlay ?? [:] { if let text = value.stringValue { result[key] = text } }
    return result
  }

  /// Decodes from a JSON object.
  public init(from decoder: any Decoder) throws {
    self.storage = _JSONObjectStorage(values: try [String: JSONValue](from: decoder))
  }

  /// Encodes as a JSON object.
  public func encode(to encoder: any Encoder) throws {
    try rawValue.encode(to: encoder)
  }

  /// Whether both hold the same object (however it was read or built).
  public static func == (left: CustomSIPHeaders, right: CustomSIPHeaders) -> Bool {
    left.storage == right.storage
  }

  /// Hashes the object (the same hash however it was read or built).
  public func hash(into hasher: inout Hasher) {
    hasher.combine(storage)
  }
}
