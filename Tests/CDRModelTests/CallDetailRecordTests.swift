import Foundation
import Testing

@testable import CDRModel

@Suite("CallDetailRecord decoding, drifts and losslessness")
struct CallDetailRecordTests {
  @Test("typed fields and channel vars are read from a stored document")
  func typedFields() throws {
    let leg = try CallDetailRecord(
      jsonText: #"""
        {"call_id":"abc","call_direction":"inbound","duration_seconds":125,"billing_seconds":121,
         "timestamp":63746438525,"channel_created_time":1579219200123456,
         "_id":"202001-abc","pvt_created":63746438526,"channel_loopback_leg":"A",
         "custom_channel_vars":{"account_id":"acc","owner_id":"own","rate":"100","global_resource":"false",
           "media_recordings":"rec-1"},
         "custom_sip_headers":{"X-A":"1","in":{"X-A":"2"},"out":{"X-B":"3"}},
         "media_recordings":["r1","r2"],"other_leg":{"call_id":"b"}}
        """#)
    #expect(leg.callID == "abc")
    #expect(leg.id == "abc")
    #expect(leg.callDirection == .inbound)
    #expect(leg.durationSeconds == 125)
    #expect(leg.channelCreatedTime == 1_579_219_200_123_456)
    #expect(leg.documentID == "202001-abc")
    #expect(leg.privateCreated == 63_746_438_526)
    #expect(leg.channelLoopbackLeg == .a)
    #expect(leg.customChannelVars?.accountID == "acc")
    #expect(leg.customChannelVars?.rate == 100)
    #expect(leg.customChannelVars?.globalResource == false)
    #expect(leg.customChannelVars?.mediaRecordings == ["rec-1"])
    #expect(leg.customSIPHeaders?.inbound == ["X-A": "2"])
    #expect(leg.customSIPHeaders?.outbound == ["X-A": "1", "X-B": "3"])
    #expect(leg.mediaRecordings == ["r1", "r2"])
    #expect(leg.otherFields == ["other_leg": ["call_id": "b"]])
    #expect(leg.drifts.isEmpty)
  }

  @Test(
    "each drift kind is tolerated, noted and written back in its original form",
    arguments: [
      (
        #"{"call_id":"a","duration_seconds":"32"}"#, "/duration_seconds",
        CDRDrift.Kind.integerFromString
      ),
      (#"{"call_id":"a","duration_seconds":59.5}"#, "/duration_seconds", .integerFromFraction),
      (#"{"call_id":"a","billing_seconds":"57.4"}"#, "/billing_seconds", .integerFromFraction),
      (#"{"call_id":"a","caller_id_number":14155550100}"#, "/caller_id_number", .stringFromNumber),
      (#"{"call_id":"a","caller_id_name":true}"#, "/caller_id_name", .stringFromBoolean),
      (
        #"{"call_id":"a","channel_is_loopback":"false"}"#, "/channel_is_loopback",
        .booleanFromString
      ),
      (#"{"call_id":"a","call_direction":"OUTBOUND"}"#, "/call_direction", .unknownEnumValue),
      (#"{"call_id":"a","media_recordings":"r1"}"#, "/media_recordings", .listFromScalar),
      (#"{"call_id":"a","timestamp":{"x":1}}"#, "/timestamp", .unreadable(expected: "an integer")),
      (#"{"call_id":"a","timestamp":null}"#, "/timestamp", .unreadable(expected: "an integer")),
      (
        #"{"call_id":"a","custom_channel_vars":"x"}"#, "/custom_channel_vars",
        .unreadable(expected: "an object")
      ),
    ])
  func drift(text: String, path: String, kind: CDRDrift.Kind) throws {
    let leg = try CallDetailRecord(jsonText: text)
    #expect(leg.drifts.count == 1)
    #expect(leg.drifts.first?.path == path)
    #expect(leg.drifts.first?.kind == kind)
    #expect(leg.json == (try JSONValue(parsing: text)))
  }

  @Test("drifted values convert as KAZOO's casts do")
  func driftValues() throws {
    let leg = try CallDetailRecord(
      jsonText:
        #"{"call_id":"a","duration_seconds":"32","ringing_seconds":2.5,"billing_seconds":-2.5,"caller_id_number":14155550100,"channel_is_loopback":"true","call_direction":"OUTBOUND"}"#
    )
    #expect(leg.durationSeconds == 32)
    #expect(leg.ringingSeconds == 3)  // half away from zero
    #expect(leg.billingSeconds == -3)
    #expect(leg.callerIDNumber == "14155550100")
    #expect(leg.channelIsLoopback == true)
    #expect(leg.callDirection == .other("OUTBOUND"))
  }

  @Test("a changed drifted field is written in its typed form")
  func changedDriftedField() throws {
    var leg = try CallDetailRecord(jsonText: #"{"call_id":"a","duration_seconds":"32"}"#)
    leg.durationSeconds = 40
    #expect(leg.jsonText == #"{"call_id":"a","duration_seconds":40}"#)
  }

  @Test(
    "documents that are not CDRs are rejected with a clear reason",
    arguments: [
      ("[1]", "a CDR must be a JSON object, found an array"),
      (#""x""#, "a CDR must be a JSON object, found a string"),
      (#"{"duration_seconds":3}"#, "missing required \"call_id\""),
      (#"{"call_id":42}"#, "\"call_id\" must be a string, found a number"),
      (#"{"call_id":null}"#, "\"call_id\" must be a string, found a null"),
      (#"{"call_id":"a",}"#, "malformed JSON: trailing comma at byte 15"),
    ])
  func rejections(text: String, message: String) {
    do {
      _ = try CallDetailRecord(jsonText: text)
      Issue.record("accepted \(text)")
    } catch {
      #expect(error.message == message)
    }
  }

  @Test("a record built in code writes the expected document")
  func builtInCode() {
    var leg = CallDetailRecord(callID: "x1")
    leg.callDirection = .outbound
    leg.billingSeconds = 7
    var vars = CustomChannelVars()
    vars.ownerID = "u1"
    vars.rate = 100
    leg.customChannelVars = vars
    #expect(
      leg.jsonText
        == #"{"billing_seconds":7,"call_direction":"outbound","call_id":"x1","custom_channel_vars":{"owner_id":"u1","rate":"100"}}"#
    )
  }

  @Test("Codable through Foundation's JSONDecoder and JSONEncoder")
  func codable() throws {
    let text =
      #"{"call_id":"a","duration_seconds":"32","custom_channel_vars":{"rate":"100"},"extra":[1,2.5,"x",null,true]}"#
    let viaDecoder = try JSONDecoder().decode(CallDetailRecord.self, from: Data(text.utf8))
    let direct = try CallDetailRecord(jsonText: text)
    #expect(viaDecoder == direct)
    let encoded = try JSONEncoder().encode(direct)
    #expect(try JSONValue(parsing: [UInt8](encoded)) == (try JSONValue(parsing: text)))
    #expect(throws: DecodingError.self) {
      try JSONDecoder().decode(CallDetailRecord.self, from: Data(#"{"x":1}"#.utf8))
    }
  }
}
