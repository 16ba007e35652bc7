import CDRModel
import CDRValidation
import Testing

/// Lenient mode: unknown keys allowed, KAZOO's tolerated drifts as warnings.
@Suite struct LenientModeTests {
  @Test func integerAsStringIsAWarningInLenientAndAnErrorInExact() throws {
    let text = #"{"call_id":"a","duration_seconds":"12"}"#
    #expect(try verdict(text, .exact) == ["error /duration_seconds type"])
    #expect(try verdict(text, .lenient) == ["warning /duration_seconds type"])
    let report = CDRValidator(mode: .lenient).validate(try json(text))
    #expect(report.isValid)
    #expect(report.warnings.count == 1)
  }

  @Test func fractionsAreRoundedByKazooSoTheyWarn() throws {
    #expect(
      try verdict(#"{"call_id":"a","duration_seconds":59.5,"billing_seconds":"57.4"}"#, .lenient)
        == ["warning /billing_seconds type", "warning /duration_seconds type"])
  }

  @Test func nonNumericTextInAnIntegerFieldIsStillAnError() throws {
    #expect(
      try verdict(
        #"{"call_id":"a","timestamp":"yesterday","ringing_seconds":" 3","billing_seconds":null}"#,
        .lenient) == [
          "error /billing_seconds type", "error /ringing_seconds type", "error /timestamp type",
        ])
  }

  @Test func unknownKeysAreAllowed() throws {
    #expect(
      try verdict(
        #"{"call_id":"a","id":"x","other_leg":{"call_id":"b"},"media_recordings":[]}"#, .lenient)
        == [])
  }

  @Test func numbersAndBooleansInStringFieldsWarn() throws {
    #expect(
      try verdict(
        #"{"call_id":"a","caller_id_number":14155550100,"fax_success":true,"to":[]}"#, .lenient)
        == ["warning /caller_id_number type", "warning /fax_success type", "error /to type"])
  }

  @Test func booleanFieldsOutsideTheSchema() throws {
    let text =
      #"{"call_id":"a","channel_is_loopback":"false","is_conference":true,"channel_loopback_bowout":"yes"}"#
    #expect(
      try verdict(text, .lenient) == [
        "warning /channel_is_loopback type", "error /channel_loopback_bowout type",
      ])
    #expect(
      try verdict(text, .exact) == [
        "error /channel_is_loopback additionalProperties",
        "error /channel_loopback_bowout additionalProperties",
        "error /is_conference additionalProperties",
      ])
  }

  @Test func channelVariableDriftsKazooWritesItself() throws {
    let text =
      #"{"call_id":"a","custom_channel_vars":{"privacy_hide_number":false,"call_interaction_is_root":true,"rate":100,"bad":{}}}"#
    #expect(
      try verdict(text, .lenient) == [
        "error /custom_channel_vars/bad type",
        "warning /custom_channel_vars/call_interaction_is_root type",
        "warning /custom_channel_vars/privacy_hide_number type",
        "warning /custom_channel_vars/rate type",
      ])
  }

  @Test func callDirectionCase() throws {
    #expect(
      try verdict(#"{"call_id":"a","call_direction":"Inbound"}"#, .lenient) == [
        "warning /call_direction enum"
      ])
    #expect(
      try verdict(#"{"call_id":"a","call_direction":"sideways"}"#, .lenient) == [
        "error /call_direction enum"
      ])
  }

  @Test func headersAndRequiredAreAsStrictAsExact() throws {
    #expect(
      try verdict(#"{"custom_sip_headers":{"out":{"X":1}}}"#, .lenient) == [
        "error /call_id required", "error /custom_sip_headers anyOf",
        "error /custom_sip_headers/out/X type",
      ])
  }

  @Test func lenientChecksThe43TypesEvenWithTheMasterList() throws {
    #expect(
      try verdict(#"{"call_id":"a","interaction_time":"63746438400"}"#, .lenient, schema: .master)
        == ["warning /interaction_time type"])
  }
}

/// Issue "KAZOO fidelity", item 8: lenient mode flags what makes KAZOO's listing fail a
/// page or bill 0, where CDRKit renders a row.
@Suite struct ListingHazardTests {
  @Test func nonNumericRatingInputsWarn() throws {
    let text =
      #"{"call_id":"a","custom_channel_vars":{"rate":"cheap","Rate-Increment":"sixty","rate_minimum":"60"}}"#
    #expect(
      try verdict(text, .lenient) == [
        "warning /custom_channel_vars/Rate-Increment lenient.listing",
        "warning /custom_channel_vars/rate lenient.listing",
      ])
    #expect(CDRValidator(mode: .lenient).validate(try json(text)).isValid)
    #expect(try verdict(text, .exact) == [])
  }

  @Test func aRateInDollarsWarns() throws {
    let report = CDRValidator(mode: .lenient).validate(
      try json(#"{"call_id":"a","custom_channel_vars":{"rate":"0.0120"}}"#))
    #expect(report.warnings.map(\.rule) == [.listing])
    #expect(report.warnings.first?.message.contains("billed 0") == true)
    #expect(try verdict(#"{"call_id":"a","custom_channel_vars":{"rate":"120"}}"#, .lenient) == [])
  }

  @Test func aStartBeforeYearZeroWarns() throws {
    #expect(
      try verdict(#"{"call_id":"a","timestamp":20,"duration_seconds":30}"#, .lenient) == [
        "warning /timestamp lenient.listing"
      ])
    #expect(
      try verdict(#"{"call_id":"a","timestamp":63746438525,"duration_seconds":125}"#, .lenient)
        == [])
  }
}
