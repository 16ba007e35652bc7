import CDRModel
import Foundation
import Testing

/// KAZOO's event shapes read as legs: expectations written by hand from the fixtures and
/// from the facts' rules (`kz_json:normalize_jobj`, webhooks' `base_hook_event`).
@Suite("Event shapes")
struct EventShapeTests {
  func readOne(_ fixture: String, options: CDRReader.Options = CDRReader.Options()) throws
    -> CallDetailRecord
  {
    let result = try CDRReader(contentsOfFile: fixturePath(fixture), options: options).readAll()
    #expect(result.rejections.isEmpty, "\(fixture): \(result.rejections)")
    return try #require(result.records.first)
  }

  @Test("KAZOO's key normalization, rule by rule")
  func keyNormalization() {
    #expect(JSONValue.kazooNormalizedKey("Other-Leg-Call-ID") == "other_leg_call_id")
    #expect(JSONValue.kazooNormalizedKey("X-AUTH-IP") == "x_auth_ip")
    #expect(JSONValue.kazooNormalizedKey("already_snake") == "already_snake")
    // Latin-1 capitals À–Þ lower-cased, × kept; other characters kept whole.
    #expect(JSONValue.kazooNormalizedKey("ÀÖ×ØÞ") == "àö×øþ")
    #expect(JSONValue.kazooNormalizedKey("Ünï-Çødé-Ω") == "ünï_çødé_Ω")
    let value: JSONValue = [
      "A-B": ["C-D": 1, "Gone": nil], "List": [["E-F": "x"], nil, "G-H"], "Null": nil,
    ]
    let expected: JSONValue = ["a_b": ["c_d": 1], "list": [["e_f": "x"], nil, "G-H"]]
    #expect(value.kazooNormalized == expected)
  }

