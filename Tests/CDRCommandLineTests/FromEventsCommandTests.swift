import CDRCommandLine
import CDRKit
import Foundation
import Testing

@Suite("cdr from-events")
struct FromEventsCommandTests {
  static let events = fixturePath("events/bridged-call-events.ndjson")

  @Test("events become stored CDRs; skips and rejections are reported; counts add up")
  func build() throws {
    let arguments = [
      "from-events", "--now", "63745056200", "--seed", "1", "--node", "kazoo_apps@test.example",
      Self.events,
    ]
    let result = runTool(arguments)
    #expect(result.code == 1)
    let errors = result.errors.split(separator: "\n").map(String.init)
    #expect(
      errors == [
        Self.events + ":3: record 2: this is the KAZOO event call_event/CHANNEL_CREATE, not the "
          + "end of a call leg; a CDR is built only from CHANNEL_DESTROY (or a 2011 "
          + "call_detail/cdr event)",
        Self.events + ":4: record 3: skipped: application \"milliwatt\" is in cdr.ignore_apps; "
          + "KAZOO saves no CDR for it",
        "5 read, 3 built, 0 passed through, 1 skipped, 1 rejected",
      ])
    let lines = result.output.split(separator: "\n").map(String.init)
    try #require(lines.count == 3)
    // The A-leg, written out by hand from the event and the cdr app's steps.
    let expected: JSONValue = [
      "_id": "202001-evt-a-1111", "call_id": "evt-a-1111", "call_direction": "inbound",
      "event_category": "call_event", "event_name": "CHANNEL_DESTROY",
      "timestamp": 63_745_056_100, "msg_id": "1577836900000001",
      "caller_id_number": "+15550100", "caller_id_name": "Alice", "callee_id_number": "2001",
      "other_leg_call_id": "evt-b-2222", "billing_seconds": "60", "duration_seconds": "65",
      "ringing_seconds": "5", "hangup_cause": "NORMAL_CLEARING", "disposition": "ANSWER",
      "custom_channel_vars": [
        "account_id": "4b8c0000000000000000000000000001", "bridge_id": "evt-a-1111",
        "authorizing_type": "resource", "global_resource": "true",
      ],
      "interaction_id": "63745056035-0a1b2c3d", "interaction_time": 63_745_056_035,
      "interaction_key": "0a1b2c3d",
      "pvt_type": "cdr", "pvt_vsn": 2, "pvt_account_id": "4b8c0000000000000000000000000001",
      "pvt_account_db": "account%2F4b%2F8c%2F0000000000000000000000000001-202001",
      "pvt_created": 63_745_056_200, "pvt_modified": 63_745_056_200,
      "pvt_node": "kazoo_apps@test.example",
    ]
    #expect(try JSONValue(parsing: Array(lines[0].utf8)) == expected)
    // The unanswered leg without an interaction id gets one made of --now and the seed.
    let lone = try CallDetailRecord(jsonText: lines[2])
    #expect(lone.callID == "evt-d-4444")
    let id = try #require(lone.interactionID)
    #expect(id.hasPrefix("63745056200-") && id.utf8.count == 20)
    // Reproducible.
    #expect(runTool(arguments) == result)
  }

  @Test("the output passes lenient validation, fails exact, and groups into calls")
  func downstream() {
    let built = runTool(["from-events", "--now", "63745056200", "--seed", "1", Self.events]).output
    #expect(runTool(["validate", "--mode", "lenient"], input: built).code == 0)
    #expect(runTool(["validate", "--mode", "exact"], input: built).code == 1)
    let interactions = runTool(["interactions"], input: built)
    #expect(interactions.code == 0)
    let calls = interactions.output.split(separator: "\n").compactMap {
      try? JSONValue(parsing: Array($0.utf8))
    }
    #expect(calls.count == 2)
    #expect(calls.first?["id"] == "63745056035-0a1b2c3d")
    #expect(calls.first?["call_ids"] == ["evt-a-1111", "evt-b-2222"])
    #expect(calls.first?["account_id"] == "4b8c0000000000000000000000000001")
  }

  @Test("the real fixtures: every KAZOO leg builds, the rest is reported")
  func realData() {
    let files = [
      "kazoo-2011-ecallmgr-cdr-event.json", "kazoo-blackhole-doc-channel_destroy-event.json",
      "kazoo-webhooks-channel_destroy-sample.json",
      "reperio-kazoo-webhook-zoho-inbound-channel_destroy.json",
      "reperio-kazoo-webhook-zoho-outbound-channel_destroy.json", "kazoo-cdr-app-fixture.json",
    ].map { fixturePath("realdata/" + $0) }
    let result = runTool(["from-events", "--now", "63610891989", "--seed", "3"] + files)
    #expect(result.code == 0)
    #expect(result.errors == "6 read, 5 built, 1 passed through, 0 skipped, 0 rejected\n")
    let grouped = runTool(["interactions"], input: result.output)
    #expect(grouped.errors.hasSuffix("6 interactions, 6 legs\n"))
    #expect(runTool(["validate", "--mode", "lenient"], input: result.output).code == 0)
  }

  @Test("webhook payloads group by account as they are read")
  func webhooksGroupByAccount() throws {
    let files = [
      "kazoo-webhooks-channel_destroy-sample.json",
      "reperio-kazoo-webhook-zoho-inbound-channel_destroy.json",
      "reperio-kazoo-webhook-zoho-outbound-channel_destroy.json",
    ].map { fixturePath("realdata/" + $0) }
    let result = runTool(["interactions"] + files)
    #expect(result.code == 0)
    let accounts = result.output.split(separator: "\n").compactMap {
      (try? JSONValue(parsing: Array($0.utf8)))?["account_id"]
    }
    #expect(
      Set(accounts) == ["91eb05e5c68d7ca05e7618b6821d2d16", "d38abe802090d3216dff4993fd5ee186"])
    #expect(accounts.count == 3)
  }

  @Test("options: the ignore rules switched off; usage errors")
  func options() {
    let all = runTool(["from-events", "--now", "63745056200", "--no-ignore-apps", Self.events])
    #expect(all.errors.hasSuffix("5 read, 4 built, 0 passed through, 0 skipped, 1 rejected\n"))
    let other = runTool(["from-events", "--now", "63745056200", "--ignore-app", "x", Self.events])
    #expect(other.errors.contains("4 built"))
    #expect(runTool(["from-events", "--seed", "-1"]).code == 2)
    #expect(runTool(["from-events", "--now", "soon"]).code == 2)
    #expect(runTool(["from-events", "--now", "1577836800"]).errors.contains("11 digits"))
    #expect(runTool(["from-events", "--ignore-app", "x", "--no-ignore-apps"]).code == 2)
    #expect(runTool(["from-events", "/nonexistent.ndjson"]).code == 3)
    #expect(runTool(["from-events", "--help"]).output.contains("--no-ignore-loopback-bowout"))
    let loopback = #"""
      {"Call-ID":"l","Channel-Is-Loopback":true,"Channel-Loopback-Bowout":true,"Channel-Loopback-Bowout-Execute":true,"Channel-Loopback-Leg":"A","Custom-Channel-Vars":{"Account-ID":"a0000000000000000000000000000000"}}
      """#
    #expect(runTool(["from-events"], input: loopback).errors.contains("1 skipped"))
    #expect(
      runTool(["from-events", "--no-ignore-loopback-bowout"], input: loopback).errors.contains(
        "1 built"))
    let anonymous = #"{"Call-ID":"n","Event-Name":"CHANNEL_DESTROY","Event-Category":"call_event"}"#
    #expect(runTool(["from-events"], input: anonymous).errors.contains("no account_id"))
    #expect(
      runTool(["from-events", "--store-anonymous"], input: anonymous).output.contains(
        #""pvt_account_db":"anonymous_cdrs""#))
  }
}
