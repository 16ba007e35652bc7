import CDRModel
import CDRValidation
import Testing

/// Hand-computed verdicts for each draft-4 rule of KAZOO's `cdrs` schema in exact mode.
@Suite struct ExactModeTests {
  @Test func minimalDocumentIsValid() throws {
    #expect(try verdict(#"{"call_id":"a"}"#, .exact) == [])
  }

  /// KAZOO's validator (jesse, PCRE) lets a header name end in one newline, because PCRE's
  /// `$` also matches before a final newline; draft-4 patterns are ECMA 262, where `$` is
  /// the end of the text. Exact mode follows the standard (a documented difference).
  @Test func headerNameWithATrailingNewlineIsRejected() throws {
    for text in [
      #"{"call_id":"a","custom_sip_headers":{"in":{"X-Foo\n":"v"}}}"#,
      #"{"call_id":"a","custom_sip_headers":{"out":{"X-Foo\n":"v"}}}"#,
    ] {
      #expect(try !CDRValidator(mode: .exact).validate(json(text)).isValid, "\(text)")
    }
    #expect(
      try CDRValidator(mode: .exact).validate(
        json(#"{"call_id":"a","custom_sip_headers":{"in":{"X-Foo":"v"}}}"#)
      ).isValid)
  }

  @Test func documentMustBeAnObject() throws {
    for text in ["[]", "null", "12", #""call""#, "true"] {
      #expect(try verdict(text, .exact) == ["error  type"])
    }
  }

  @Test func callIDIsRequiredAndMustBeAString() throws {
    #expect(try verdict("{}", .exact) == ["error /call_id required"])
    #expect(try verdict(#"{"call_id":7}"#, .exact) == ["error /call_id type"])
  }

