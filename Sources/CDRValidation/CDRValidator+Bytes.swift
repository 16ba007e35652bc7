import CDRModel

extension CDRValidator {
  /// Whether the record on one NDJSON line certainly passes, judged from the line's bytes
  /// alone: `true` only when `CDRReader` reads the line as one accepted record and
  /// `validate(_:)` reports no violation for that record, neither error nor
  /// warning. `false` means "not sure": read and validate the record to know.
  ///
  /// The check walks the line once, without building a record or a `JSONValue`, and
  /// compares each member's JSON type with the schema's (for this validator's mode and
  /// schema version). It answers `false` for whatever it does not handle (an escaped or
  /// non-ASCII key, a repeated key, a drifted type, a value lenient mode warns about, a
  /// header strict mode may flag, a webhook payload, a document without `call_direction`
  /// and `custom_channel_vars`), so it is a filter for the clean lines of large files:
  /// `cdr validate` writes those lines' results from their bytes and validates the others.
  ///
  /// ```swift
  /// let validator = CDRValidator(mode: .exact)
  /// validator.certainlyPasses(ndjsonLine: Array(#"{"call_id":"a","call_direction":"inbound"}"#.utf8))
  /// // true
  /// validator.certainlyPasses(ndjsonLine: Array(#"{"call_id":"a","duration_seconds":"12"}"#.utf8))
  /// // false: exact mode reports a type error (lenient mode a warning)
  /// ```
  ///
  /// - Parameters:
  ///   - line: the line's bytes, without its newline (a final carriage return is allowed);
  ///     a line holding a line feed is never certain.
  ///   - options: the reader's limits (`maximumRecordBytes`, `maximumDepth`).
  public func certainlyPasses(
    ndjsonLine line: [UInt8], options: CDRReader.Options = CDRReader.Options()
  ) -> Bool {
    guard options.usesByteLevelDecoding, line.count <= options.maximumRecordBytes,
      !line.contains(0x0A)
    else { return false }
    let check = _ByteLevelCheck.shared(for: self)
    var shapes = _MemberShapes()
    return line.withUnsafeBufferPointer { buffer in
      var content = buffer
      if let last = buffer.last, last == 0x0D {
        content = UnsafeBufferPointer(rebasing: buffer.dropLast())
      }
      return check.callIDIfCertainlyValid(
        content, maximumDepth: options.maximumDepth, shapes: &shapes) != nil
    }
  }
}

extension _ByteLevelCheck {
  /// One check per mode and schema version, built once.
  private static let all: [_ByteLevelCheck] = CDRValidationMode.allCases.flatMap { mode in
    CDRSchemaVersion.allCases.map { _ByteLevelCheck(CDRValidator(mode: mode, schemaVersion: $0)) }
  }

  /// The check of `validator`'s mode and schema version.
  static func shared(for validator: CDRValidator) -> _ByteLevelCheck {
    let mode = CDRValidationMode.allCases.firstIndex(of: validator.mode)!
    let version = CDRSchemaVersion.allCases.firstIndex(of: validator.schemaVersion)!
    return all[mode * CDRSchemaVersion.allCases.count + version]
  }
}
