import CDRKit

/// `validatebytes`: `CDRValidator.certainlyPasses(ndjsonLine:)`, the byte-level verdict of
/// `cdr validate`, against the reader and the validator.
///
/// The input is one NDJSON line. Property: in every mode and schema version, when the
/// verdict is "certainly passes", the reader reads the line (twice, as an NDJSON file of
/// two lines) as two accepted records with the line's call id, and the validator reports
/// no violation for them.
enum ValidateBytesTarget {
  static let validators = CDRValidationMode.allCases.flatMap { mode in
    CDRSchemaVersion.allCases.map { CDRValidator(mode: mode, schemaVersion: $0) }
  }

  static func run(_ data: [UInt8]) {
    var read: CDRReadResult?
    for validator in validators where validator.certainlyPasses(ndjsonLine: data) {
      let result = read ?? CDRReader(bytes: data + [0x0A] + data + [0x0A]).readAll()
      read = result
      let text = String(decoding: data, as: UTF8.self)
      require(
        result.rejections.isEmpty && result.records.count == 2,
        "certain, but read as \(result.records.count) records, rejections \(result.rejections): \(text)"
      )
      for record in result.records {
        let report = validator.validate(record)
        require(
          report.violations.isEmpty,
          "certain in \(validator.mode) \(validator.schemaVersion), but \(report.violations): \(text)"
        )
      }
    }
  }
}
