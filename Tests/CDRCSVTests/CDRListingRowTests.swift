import CDRModel
import CDRTime
import Foundation
import Testing

@testable import CDRCSV

@Suite("Listing row (facts 4.2, Appendix B)")
struct CDRListingRowTests {
  static let appendixB = """
    {"_id":"202001-3a1f0c2e-9b7d-4c1e-8f00-123456789abc","call_id":"3a1f0c2e-9b7d-4c1e-8f00-123456789abc",
    "call_direction":"inbound","caller_id_number":"+14155550100","caller_id_name":"Alice, A.",
    "callee_id_number":"+14155550199","callee_id_name":"Bob","request":"+14155550199@example.com",
    "to":"+14155550199@example.com","to_uri":"+14155550199@example.com","from":"+14155550100@example.com",
    "from_uri":"+14155550100@example.com","timestamp":63746438525,"duration_seconds":125,
    "billing_seconds":121,"channel_created_time":1579219200123456,"hangup_cause":"NORMAL_CLEARING",
    "media_server":"fs1.example.com","interaction_id":"63746438400-1a2b3c4d","interaction_time":63746438400,
    "interaction_key":"1a2b3c4d","custom_channel_vars":{"account_id":"A","authorizing_id":"D","owner_id":"U",
    "account_billing":"per_minute","rate":"100","rate_increment":"60","rate_minimum":"60","surcharge":"0",
    "rate_name":"US-DID","bridge_id":"3a1f0c2e-9b7d-4c1e-8f00-123456789abc"}}
    """

  static func record(_ text: String = appendixB) throws -> CallDetailRecord {
    try CallDetailRecord(jsonText: text)
  }

  @Test func appendixBFieldByField() throws {
    let row = CDRListingRow(record: try Self.record())
    let json = row.jsonObject()
    let expected: [String: JSONValue] = [
      "id": "202001-3a1f0c2e-9b7d-4c1e-8f00-123456789abc",
      "call_id": "3a1f0c2e-9b7d-4c1e-8f00-123456789abc",
      "caller_id_number": "+14155550100",
      "caller_id_name": "Alice, A.",
      "callee_id_number": "+14155550199",
      "callee_id_name": "Bob",
      "duration_seconds": 125,
      "billing_seconds": 121,
      "timestamp": "63746438400",
      "hangup_cause": "NORMAL_CLEARING",
      "other_leg_call_id": "",
      "owner_id": "U",
      "to": "+14155550199@example.com",
      "from": "+14155550100@example.com",
      "direction": "inbound",
      "request": "+14155550199@example.com",
      "authorizing_id": "D",
      "cost": "300",
      "dialed_number": "+14155550199",
      "calling_from": "+14155550100",
      "datetime": "2020-01-17_00:00:00",
      "unix_timestamp": "1579219200",
      "unix_timestamp_micro": "1579219200.123456",
      "rfc_1036": "Fri, 17 Jan 2020 00:00:00 GMT",
      "iso_8601": "2020-01-17",
      "iso_8601_combined": "2020-01-17T00:00:00Z",
      "call_type": "per_minute",
      "rate": "0.01",
      "rate_name": "US-DID",
      "bridge_id": "3a1f0c2e-9b7d-4c1e-8f00-123456789abc",
      "recording_url": "",
      "media_recordings": [],
      "media_server": "fs1.example.com",
      "call_priority": "",
      "interaction_id": "63746438400-1a2b3c4d",
    ]
    #expect(json.count == 35)
    for (key, value) in expected {
      #expect(json[key] == value, "column \(key)")
    }
    #expect(Set(json.keys) == Set(expected.keys))
    #expect(row.orderedFields().map(\.name).first == "id")
    #expect(row.orderedFields().map(\.name).last == "interaction_id")
  }

  @Test func filteringEmptyStrings() throws {
    let json = CDRListingRow(record: try Self.record()).jsonObject(filteringEmptyStrings: true)
    #expect(json["recording_url"] == nil)
    #expect(json["call_priority"] == nil)
    #expect(json["other_leg_call_id"] == nil)
    #expect(json["media_recordings"] == [])
    #expect(json.count == 32)  // 35 minus the three "" columns of Appendix B
  }

  @Test func appendixBWithOffsetAndStyles() throws {
    let record = try Self.record()
    let shifted = CDRListingRow(
      record: record, options: CDRListingOptions(timeAdjustment: .fixedOffset(-18000)))
    #expect(shifted[.datetime] == "2020-01-16_19:00:00")
    #expect(shifted[.iso8601Combined] == "2020-01-17T00:00:00Z")  // only datetime shifts
    let old = CDRListingRow(record: record, options: CDRListingOptions(dateTimeStyle: .kazoo43))
    #expect(old[.datetime] == "2020-01-17 00:00:00")
  }

