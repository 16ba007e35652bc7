import CDRModel
import CDRValidation
import Foundation
import Testing

/// Verdicts on every fixture, checked by hand against the schema table (facts 1.1): which
/// top-level keys each record carries beyond the schema, and which values drift.
@Suite struct FixtureVerdictTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")

  struct Expectation: Sendable, CustomStringConvertible {
    /// Fixture path under Fixtures/.
    let file: String
    /// Exact-mode (4.3 list) verdict per accepted record, in reading order.
    let exact: [Bool]
    /// Records the reader rejects (no call_id, malformed JSON).
    let rejected: Int
    var description: String { file }
  }

  static let expectations: [Expectation] = [
    // Both legs carry the API's "id" member, which the schema does not list.
    Expectation(file: "calls/api-envelope.json", exact: [false, false], rejected: 0),
    // Leg 2 carries transfer_history.
    Expectation(
      file: "calls/attended-transfer.ndjson", exact: [true, false, true, true], rejected: 0),
    Expectation(file: "calls/bridged-pair.ndjson", exact: [true, true], rejected: 0),
    Expectation(
      file: "calls/export-array.json", exact: Array(repeating: true, count: 6), rejected: 0),
    // application_name.
    Expectation(file: "calls/fax.ndjson", exact: [false], rejected: 0),
    // Numeric strings, a number caller id, channel_is_loopback; "OUTBOUND", 59.5, "57.4".
    Expectation(file: "calls/legacy-string-typed.ndjson", exact: [false, false], rejected: 0),
    // The loopback fields are not in the schema; the last leg is an ordinary one.
    Expectation(file: "calls/loopback.ndjson", exact: [false, false, false, true], rejected: 0),
    Expectation(file: "calls/other-leg-missing.ndjson", exact: [true], rejected: 0),
    Expectation(
      file: "calls/ring-group-fork.ndjson", exact: [true, true, true, true], rejected: 0),
    Expectation(file: "calls/unanswered.ndjson", exact: [true, true], rejected: 0),
    // application_name (and media_recordings on the first).
    Expectation(file: "calls/voicemail.ndjson", exact: [false, false], rejected: 0),
    // No call_id and no KAZOO shape: not a CDR document at all.
    Expectation(
      file: "realdata/cgrates-fscdr-test-freeswitch-json-cdr-aleg.json", exact: [], rejected: 1),
    // Events read as legs (keys normalized): event keys the schema lacks (digits_dialed,
    // handling_server_name, msg_id...), so exact mode rejects them as KAZOO's schema would.
    Expectation(file: "realdata/kazoo-2011-ecallmgr-cdr-event.json", exact: [false], rejected: 0),
    Expectation(
      file: "realdata/kazoo-blackhole-doc-channel_destroy-event.json", exact: [false], rejected: 0),
    // handling_server_name, server_id.
    Expectation(file: "realdata/kazoo-cdr-app-fixture.json", exact: [false], rejected: 0),
    // Listing rows, not stored documents: the reader rejects them as such.
    Expectation(
      file: "realdata/kazoo-docs-2015-cdrs-grouped-response.txt", exact: [], rejected: 2),
    Expectation(file: "realdata/kazoo-docs-2015-cdrs-list-response.txt", exact: [], rejected: 1),
    // Webhook payloads: hook_event, … at the top level; timestamp as a string (account_id
    // and the other flattened channel variables are moved back into custom_channel_vars).
    Expectation(
      file: "realdata/kazoo-webhooks-channel_destroy-sample.json", exact: [false], rejected: 0),
    Expectation(
      file: "realdata/reperio-kazoo-webhook-zoho-inbound-channel_destroy.json", exact: [false],
      rejected: 0),
    Expectation(
      file: "realdata/reperio-kazoo-webhook-zoho-outbound-channel_destroy.json", exact: [false],
      rejected: 0),
  ]

  static func read(_ file: String) throws -> CDRReadResult {
    try CDRReader(contentsOfFile: root.appendingPathComponent(file).path).readAll()
  }

  @Test func everyFixtureHasAnExpectation() throws {
    var files: [String] = []
    for folder in ["calls", "realdata"] {
      let names = try FileManager.default.contentsOfDirectory(
        atPath: Self.root.appendingPathComponent(folder).path)
      // Data files only: Markdown notes beside them are not fixtures.
      files += names.filter { !$0.hasSuffix(".md") }.map { "\(folder)/\($0)" }
    }
    #expect(Set(files) == Set(Self.expectations.map(\.file)))
  }

  @Test(arguments: expectations)
  func verdicts(_ expectation: Expectation) throws {
    let result = try Self.read(expectation.file)
    #expect(result.rejections.count == expectation.rejected)
    let exact = result.records.map { CDRValidator(mode: .exact).validate($0) }
    #expect(exact.map(\.isValid) == expectation.exact)
    // Lenient accepts every stored document among the fixtures.
    for record in result.records {
      #expect(CDRValidator(mode: .lenient).validate(record).isValid, "\(record.callID)")
    }
    // No fixture has custom_sip_headers, so strict agrees with exact everywhere.
    for (record, report) in zip(result.records, exact) {
      #expect(CDRValidator(mode: .strict).validate(record).violations == report.violations)
      // Master's list lacks the 4.3 properties every hand-made leg carries.
      let master = CDRValidator(mode: .exact, schemaVersion: .master).validate(record)
      if expectation.file.hasPrefix("calls/")
        && expectation.file != "calls/legacy-string-typed.ndjson"
      {
        #expect(!master.isValid)
      }
    }
  }

  @Test func legacyDriftsInDetail() throws {
    let records = try Self.read("calls/legacy-string-typed.ndjson").records
    try #require(records.count == 2)
    #expect(
      triples(CDRValidator(mode: .exact).validate(records[0])) == [
        "error /billing_seconds type", "error /caller_id_number type",
        "error /channel_created_time type", "error /channel_is_loopback additionalProperties",
        "error /duration_seconds type", "error /ringing_seconds type", "error /timestamp type",
      ])
    #expect(
      triples(CDRValidator(mode: .lenient).validate(records[0])) == [
        "warning /billing_seconds type", "warning /caller_id_number type",
        "warning /channel_created_time type", "warning /channel_is_loopback type",
        "warning /duration_seconds type", "warning /ringing_seconds type",
        "warning /timestamp type",
      ])
    #expect(
      triples(CDRValidator(mode: .exact).validate(records[1])) == [
        "error /billing_seconds type", "error /call_direction enum", "error /duration_seconds type",
      ])
  }

  @Test func webhookFailsExactWithAdditionalProperties() throws {
    let records = try Self.read("realdata/reperio-kazoo-webhook-zoho-outbound-channel_destroy.json")
      .records
    try #require(records.count == 1)
    let report = CDRValidator(mode: .exact).validate(records[0])
    let unknown = report.errors.filter { $0.rule == .additionalProperties }.map(\.path)
    #expect(
      unknown == [
        "/emergency_resource_used", "/hook_event", "/local_resource_used",
      ])
    #expect(
      report.errors.filter { $0.rule == .type }.map(\.path) == [
        "/billing_seconds", "/duration_seconds", "/ringing_seconds", "/timestamp",
      ])
    #expect(
      triples(CDRValidator(mode: .lenient).validate(records[0])) == [
        "warning /billing_seconds type", "warning /duration_seconds type",
        "warning /ringing_seconds type", "warning /timestamp type",
      ])
  }
}
