import CDRModel
import Foundation
import Testing

/// KAZOO's listing rows (the `/cdrs` summary rows) are told apart from stored CDRs and
/// rejected by the reader, with a reason that says what to fetch instead.
@Suite("Listing-row detection")
struct ListingRowDetectionTests {
  /// The normalised row of the facts' worked example (Appendix B), as `GET /cdrs` sends it
  /// on master.
  static let masterRow = #"""
    {"id":"202001-3a1f0c2e-9b7d-4c1e-8f00-123456789abc","call_id":"3a1f0c2e-9b7d-4c1e-8f00-123456789abc","caller_id_number":"+14155550100","caller_id_name":"Alice, A.","callee_id_number":"+14155550199","callee_id_name":"Bob","duration_seconds":125,"billing_seconds":121,"timestamp":"63746438400","hangup_cause":"NORMAL_CLEARING","other_leg_call_id":"","owner_id":"U","to":"+14155550199@example.com","from":"+14155550100@example.com","direction":"inbound","request":"+14155550199@example.com","authorizing_id":"D","cost":"300","dialed_number":"+14155550199","calling_from":"+14155550100","datetime":"2020-01-17_00:00:00","unix_timestamp":"1579219200","unix_timestamp_micro":"1579219200.123456","rfc_1036":"Fri, 17 Jan 2020 00:00:00 GMT","iso_8601":"2020-01-17","iso_8601_combined":"2020-01-17T00:00:00Z","call_type":"per_minute","rate":"0.01","rate_name":"US-DID","bridge_id":"3a1f0c2e-9b7d-4c1e-8f00-123456789abc","recording_url":"","media_recordings":[],"media_server":"fs1.example.com","call_priority":"","interaction_id":"63746438400-1a2b3c4d"}
    """#

  /// A row in the shape of KAZOO's 2015 documentation (4.2 columns, string seconds).
  static let documentationRow = #"""
    {"authorizing_id":"9c3a10ee4d311feec43333fdf6d715b7","billing_seconds":"7","call_id":"c1","call_type":"","callee_id_name":"Internal Device 2","calling_from":"0000","cost":"0","datetime":"2015-06-26 12:28:35","dialed_number":"1002","direction":"inbound","duration_seconds":"8","id":"201506-c1","iso_8601":"2015-06-26","rfc_1036":"Fri, 26 Jun 2015 12:28:35 GMT","timestamp":"63602540915","unix_timestamp":"1435321715"}
    """#

  @Test func listingRowsAreRejectedWithTheReason() {
    let result = readAll(Self.masterRow + "\n" + Self.documentationRow + "\n")
    #expect(result.records.isEmpty)
    #expect(result.rejections.count == 2)
    #expect(result.statistics.rejected == 2 && result.statistics.accepted == 0)
    for rejection in result.rejections {
      #expect(rejection.reason == .notARecord(.kazooListingRow))
      #expect(
        rejection.reason.message.hasPrefix("this is a KAZOO listing row (a /cdrs summary row"))
    }
    #expect(result.rejections.map(\.location.line) == [1, 2])
  }

  @Test func rowsInsideAnEnvelopeAndAnArrayToo() {
    let envelope = #"{"data":[\#(Self.masterRow)],"page_size":1,"status":"success"}"#
    #expect(readAll(envelope).rejections.map(\.reason) == [.notARecord(.kazooListingRow)])
    let array = "[\(Self.documentationRow)]"
    #expect(readAll(array).rejections.map(\.reason) == [.notARecord(.kazooListingRow)])
  }

  @Test func storedDocumentsAreNotRows() throws {
    let files = try FileManager.default.contentsOfDirectory(atPath: fixturePath("calls"))
    var legs = 0
    for file in files.sorted() {
      let result = try CDRReader(contentsOfFile: fixturePath("calls/" + file)).readAll()
      #expect(!result.rejections.contains { $0.reason == .notARecord(.kazooListingRow) }, "\(file)")
      legs += result.records.count
    }
    #expect(legs > 20)
    for name in [
      "kazoo-webhooks-channel_destroy-sample.json",
      "kazoo-blackhole-doc-channel_destroy-event.json",
      "kazoo-cdr-app-fixture.json",
    ] {
      let result = try CDRReader(contentsOfFile: fixturePath("realdata/" + name)).readAll()
      #expect(!result.rejections.contains { $0.reason == .notARecord(.kazooListingRow) }, "\(name)")
    }
  }

  @Test func theRuleNeedsThreeDerivedColumnsAndNoStoredMarkers() throws {
    // Two derived columns are not enough.
    let two = try CallDetailRecord(
      jsonText: #"{"call_id":"x","direction":"inbound","datetime":"d"}"#)
    #expect(!two.isKazooListingRow)
    let three = try CallDetailRecord(
      jsonText: #"{"call_id":"x","direction":"inbound","datetime":"d","rfc_1036":"r"}"#)
    #expect(three.isKazooListingRow)
    // A stored document's own members clear it, whatever else it carries.
    let withDirection = try CallDetailRecord(
      jsonText:
        #"{"call_id":"x","call_direction":"inbound","datetime":"d","rfc_1036":"r","iso_8601":"i"}"#)
    #expect(!withDirection.isKazooListingRow)
    let withChannelVars = try CallDetailRecord(
      jsonText:
        #"{"call_id":"x","custom_channel_vars":{},"datetime":"d","rfc_1036":"r","iso_8601":"i"}"#)
    #expect(!withChannelVars.isKazooListingRow)
    // The fast byte-level decoder and the value decoder agree.
    let row = try CallDetailRecord(json: JSONValue(parsing: Self.masterRow))
    #expect(row.isKazooListingRow)
    #expect(try CallDetailRecord(jsonText: Self.masterRow).isKazooListingRow)
  }
}
