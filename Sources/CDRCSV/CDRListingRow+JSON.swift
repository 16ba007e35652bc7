import CDRModel

extension CDRListingRow {
  /// Reads a listing row as KAZOO sends it (an element of `GET /cdrs`'s `data`).
  ///
  /// Each column takes the member of its name; a missing column is `""` (KAZOO drops empty
  /// strings when `should_filter_empty_strings` is on). Members that are not columns
  /// (4.3's `disposition`, `inception_direction`) are not kept: keep the JSON object too
  /// when they matter.
  ///
  /// ```swift
  /// let row = try CDRListingRow(jsonObject: ["call_id": "abc", "datetime": "2020-01-17_00:00:00"])
  /// row[.datetime]   // .string("2020-01-17_00:00:00")
  /// row[.cost]       // .string("")
  /// ```
  ///
  /// - Throws: `CDRRecordError` when `call_id` is missing or not a string (every row has
  ///   one).
  public init(jsonObject members: [String: JSONValue]) throws(CDRRecordError) {
    guard let callID = members["call_id"] else { throw .missingCallID }
    guard case .string = callID else { throw .callIDNotAString(found: callID.typeName) }
    values = CDRListingColumn.allCases.map { members[$0.name] ?? .string("") }
  }

  /// Reads a listing row from a JSON value (see ``init(jsonObject:)``).
  ///
  /// - Throws: `CDRRecordError` when the value is not an object or has no string `call_id`.
  public init(json: JSONValue) throws(CDRRecordError) {
    guard case .object(let members) = json else { throw .notAnObject(found: json.typeName) }
    try self.init(jsonObject: members)
  }
}
