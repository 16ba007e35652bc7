import CDRModel
import CDRTestSupport
import Testing

@testable import CDRValidation

/// The byte-level check says "valid" only for records the reader accepts and the validator
/// reports nothing for, and it says so for the plain legs that make up real files.
@Suite struct ByteLevelCheckTests {
  static let validators = CDRValidationMode.allCases.flatMap { mode in
    CDRSchemaVersion.allCases.map { CDRValidator(mode: mode, schemaVersion: $0) }
  }

  /// The reference: the full reader on the line, then the validator. `nil` when the line
  /// is rejected.
  static func reference(_ line: [UInt8], _ validator: CDRValidator) -> (
    callID: String, report: CDRValidationReport
  )? {
    let result = CDRReader.readLine(line[...], sourceName: "t", options: CDRReader.Options())
    guard result.rejections.isEmpty, result.records.count == 1 else { return nil }
    return (result.records[0].callID, validator.validate(result.records[0]))
  }

  static func verdict(_ line: [UInt8], _ validator: CDRValidator) -> String? {
    var shapes = _MemberShapes()
    return line.withUnsafeBufferPointer { buffer in
      _ByteLevelCheck(validator).callIDIfCertainlyValid(
        buffer, maximumDepth: CDRReader.Options().maximumDepth, shapes: &shapes
      ).map { String(decoding: buffer[$0], as: UTF8.self) }
    }
  }

  @Test func neverValidWhereTheValidatorReportsSomething() {
    var random = SeededGenerator(seed: 2024)
    var sure = 0
    var referenceClean = 0
    for number in 0..<3000 {
      let line = Array(ValidationLines.line(&random, number: number).utf8)
      for validator in Self.validators {
        let reference = Self.reference(line, validator)
        if let reference, reference.report.violations.isEmpty { referenceClean += 1 }
        guard let callID = Self.verdict(line, validator) else { continue }
        sure += 1
        let text = String(decoding: line, as: UTF8.self)
        #expect(reference != nil, "rejected: \(validator.mode) \(text)")
        #expect(
          reference?.report.violations == [], "\(validator.mode) \(validator.schemaVersion) \(text)"
        )
        #expect(reference?.callID == callID, "\(text)")
      }
    }
    // Mutated lines still leave plenty the check is sure of.
    #expect(sure > referenceClean / 3)
  }

  @Test func validLegsAreCertainlyValid() {
    var random = SeededGenerator(seed: 11)
    for number in 0..<500 {
      let line = Array(
        ("{" + ValidationLines.validMembers(&random, number: number).joined(separator: ",") + "}")
          .utf8)
      for validator in Self.validators {
        #expect(Self.reference(line, validator)?.report.violations == [])
        #expect(
          Self.verdict(line, validator) != nil,
          "\(validator.mode) \(String(decoding: line, as: UTF8.self))")
      }
    }
  }

  /// Hand cases around each rule, in every mode: the check is either sure and right, or
  /// not sure; where it is marked, it must be sure.
  @Test(arguments: [
    (#"{"call_id":"a","call_direction":"inbound"}"#, true),
    (#"{"call_id":"a","custom_channel_vars":{}}"#, true),
    (#"{"call_id":"a"}"#, false),  // maybe a listing row: left to the reader
    (#"{"call_id":"a","call_direction":"inbound","custom_sip_headers":{"X[1]":"v"}}"#, false),
    (#"{"call_id":"a","call_direction":"inbound","custom_sip_headers":{"in":{"X.1":"v"}}}"#, false),
    (#"{"call_id":"a","call_direction":"inbound","custom_sip_headers":{"X.1":5}}"#, false),
    (#"{"call_id":"a","call_direction":"inbound","custom_sip_headers":{"X-A":"v\u0001"}}"#, false),
    (#"{"call_id":"a","call_direction":"inbound","interaction_time":1}"#, false),
    (#"{"call_id":"a","call_direction":"inbound","timestamp":5,"duration_seconds":6}"#, false),
    (#"{"call_id":"a","call_direction":"inbound","timestamp":6,"duration_seconds":6}"#, true),
    (#"{"call_id":"a","call_direction":"inbound","channel_is_loopback":true}"#, false),
    (#"{"call_id":"a","call_direction":"inbound","_x":[{"y":"\u0000"}],"pvt_z":1}"#, true),
    (#"{"call_id":"a","call_direction":"inbound","custom_channel_vars":{"Rate":"0.5"}}"#, false),
    (#"{"call_id":"a","call_direction":"inbound","custom_channel_vars":{"x":1}}"#, false),
    (#"{"call_id":"a","call_direction":"inbound","custom_channel_vars":{"x":"\u00e9"}}"#, true),
  ])
  func handCases(_ text: String, certainInEveryMode: Bool) {
    let line = Array(text.utf8)
    for validator in Self.validators {
      let reference = Self.reference(line, validator)
      if let callID = Self.verdict(line, validator) {
        #expect(reference?.report.violations == [], "\(validator.mode) \(text)")
        #expect(reference?.callID == callID)
      } else {
        #expect(!certainInEveryMode, "\(validator.mode) \(validator.schemaVersion) \(text)")
      }
    }
  }
}

/// The public form of the check, `CDRValidator.certainlyPasses(ndjsonLine:options:)`.
@Suite struct CertainlyPassesTests {
  @Test func documentationExample() {
    let validator = CDRValidator(mode: .exact)
    #expect(
      validator.certainlyPasses(
        ndjsonLine: Array(#"{"call_id":"a","call_direction":"inbound"}"#.utf8)))
    #expect(
      !validator.certainlyPasses(
        ndjsonLine: Array(#"{"call_id":"a","duration_seconds":"12"}"#.utf8)))
  }

  @Test func agreesWithTheCheckAndTheLimits() {
    var random = SeededGenerator(seed: 31)
    for number in 0..<300 {
      let line = Array(ValidationLines.line(&random, number: number).utf8)
      for validator in ByteLevelCheckTests.validators {
        let certain = validator.certainlyPasses(ndjsonLine: line)
        #expect(certain == (ByteLevelCheckTests.verdict(line, validator) != nil))
        if certain {
          #expect(ByteLevelCheckTests.reference(line, validator)?.report.violations == [])
        }
      }
    }
    let clean = Array(#"{"call_id":"a","call_direction":"inbound"}"#.utf8)
    let validator = CDRValidator(mode: .strict)
    #expect(validator.certainlyPasses(ndjsonLine: clean + [0x0D]))
    #expect(
      !validator.certainlyPasses(
        ndjsonLine: [UInt8](clean.prefix(15)) + [0x0A] + clean.dropFirst(15)))
    var small = CDRReader.Options()
    small.maximumRecordBytes = clean.count - 1
    #expect(!validator.certainlyPasses(ndjsonLine: clean, options: small))
  }
}
