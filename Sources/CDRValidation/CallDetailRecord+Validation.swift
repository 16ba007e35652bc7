import CDRModel

extension CallDetailRecord {
  /// Validates this record against KAZOO's `cdrs` schema.
  ///
  /// ```swift
  /// let report = record.validate(mode: .lenient)
  /// print(report.isValid, report.warnings.count)
  /// ```
  public func validate(
    mode: CDRValidationMode = .exact, schemaVersion: CDRSchemaVersion = .kazoo43
  ) -> CDRValidationReport {
    CDRValidator(mode: mode, schemaVersion: schemaVersion).validate(self)
  }
}
