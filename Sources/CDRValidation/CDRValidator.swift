import CDRModel

/// Validates CDR documents against KAZOO's `cdrs` schema (JSON Schema draft-04) and reports
/// every violation with its JSON Pointer.
///
/// The validator works on the raw `JSONValue` so that it sees the original types:
/// `"duration_seconds": "12"` is a `type` error in ``CDRValidationMode/exact`` mode and a
/// warning in ``CDRValidationMode/lenient`` mode. It never throws and never traps, whatever the
/// input: a document that is not even an object gives a report with one `type` error.
///
/// ```swift
/// let document = try JSONValue(parsing: #"{"call_id":"a","duration_seconds":"12"}"#)
/// let exact = CDRValidator(mode: .exact).validate(document)
/// exact.isValid            // false
/// exact.errors[0].path     // "/duration_seconds"
/// exact.errors[0].rule     // .type
/// CDRValidator(mode: .lenient).validate(document).isValid  // true, one warning
/// ```
///
/// What exact mode implements, rule by rule:
/// - the top level must be an object; private keys (leading `_` or `pvt_`, case-sensitive)
///   are removed first, as KAZOO's public view does; `call_id` is required; any other key
///   the schema does not list is an `additionalProperties` error;
/// - `string`, `integer` (draft-4: a number without fraction or exponent, so `12.0` is not an
///   integer) and `object` types; `call_direction` is `inbound` or `outbound`;
/// - every `custom_channel_vars` value is a string;
/// - `custom_sip_headers` is an object matching at least one of: a flat map whose names match
///   `^[a-zA-z0-9_\-]+$` and whose values are strings; or an object whose `in` and `out`, when
///   present, are such maps. The second alternative says nothing about other members, so
///   any object without `in`/`out` passes through it, whatever its flat headers are.
public struct CDRValidator: Sendable, Hashable {
  /// The validation mode.
  public var mode: CDRValidationMode
  /// The schema version that decides the known top-level properties.
  public var schemaVersion: CDRSchemaVersion

  /// Creates a validator.
  ///
  /// - Parameters:
  ///   - mode: how strictly to apply the schema (default ``CDRValidationMode/exact``).
  ///   - schemaVersion: which branch's property list to use (default
  ///     ``CDRSchemaVersion/kazoo43``, the superset; see ``CDRSchemaVersion``).
  public init(mode: CDRValidationMode = .exact, schemaVersion: CDRSchemaVersion = .kazoo43) {
    self.mode = mode
    self.schemaVersion = schemaVersion
  }

  /// Validates one raw JSON document and returns every violation.
  public func validate(_ document: JSONValue) -> CDRValidationReport {
    var walk = _ValidationWalk(mode: mode, schemaVersion: schemaVersion)
    walk.validateDocument(document)
    return CDRValidationReport(
      mode: mode, schemaVersion: schemaVersion, violations: walk.sortedViolations())
  }

  /// Validates a decoded record through its lossless JSON form (`CallDetailRecord.json`
  /// writes drifted values back as they were stored), so the verdict equals that of the
  /// original document.
  public func validate(_ record: CallDetailRecord) -> CDRValidationReport {
    validate(record.json)
  }
}
