extension CallDetailRecord: Codable {
  /// Decodes a record through any `Decoder` (for example Foundation's `JSONDecoder`).
  ///
  /// The value is decoded as a ``JSONValue`` and read with ``init(json:)``, so the same
  /// tolerance and drift notes apply. A value that is not a CDR throws
  /// `DecodingError.dataCorrupted` whose description is the ``CDRRecordError`` message.
  ///
  /// This path exists for users who embed CDRs in their own `Codable` types; the
  /// ``CDRReader`` parses bytes itself, keeps number literals exactly and reports
  /// positions, and is the faster way to read files.
  public init(from decoder: any Decoder) throws {
    let value = try JSONValue(from: decoder)
    do {
      try self.init(json: value)
    } catch {
      throw DecodingError.dataCorrupted(
        DecodingError.Context(codingPath: decoder.codingPath, debugDescription: error.message))
    }
  }

  /// Encodes the record as the JSON object ``jsonObject`` describes.
  public func encode(to encoder: any Encoder) throws {
    try json.encode(to: encoder)
  }
}
