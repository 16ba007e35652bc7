import CDREvents
import CDRModel
import CDRTime
import Foundation
import Testing

/// The package root, found from this file's path (Tests/CDREventsTests/CDRBuilderTests.swift).
private let packageRoot: String = {
  var components = #filePath.split(separator: "/", omittingEmptySubsequences: false)
  components.removeLast(3)
  return components.joined(separator: "/")
}()

private func readLegs(_ text: String) -> [CallDetailRecord] {
  CDRReader(bytes: Array(text.utf8), sourceName: "test").readAll().records
}

private func fixtureLeg(_ name: String) throws -> CallDetailRecord {
  let result = try CDRReader(contentsOfFile: packageRoot + "/Fixtures/realdata/" + name).readAll()
  return try #require(result.records.first)
}

@Suite("Building CDRs from events")
struct CDRBuilderTests {
  /// Facts 11.5: the blackhole CHANNEL_DESTROY sample processed at 63610891989 with key
  /// 1a2b3c4d on kazoo_apps@wef.2600hz.com. The expected document is written out by hand
  /// (the long SDP is compared with the fixture's own text, parsed independently).
  @Test("the worked example: the blackhole CHANNEL_DESTROY sample")
  func workedExample() throws {
    let path = packageRoot + "/Fixtures/realdata/kazoo-blackhole-doc-channel_destroy-event.json"
    let event = try JSONValue(parsing: [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))))
    let sdp = try #require(event["args"]?["Remote-SDP"])
    var builder = CDRBuilder(
      options: CDRBuilder.Options(node: "kazoo_apps@wef.2600hz.com"),
      now: GregorianSeconds(63_610_891_989),
      keys: .constant("1a2b3c4d"))
    let outcome = builder.build(try fixtureLeg("kazoo-blackhole-doc-channel_destroy-event.json"))
    guard case .built(let cdr) = outcome else {
      Issue.record("not built: \(outcome)")
      return
    }
    let expected: JSONValue = [
      "_id": "201510-at6dmu4ffk97vnlp6qfq",
      "interaction_id": "63610891989-1a2b3c4d", "interaction_time": 63_610_891_989,
      "interaction_key": "1a2b3c4d",
      "pvt_type": "cdr", "pvt_vsn": 2, "pvt_account_id": "account0000000000000000000000002",
      "pvt_account_db": "account%2Fac%2Fco%2Funt0000000000000000000000002-201510",
      "pvt_created": 63_610_891_989, "pvt_modified": 63_610_891_989,
      "pvt_node": "kazoo_apps@wef.2600hz.com",
      "app_name": "ecallmgr", "app_version": "0.8.0", "billing_seconds": "31",
      "call_direction": "inbound", "call_id": "at6dmu4ffk97vnlp6qfq",
      "caller_id_name": "web phone", "caller_id_number": "356",
      "custom_channel_vars": [
        "account_id": "account0000000000000000000000002", "account_name": "wefwefwefwef",
        "account_realm": "wefwefwefwef.2600hz.com", "application_name": "callflow",
        "application_node": "kazoo_apps@wef.2600hz.com",
        "authorizing_id": "d509114b66efabf32dfd78dc464b46dd", "authorizing_type": "device",
        "bridge_id": "at6dmu4ffk97vnlp6qfq", "caller_privacy_name": "false",
        "caller_privacy_number": "false", "channel_authorized": "true",
        "ecallmgr_node": "ecallmgr@wef.2600hz.com",
        "fetch_id": "a60aea8c-67f2-11e5-8465-3390f8e3460f", "global_resource": "false",
        "owner_id": "699ed7e3d583e2577ac017c575f87262", "realm": "wefwefwefwef.2600hz.com",
        "register_overwrite_notify": "false", "suppress_unregister_notifications": "false",
        "username": "user_wpxnx7am9w",
      ],
      "custom_sip_headers": ["x_auth_ip": "192.168.25.203"],
      "disposition": "ANSWER", "duration_seconds": "32", "event_category": "call_event",
      "event_name": "CHANNEL_DESTROY", "from": "356@wefwefwefwef.2600hz.com",
      "from_tag": "l530ecbu2f", "from_uri": "user_wpxnx7am9w@wefwefwefwef.2600hz.com",
      "hangup_cause": "NORMAL_CLEARING", "media_server": "wef.2600hz.com",
      "msg_id": "1443672788333353", "node": "ecallmgr@wef.2600hz.com",
      "presence_id": "356@wefwefwefwef.2600hz.com", "remote_sdp": sdp,
      "request": "*97@wefwefwefwef.2600hz.com", "ringing_seconds": "0",
      "switch_uri": "sip:192.168.25.216:11000", "switch_url": "sip:mod_sofia@192.168.25.216:11000",
      "timestamp": 63_610_891_988, "to": "*97@wefwefwefwef.2600hz.com", "to_tag": "9tr3FZcKDaNHK",
      "to_uri": "*97@wefwefwefwef.2600hz.com", "user_agent": "SIP.js/0.6.4",
    ]
    #expect(cdr.json == expected)
    #expect(cdr.documentID == "201510-at6dmu4ffk97vnlp6qfq")
  }

  @Test("the steps in order: private, leaked and interaction variables")
  func steps() throws {
    let legs = readLegs(
      """
      {"Call-ID":"L1","Event-Category":"call_event","Event-Name":"CHANNEL_DESTROY","Timestamp":63745056000,"Custom-Channel-Vars":{"Account-ID":"0123456789abcdef0123456789abcdef","_Secret":"s","pvt_rate":"1","Pvt-Cost":"2","Recording-Url":"http://r","Call-Priority":"high","E164-Destination":"+1555","E164-Origination":"+1666","DID-Classifier":"tollfree","Is-Conference":"true","Call-Interaction-ID":"63745055999-abc-def"}}
      {"Call-ID":"L2","Event-Name":"CHANNEL_DESTROY","Event-Category":"call_event","Custom-Channel-Vars":{"Account-ID":"0123456789abcdef0123456789abcdef","Is-Conference":"false"}}
      """)
    try #require(legs.count == 2)
    var builder = CDRBuilder(
      options: CDRBuilder.Options(node: "n"), now: GregorianSeconds(63_746_438_500),
      keys: .constant("0000beef"))
    let first = try #require(builder.build(legs[0]).record)
    let object = first.jsonObject
    // 1. `_Secret` and `pvt_rate` move up; `Pvt-Cost` stays (its raw key is not private).
    #expect(object["_secret"] == "s")
    #expect(object["pvt_rate"] == "1")
    #expect(first.customChannelVars?["pvt_cost"] == "2")
    #expect(first.customChannelVars?["_secret"] == nil)
    // 3–8.
    #expect(first.recordingURL == "http://r")
    #expect(first.callPriority == "high")
    #expect(first.e164Destination == "+1555")
    #expect(first.e164Origination == "+1666")
    #expect(first.didClassifier == "tollfree")
    #expect(first.isConference == true)
    #expect(first.customChannelVars?["is_conference"] == nil)
    // 9. The given interaction id: the key may hold dashes; the month is the
    // interaction's (63745055999 = 2019-12-31T23:59:59Z: Unix 1577836799), not the timestamp's.
    #expect(first.interactionID == "63745055999-abc-def")
    #expect(first.interactionTime == 63_745_055_999)
    #expect(first.interactionKey == "abc-def")
    #expect(first.documentID == "201912-L1")
    #expect(first.customChannelVars?["call_interaction_id"] == nil)
    #expect(first.privateAccountDB == "account%2F01%2F23%2F456789abcdef0123456789abcdef-201912")
    // A false Is-Conference stays; an invented interaction id (now, key).
    let second = try #require(builder.build(legs[1]).record)
    #expect(second.isConference == nil)
    #expect(second.customChannelVars?["is_conference"] == "false")
    #expect(second.interactionID == "63746438500-0000beef")
    #expect(second.documentID == "202001-L2")
  }

  @Test("what KAZOO skips, and why")
  func skips() {
    let legs = readLegs(
      """
      {"Call-ID":"m","Application-Name":"milliwatt","Custom-Channel-Vars":{"Account-ID":"a0000000000000000000000000000000"}}
      {"Call-ID":"l1","Channel-Is-Loopback":true,"Channel-Loopback-Bowout":"true","Channel-Loopback-Bowout-Execute":true,"Channel-Loopback-Leg":"B","Hangup-Cause":"NORMAL_CLEARING","Custom-Channel-Vars":{"Account-ID":"a0000000000000000000000000000000"}}
      {"Call-ID":"l2","Channel-Is-Loopback":true,"Channel-Loopback-Bowout":true,"Channel-Loopback-Bowout-Execute":true,"Channel-Loopback-Leg":"B","Hangup-Cause":"USER_BUSY","Custom-Channel-Vars":{"Account-ID":"a0000000000000000000000000000000"}}
      {"Call-ID":"l3","Channel-Is-Loopback":true,"Channel-Loopback-Bowout":true,"Channel-Loopback-Bowout-Execute":true,"Channel-Loopback-Leg":"A","Hangup-Cause":"USER_BUSY","Custom-Channel-Vars":{"Account-ID":"a0000000000000000000000000000000"}}
      {"Call-ID":"anon","Custom-Channel-Vars":{}}
      {"Call-ID":"bad","Custom-Channel-Vars":{"Account-ID":"a0000000000000000000000000000000","Call-Interaction-ID":"123-x"}}
      """)
    #expect(legs.count == 6)
    var builder = CDRBuilder(now: GregorianSeconds(63_746_438_500), keys: .seeded(7))
    let outcomes = legs.map { builder.build($0) }
    #expect(outcomes[0] == .skipped(.ignoredApplication("milliwatt")))
    #expect(
      outcomes[1] == .skipped(.loopbackBowout(loopbackLeg: "B", hangupCause: "NORMAL_CLEARING")))
    #expect(outcomes[2].record?.callID == "l2")  // B leg, abnormal cause: kept
    #expect(outcomes[3] == .skipped(.loopbackBowout(loopbackLeg: "A", hangupCause: "USER_BUSY")))
    #expect(outcomes[4] == .skipped(.anonymous))
    #expect(outcomes[5] == .skipped(.malformedInteractionID("123-x")))
    #expect(CDRSkipReason.ignoredApplication("milliwatt").message.contains("milliwatt"))
    // The rules switched off.
    var keeping = CDRBuilder(
      options: CDRBuilder.Options(
        ignoredApplications: [], ignoresLoopbackBowout: false, storesAnonymous: true),
      now: GregorianSeconds(63_746_438_500), keys: .seeded(7))
    #expect(keeping.build(legs[0]).record != nil)
    #expect(keeping.build(legs[1]).record != nil)
    #expect(keeping.build(legs[4]).record?.privateAccountDB == "anonymous_cdrs")
    #expect(keeping.build(legs[4]).record?.privateAccountID == nil)
  }

  @Test("seeded keys are reproducible 8-hex strings; stored CDRs pass through")
  func keysAndPassThrough() throws {
    var first = InteractionKeySource.seeded(42)
    var second = InteractionKeySource.seeded(42)
    let keys = (0..<100).map { _ in first.next() }
    #expect(keys == (0..<100).map { _ in second.next() })
    #expect(Set(keys).count == 100)
    #expect(
      keys.allSatisfy { $0.utf8.count == 8 && $0.allSatisfy(\.isHexDigit) && $0 == $0.lowercased() }
    )
    let stored = try fixtureLeg("kazoo-cdr-app-fixture.json")
    var builder = CDRBuilder()
    #expect(builder.build(stored) == .alreadyStored(stored))
  }

  @Test("the 2011 event builds a CDR in the month of its (converted) time")
  func event2011() throws {
    var builder = CDRBuilder(now: GregorianSeconds(63_475_567_300), keys: .constant("00000001"))
    let cdr = try #require(
      builder.build(try fixtureLeg("kazoo-2011-ecallmgr-cdr-event.json")).record)
    #expect(cdr.timestamp == 63_475_567_244)
    #expect(cdr.jsonObject["timestamp"] == 63_475_567_244)
    #expect(cdr.documentID == "201106-0ba7d53f-9d74-4b47-af1f-8c0eb83e32f6")
    #expect(cdr.privateAccountID == "04152ed2b428922e99ac66f3a71b0215")
    #expect(cdr.otherLegCallID == "ynmhvfajysowxni@thinky64.2600hz.com")
  }
}
