/// One broken rule in a document, located by a JSON Pointer.
///
/// ```swift
/// // {"call_id": "a", "duration_seconds": "12"} in exact mode:
/// // CDRViolation(path: "/duration_seconds", rule: .type, severity: .error,
/// //              message: "expected an integer, found string \"12\"")
/// ```
public struct CDRViolation: Sendable, Hashable, Codable, CustomStringConvertible {
  /// How much a violation matters.
  public enum Severity: String, Sendable, Hashable, Codable, Comparable {
    /// A known, tolerated drift; the document is still valid.
    case warning
    /// The document is invalid.
    case error

    /// Warnings order before errors.
    public static func < (lhs: Severity, rhs: Severity) -> Bool {
      lhs == .warning && rhs == .error
    }
  }

  /// RFC 6901 JSON Pointer of the offending value (`""` is the whole document; a missing
  /// property is pointed at where it should be, e.g. `/call_id`).
  public var path: String
  /// The rule broken.
  public var rule: CDRValidationRule
  /// Whether the violation makes the document invalid.
  public var severity: Severity
  /// A sentence for a person.
  public var message: String

  /// Creates a violation.
  public init(path: String, rule: CDRValidationRule, severity: Severity, message: String) {
    self.path = path
    self.rule = rule
    self.severity = severity
    self.message = message
  }

  /// `error /path [rule] message`.
  public var description: String {
    "\(severity.rawValue) \(path.isEmpty ? "/" : path) [\(rule.rawValue)] \(message)"
  }
}