  @Test func resellerColumns() throws {
    var record = try Self.record()
    record.customChannelVars?["reseller_billing"] = "per_minute"
    let json = CDRListingRow(record: record).jsonObject(CDRListingColumn.reseller)
    #expect(json.count == 37)
    #expect(json["reseller_cost"] == "300")
    #expect(json["reseller_call_type"] == "per_minute")
    #expect(
      CDRListingColumn.reseller.suffix(2).map(\.name) == ["reseller_cost", "reseller_call_type"])
  }

  @Test func outboundAndBlankingRules() throws {
    var record = try Self.record()
    record.callDirection = .outbound
    record.to = "2600@hertz.com"
    record.fromURI = "cereal@killer.com"
    record.customChannelVars?["authorizing_id"] = "A"  // equals account_id ⇒ blank
    record.customChannelVars?["account_billing"] = "flat_rate"
    record.customChannelVars?["media_recordings"] = "rec1"
    record.channelCreatedTime = nil
    let row = CDRListingRow(record: record)
    #expect(row[.dialedNumber] == "2600")
    #expect(row[.callingFrom] == "cereal")
    #expect(row[.authorizingID] == "")
    #expect(row[.cost] == "0")
    #expect(row[.mediaRecordings] == ["rec1"])
    #expect(row[.unixTimestampMicro] == "1579219200.0")
  }

  @Test func missingDirectionAndTimestampDoNotCrash() throws {
    let record = try Self.record(#"{"call_id":"x","custom_channel_vars":{"rate":"0.01"}}"#)
    let row = CDRListingRow(record: record)
    #expect(row[.dialedNumber] == "")
    #expect(row[.callingFrom] == "")
    #expect(row[.durationSeconds] == "")
    #expect(row[.datetime] == "0000-01-01_00:00:00")
    #expect(row[.unixTimestamp] == "-62167219200")
    #expect(row[.rfc1036] == "Sat, 01 Jan 0 00:00:00 GMT")
    #expect(row[.iso8601] == "0000-01-01")
    #expect(row[.rate] == "0.0")  // dollars stored as units round to 0 (facts 9.8)
    #expect(row[.mediaRecordings] == [])
    #expect(row[.authorizingID] == "")
  }

  @Test func timeZonePerRecordAcrossDST() throws {
    let zone = try TimeAdjustment(timeZoneIdentifier: "America/New_York")
    var early = try Self.record()
    var late = try Self.record()
    // Starts at 2024-03-10 06:30Z (EST) and 07:30Z (EDT); duration 125 is subtracted.
    early.timestamp = Int(GregorianSeconds(unixSeconds: 1_710_052_200 + 125).rawValue)
    late.timestamp = Int(GregorianSeconds(unixSeconds: 1_710_055_800 + 125).rawValue)
    let options = CDRListingOptions(timeAdjustment: zone)
    #expect(CDRListingRow(record: early, options: options)[.datetime] == "2024-03-10_01:30:00")
    #expect(CDRListingRow(record: late, options: options)[.datetime] == "2024-03-10_03:30:00")
  }

  @Test func cellTexts() throws {
    var record = try Self.record()
    record.customChannelVars?["media_recordings"] = ["a", "b"]
    let row = CDRListingRow(record: record)
    let cells = row.cellTexts()
    #expect(cells.count == 35)
    #expect(cells[6] == "125")
    #expect(row.cellText(.mediaRecordings) == "a,b")
    #expect(CDRListingRow.cellText(.null) == "")
    #expect(CDRListingRow.cellText(.bool(true)) == "true")
  }
}

/// Issue "KAZOO fidelity", item 8: how KAZOO's `rate` column and its rating read the rate
/// channel variables.
@Suite("Rate column and rating keys (KAZOO fidelity)")
struct RateFidelityTests {
  static func row(_ vars: String, billing: Int = 61) throws -> CDRListingRow {
    CDRListingRow(
      record: try CallDetailRecord(
        jsonText:
          #"{"call_id":"r","call_direction":"inbound","billing_seconds":\#(billing),"custom_channel_vars":{"account_billing":"per_minute",\#(vars)}}"#
      ))
  }

  /// `kz_currency:units_to_dollars` truncates a JSON number (0.5 units is 0 dollars);
  /// text goes through the integer cast, which rounds (`"0.5"` is 1 unit, `"0.01"` 0).
  @Test func rateColumnTruncatesNumbersAndRoundsText() throws {
    #expect(try Self.row(#""rate":0.5"#)[.rate] == "0.0")
    #expect(try Self.row(#""rate":1.9"#)[.rate] == "0.0001")
    #expect(try Self.row(#""rate":-1.9"#)[.rate] == "-0.0001")
    #expect(try Self.row(#""rate":"0.5""#)[.rate] == "0.0001")
    #expect(try Self.row(#""rate":"0.01""#)[.rate] == "0.0")
    #expect(try Self.row(#""rate":"175""#)[.rate] == "0.0175")
  }

  /// The column reads `rate` only; the rating reads `Rate` before `rate`
  /// (`get_integer_value/3` tries the raw name first).
  @Test func columnReadsRateOnlyAndRatingPrefersHeaderSpelling() throws {
    let onlyHeader = try Self.row(#""Rate":"100","rate_increment":"60""#)
    #expect(onlyHeader[.rate] == "0.0")
    // 61 s at 100 units/min in 60 s increments: 2 increments, 200 units.
    #expect(onlyHeader[.cost] == "200")
    let both = try Self.row(
      #""Rate":"300","rate":"100","Rate-Increment":"30","rate_increment":"60""#)
    #expect(both[.rate] == "0.01")
    // Rate 300, increment 30: ceil(61/30) = 3 increments of (30/60)·300 = 150, 450 units.
    #expect(both[.cost] == "450")
  }
}