  @Test func integerFieldHoldingNumericStringIsATypeError() throws {
    #expect(
      try verdict(#"{"call_id":"a","duration_seconds":"12"}"#, .exact) == [
        "error /duration_seconds type"
      ])
  }

  @Test func draft4IntegersHaveNoFractionOrExponent() throws {
    #expect(try verdict(#"{"call_id":"a","timestamp":63746438525}"#, .exact) == [])
    #expect(try verdict(#"{"call_id":"a","timestamp":-1}"#, .exact) == [])
    #expect(
      try verdict(#"{"call_id":"a","billing_seconds":12.0}"#, .exact) == [
        "error /billing_seconds type"
      ])
    #expect(
      try verdict(#"{"call_id":"a","billing_seconds":1e2}"#, .exact) == [
        "error /billing_seconds type"
      ])
    #expect(
      try verdict(#"{"call_id":"a","ringing_seconds":true}"#, .exact) == [
        "error /ringing_seconds type"
      ])
  }

  @Test func stringFieldsRejectOtherTypes() throws {
    #expect(
      try verdict(#"{"call_id":"a","caller_id_number":14155550100,"to":null,"from":["x"]}"#, .exact)
        == ["error /caller_id_number type", "error /from type", "error /to type"])
  }

  @Test func callDirectionEnum() throws {
    #expect(try verdict(#"{"call_id":"a","call_direction":"inbound"}"#, .exact) == [])
    #expect(try verdict(#"{"call_id":"a","call_direction":"outbound"}"#, .exact) == [])
    #expect(
      try verdict(#"{"call_id":"a","call_direction":"OUTBOUND"}"#, .exact) == [
        "error /call_direction enum"
      ])
    // A number breaks both keywords of the property.
    #expect(
      try verdict(#"{"call_id":"a","call_direction":1}"#, .exact) == [
        "error /call_direction type", "error /call_direction enum",
      ])
  }

  @Test func unknownTopLevelKeysAreAdditionalProperties() throws {
    #expect(
      try verdict(#"{"call_id":"a","id":"x","other_leg":{}}"#, .exact)
        == ["error /id additionalProperties", "error /other_leg additionalProperties"])
  }

  @Test func privateKeysAreStrippedFirst() throws {
    let text =
      #"{"call_id":"a","_id":"202001-a","_rev":"1-x","pvt_type":"cdr","pvt_vsn":"2","pvt_created":"not even an integer"}"#
    #expect(try verdict(text, .exact) == [])
    // The test is case-sensitive and on the prefix only.
    #expect(
      try verdict(#"{"call_id":"a","PVT_type":"cdr","pvttype":"x"}"#, .exact) == [
        "error /PVT_type additionalProperties", "error /pvttype additionalProperties",
      ])
    // Private keys inside channel variables are not stripped: they are ordinary members there.
    #expect(
      try verdict(#"{"call_id":"a","custom_channel_vars":{"pvt_cost":5}}"#, .exact) == [
        "error /custom_channel_vars/pvt_cost type"
      ])
  }

  @Test func channelVariableValuesMustBeStrings() throws {
    let text =
      #"{"call_id":"a","custom_channel_vars":{"account_id":"x","privacy_hide_number":false,"rate":100,"list":[]}}"#
    #expect(
      try verdict(text, .exact) == [
        "error /custom_channel_vars/list type",
        "error /custom_channel_vars/privacy_hide_number type",
        "error /custom_channel_vars/rate type",
      ])
    #expect(
      try verdict(#"{"call_id":"a","custom_channel_vars":"x"}"#, .exact) == [
        "error /custom_channel_vars type"
      ])
  }

  @Test func applicationVarsMustBeAnObject() throws {
    #expect(try verdict(#"{"call_id":"a","custom_application_vars":{"n":1,"o":{}}}"#, .exact) == [])
    #expect(
      try verdict(#"{"call_id":"a","custom_application_vars":[]}"#, .exact) == [
        "error /custom_application_vars type"
      ])
  }

  @Test func schemaVersionDecidesThe43Properties() throws {
    let text =
      #"{"call_id":"a","interaction_key":"k","interaction_time":63746438400,"event_name":"CHANNEL_DESTROY"}"#
    #expect(try verdict(text, .exact, schema: .kazoo43) == [])
    #expect(
      try verdict(text, .exact, schema: .master) == [
        "error /event_name additionalProperties", "error /interaction_key additionalProperties",
        "error /interaction_time additionalProperties",
      ])
    // 4.3 types interaction_time as an integer.
    #expect(
      try verdict(#"{"call_id":"a","interaction_time":"63746438400"}"#, .exact) == [
        "error /interaction_time type"
      ])
  }

  @Test func everyViolationIsReportedNotJustTheFirst() throws {
    let text = #"{"duration_seconds":"1","billing_seconds":"2","call_direction":"up","extra":1}"#
    let report = CDRValidator().validate(try json(text))
    #expect(report.errors.count == 5)
    #expect(!report.isValid)
    #expect(report.warnings.isEmpty)
  }

  @Test func pointersEscapeSlashAndTilde() throws {
    #expect(
      try verdict(#"{"call_id":"a","a/b~c":1}"#, .exact) == ["error /a~1b~0c additionalProperties"])
    #expect(
      try verdict(#"{"call_id":"a","custom_channel_vars":{"x/y":1}}"#, .exact) == [
        "error /custom_channel_vars/x~1y type"
      ])
  }

  @Test func recordConvenienceGivesTheSameVerdictAsTheDocument() throws {
    let text =
      #"{"call_id":"a","duration_seconds":"61","caller_id_number":14155550100,"call_direction":"OUTBOUND","pvt_vsn":"2","x":true}"#
    let document = try json(text)
    let record = try CallDetailRecord(json: document)
    for mode in CDRValidationMode.allCases {
      #expect(record.validate(mode: mode) == CDRValidator(mode: mode).validate(document))
    }
    #expect(
      triples(record.validate()) == [
        "error /call_direction enum", "error /caller_id_number type",
        "error /duration_seconds type", "error /x additionalProperties",
      ])
  }
}