  @Test("the 2011 call_detail/cdr event reads as its leg, every change a drift")
  func event2011() throws {
    let leg = try readOne("realdata/kazoo-2011-ecallmgr-cdr-event.json")
    #expect(leg.callID == "0ba7d53f-9d74-4b47-af1f-8c0eb83e32f6")
    #expect(leg.otherLegCallID == "ynmhvfajysowxni@thinky64.2600hz.com")
    #expect(leg.callDirection == .outbound)
    // "1308348044434992" µs = 1308348044 Unix s = 2011-06-17T22:00:44Z; + 62167219200.
    #expect(leg.timestamp == 63_475_567_244)
    #expect(leg.billingSeconds == 8)
    #expect(leg.durationSeconds == 11)
    #expect(leg.digitsDialed == "none")
    #expect(leg.eventCategory == "call_detail")
    #expect(leg.eventName == "cdr")
    let vars = try #require(leg.customChannelVars)
    #expect(vars.accountID == "04152ed2b428922e99ac66f3a71b0215")
    #expect(vars.authorizingID == "692de45541050fab4315036c712aa208")
    #expect(vars.inception == "on-net")
    #expect(vars["tenant_id"] == "ignore")
    #expect(vars.values.count == 7)
    let drift = try #require(leg.drifts.first { $0.path == "/timestamp" })
    #expect(drift.kind == .gregorianFromUnixMicroseconds)
    #expect(drift.original == "1308348044434992")
    #expect(drift.interpretedAs == 63_475_567_244)
    #expect(
      leg.drifts.contains {
        $0.path == "/custom_channel_vars/account_id"
          && $0.kind == .keyNormalized(originalKey: "Account-ID")
      })
    #expect(
      leg.drifts.contains {
        $0.path == "/other_leg_call_id"
          && $0.kind == .keyNormalized(originalKey: "Other-Leg-Call-ID")
      })
    // 25 top-level keys and 7 channel variables, all renamed.
    #expect(
      leg.drifts.filter { if case .keyNormalized = $0.kind { true } else { false } }.count == 32)
    // Written back normalized, the converted timestamp included; read again, the same leg.
    let written = leg.jsonObject
    #expect(written["timestamp"] == 63_475_567_244)
    #expect(written["Call-ID"] == nil)
    #expect(written["billing_seconds"] == "8")
    let again = try CallDetailRecord(jsonText: leg.jsonText)
    #expect(again.json == leg.json)
  }

  @Test("the blackhole CHANNEL_DESTROY envelope reads as its leg")
  func blackholeEvent() throws {
    let leg = try readOne("realdata/kazoo-blackhole-doc-channel_destroy-event.json")
    #expect(leg.callID == "at6dmu4ffk97vnlp6qfq")
    #expect(leg.timestamp == 63_610_891_988)
    #expect(leg.billingSeconds == 31)
    #expect(leg.durationSeconds == 32)
    #expect(leg.ringingSeconds == 0)
    #expect(leg.callDirection == .inbound)
    #expect(leg.eventName == "CHANNEL_DESTROY")
    #expect(leg.messageID == "1443672788333353")
    #expect(leg.otherLegCallID == nil)
    let vars = try #require(leg.customChannelVars)
    #expect(vars.values.count == 19)
    #expect(vars.bridgeID == "at6dmu4ffk97vnlp6qfq")
    #expect(vars.accountID == "account0000000000000000000000002")
    #expect(vars.ownerID == "699ed7e3d583e2577ac017c575f87262")
    #expect(vars["caller_privacy_name"] == "false")
    #expect(leg.customSIPHeaders?.rawValue == ["x_auth_ip": "192.168.25.203"])
    #expect(leg.drifts.first?.kind == .unwrappedEnvelope)
    #expect(leg.drifts.first?.original == "CHANNEL_DESTROY")
    #expect(
      leg.drifts.contains {
        $0.path == "/billing_seconds" && $0.kind == .keyNormalized(originalKey: "Billing-Seconds")
      })
    #expect(leg.drifts.contains { $0.path == "/billing_seconds" && $0.kind == .integerFromString })
    #expect(leg.jsonObject["billing_seconds"] == "31")
  }

  @Test("with readsEvents off, event documents are rejected as before")
  func optOut() throws {
    for fixture in [
      "realdata/kazoo-2011-ecallmgr-cdr-event.json",
      "realdata/kazoo-blackhole-doc-channel_destroy-event.json",
    ] {
      let result = try CDRReader(
        contentsOfFile: fixturePath(fixture), options: CDRReader.Options(readsEvents: false)
      ).readAll()
      #expect(result.rejections.map(\.reason) == [.notARecord(.missingCallID)])
    }
  }

  @Test("webhook channel_destroy payloads keep their account in the channel variables")
  func webhooks() throws {
    let kazoo = try readOne("realdata/kazoo-webhooks-channel_destroy-sample.json")
    let vars = try #require(kazoo.customChannelVars)
    #expect(vars.accountID == "91eb05e5c68d7ca05e7618b6821d2d16")
    #expect(vars.ownerID == "d860229e722bf8f738737365b0b1e333")
    #expect(vars.authorizingID == "7f2b66a620cf9523d349cc5de8f21f37")
    #expect(vars.authorizingType == "device")
    #expect(vars.resellerID == "026f4f0a6d99f9a19b6aa4aa75501d7d")
    #expect(kazoo.otherField("account_id") == nil)
    #expect(kazoo.otherField("hook_event") == "channel_destroy")
    #expect(
      kazoo.drifts.contains {
        $0.path == "/custom_channel_vars/account_id"
          && $0.kind == .movedIntoChannelVars(fromPath: "/account_id")
      })
    // The byte-level and general paths agree.
    let general = try readOne(
      "realdata/kazoo-webhooks-channel_destroy-sample.json",
      options: CDRReader.Options(usesByteLevelDecoding: false))
    #expect(general == kazoo)
    let inbound = try readOne("realdata/reperio-kazoo-webhook-zoho-inbound-channel_destroy.json")
    #expect(inbound.customChannelVars?.accountID == "d38abe802090d3216dff4993fd5ee186")
    #expect(inbound.customChannelVars?.authorizingType == "resource")
    let outbound = try readOne("realdata/reperio-kazoo-webhook-zoho-outbound-channel_destroy.json")
    #expect(outbound.customChannelVars?.accountID == "d38abe802090d3216dff4993fd5ee186")
    // Channel variables already there: the flattened ones join them, the CCV's own wins.
    let mixed = try CallDetailRecord(
      jsonText: #"""
        {"hook_event":"channel_destroy","call_id":"g","account_id":"top","owner_id":"o",
         "custom_channel_vars":{"account_id":"ccv","Bridge-ID":"g"}}
        """#)
    #expect(
      mixed.customChannelVars?.values == ["account_id": "ccv", "owner_id": "o", "Bridge-ID": "g"])
    #expect(mixed.otherField("account_id") == "top")
    // Opted out: read as they are (the account stays at the top level).
    let raw = try readOne(
      "realdata/kazoo-webhooks-channel_destroy-sample.json",
      options: CDRReader.Options(readsEvents: false))
    #expect(raw.customChannelVars?.accountID == nil)
    #expect(raw.otherField("account_id") == "91eb05e5c68d7ca05e7618b6821d2d16")
  }

  @Test("other events are rejected with a reason that names them")
  func otherEvents() {
    let text = """
      {"Event-Category":"call_event","Event-Name":"CHANNEL_CREATE","Call-ID":"a"}
      {"name":"CHANNEL_ANSWER","args":{"Call-ID":"b","Event-Name":"CHANNEL_ANSWER"}}
      {"hook_event":"channel_create","call_id":"c","account_id":"x"}
      {"hook_event":"channel_create","call_id":"d","custom_channel_vars":{}}
      {"hook_event":"channel_answer","call_id":"f","custom_channel_vars":{"Bridge-ID":"f"}}
      {"Event-Category":"call_event","Event-Name":"CHANNEL_DESTROY","Call-ID":"e"}
      """
    for options in [CDRReader.Options(), CDRReader.Options(usesByteLevelDecoding: false)] {
      let result = readAll(text, options: options)
      #expect(
        result.rejections.map(\.reason) == [
          .notARecord(.notAnEndOfLegEvent(event: "call_event/CHANNEL_CREATE")),
          .notARecord(.notAnEndOfLegEvent(event: "CHANNEL_ANSWER")),
          .notARecord(.notAnEndOfLegEvent(event: "webhook channel_create")),
          .notARecord(.notAnEndOfLegEvent(event: "webhook channel_create")),
          .notARecord(.notAnEndOfLegEvent(event: "webhook channel_answer")),
        ])
      #expect(result.rejections.map(\.location.line) == [1, 2, 3, 4, 5])
      #expect(result.records.map(\.callID) == ["e"])
      #expect(result.statistics.read == 6)
    }
    #expect(
      CDRRecordError.notAnEndOfLegEvent(event: "call_event/CHANNEL_CREATE").message
        .contains("CHANNEL_CREATE"))
  }

  @Test("colliding keys and deep nesting: deterministic, no crash")
  func hostile() throws {
    let leg = try CallDetailRecord(jsonText: #"{"Call-ID":"x","A-B":1,"a_b":2}"#)
    #expect(leg.otherField("a_b") == 2)
    #expect(
      leg.drifts.contains { $0.kind == .keyNormalized(originalKey: "A-B") && $0.original == 1 })
    let depth = 500
    let deep =
      #"{"Call-ID":"d","X":"# + String(repeating: #"{"K-K":"#, count: depth) + "1"
      + String(repeating: "}", count: depth + 1)
    let result = readAll(deep)
    #expect(result.records.map(\.callID) == ["d"])
    let tooDeep =
      #"{"Call-ID":"d","X":"# + String(repeating: #"{"K-K":"#, count: 600) + "1"
      + String(repeating: "}", count: 601)
    #expect(readAll(tooDeep).rejections.count == 1)
  }

  @Test("the documentation's examples")
  func documentationExamples() throws {
    let leg = try CallDetailRecord(jsonText: #"{"Call-ID":"a","Billing-Seconds":8}"#)
    #expect(leg.billingSeconds == 8)
    #expect(leg.jsonText == #"{"billing_seconds":8,"call_id":"a"}"#)
    let other = try CallDetailRecord(json: ["Call-ID": "abc", "Billing-Seconds": "8"])
    #expect(other.callID == "abc")
    #expect(other.billingSeconds == 8)
    #expect(throws: CDRRecordError.missingCallID) {
      try CallDetailRecord(json: ["Call-ID": "abc"], readingEvents: false)
    }
  }

  @Test("ordinary stored CDRs are untouched")
  func storedUntouched() throws {
    let text = #"{"call_id":"a","Odd-Key":1,"custom_channel_vars":{"Account-ID":"x"}}"#
    let leg = try CallDetailRecord(jsonText: text)
    #expect(leg.drifts.isEmpty)
    #expect(leg.json == (try JSONValue(parsing: Array(text.utf8))))
  }
}
