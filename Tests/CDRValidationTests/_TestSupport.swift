import CDRModel
import CDRValidation

/// Parses JSON text written in a test.
func json(_ text: String) throws -> JSONValue {
  try JSONValue(parsing: text)
}

/// The (path, rule, severity) triples of a report, for comparing against hand-written lists.
func triples(_ report: CDRValidationReport) -> [String] {
  report.violations.map { "\($0.severity.rawValue) \($0.path) \($0.rule.rawValue)" }
}

/// Validates `text` in `mode` and returns the triples.
func verdict(
  _ text: String, _ mode: CDRValidationMode, schema: CDRSchemaVersion = .kazoo43
) throws -> [String] {
  triples(CDRValidator(mode: mode, schemaVersion: schema).validate(try json(text)))
}
