/// Every violation found in one document.
///
/// ```swift
/// let report = CDRValidator(mode: .exact).validate(document)
/// if !report.isValid {
///   for violation in report.errors { print(violation) }
/// }
/// ```
public struct CDRValidationReport: Sendable, Hashable, Codable {
  /// The mode the document was validated in.
  public var mode: CDRValidationMode
  /// The schema version that decided the known properties.
  public var schemaVersion: CDRSchemaVersion
  /// Every violation, errors and warnings, ordered by path, then rule.
  public var violations: [CDRViolation]

  /// Creates a report.
  public init(
    mode: CDRValidationMode, schemaVersion: CDRSchemaVersion, violations: [CDRViolation]
  ) {
    self.mode = mode
    self.schemaVersion = schemaVersion
    self.violations = violations
  }

  /// True when there is no error (warnings allowed).
  public var isValid: Bool { !violations.contains { $0.severity == .error } }

  /// The violations of severity ``CDRViolation/Severity/error``.
  public var errors: [CDRViolation] { violations.filter { $0.severity == .error } }

  /// The violations of severity ``CDRViolation/Severity/warning``.
  public var warnings: [CDRViolation] { violations.filter { $0.severity == .warning } }
}
