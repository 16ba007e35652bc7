import CDRTestSupport
import Foundation
import Testing

@testable import CDRModel

/// `LazyCallDetailRecord` against the eager decoder (`CallDetailRecord(jsonBytes:)` and
/// `CDRReader`), the reference: every typed property, `otherFields`, drifts, written text,
/// acceptance and rejection, on the fixtures and on seeded mutations of their lines.
@Suite struct LazyRecordTests {
  /// Every typed property, by JSON key, read from both kinds of record.
  static let properties:
    [(
      key: String, eager: @Sendable (CallDetailRecord) -> AnyHashable?,
      lazy: @Sendable (LazyCallDetailRecord) -> AnyHashable?
    )] = [
      ("app_name", { $0.appName }, { $0.appName }),
      ("app_version", { $0.appVersion }, { $0.appVersion }),
      ("billing_seconds", { $0.billingSeconds }, { $0.billingSeconds }),
      ("call_direction", { $0.callDirection }, { $0.callDirection }),
      ("callee_id_name", { $0.calleeIDName }, { $0.calleeIDName }),
      ("callee_id_number", { $0.calleeIDNumber }, { $0.calleeIDNumber }),
      ("caller_id_name", { $0.callerIDName }, { $0.callerIDName }),
      ("caller_id_number", { $0.callerIDNumber }, { $0.callerIDNumber }),
      ("channel_created_time", { $0.channelCreatedTime }, { $0.channelCreatedTime }),
      ("digits_dialed", { $0.digitsDialed }, { $0.digitsDialed }),
      ("disposition", { $0.disposition }, { $0.disposition }),
      ("duration_seconds", { $0.durationSeconds }, { $0.durationSeconds }),
      ("fax_bad_rows", { $0.faxBadRows }, { $0.faxBadRows }),
      ("fax_ecm_used", { $0.faxECMUsed }, { $0.faxECMUsed }),
      ("fax_result_code", { $0.faxResultCode }, { $0.faxResultCode }),
      ("fax_result_text", { $0.faxResultText }, { $0.faxResultText }),
      ("fax_success", { $0.faxSuccess }, { $0.faxSuccess }),
      ("fax_total_pages", { $0.faxTotalPages }, { $0.faxTotalPages }),
      ("fax_transfer_rate", { $0.faxTransferRate }, { $0.faxTransferRate }),
      ("fax_transferred_pages", { $0.faxTransferredPages }, { $0.faxTransferredPages }),
      ("from", { $0.from }, { $0.from }),
      ("from_tag", { $0.fromTag }, { $0.fromTag }),
      ("from_uri", { $0.fromURI }, { $0.fromURI }),
      ("hangup_cause", { $0.hangupCause }, { $0.hangupCause }),
      ("hangup_code", { $0.hangupCode }, { $0.hangupCode }),
      ("interaction_id", { $0.interactionID }, { $0.interactionID }),
      ("local_sdp", { $0.localSDP }, { $0.localSDP }),
      ("media_server", { $0.mediaServer }, { $0.mediaServer }),
      ("node", { $0.node }, { $0.node }),
      ("other_leg_call_id", { $0.otherLegCallID }, { $0.otherLegCallID }),
      ("other_leg_caller_id_name", { $0.otherLegCallerIDName }, { $0.otherLegCallerIDName }),
      ("other_leg_caller_id_number", { $0.otherLegCallerIDNumber }, { $0.otherLegCallerIDNumber }),
      (
        "other_leg_destination_number", { $0.otherLegDestinationNumber },
        { $0.otherLegDestinationNumber }
      ),
      ("other_leg_direction", { $0.otherLegDirection }, { $0.otherLegDirection }),
      ("presence_id", { $0.presenceID }, { $0.presenceID }),
      ("remote_sdp", { $0.remoteSDP }, { $0.remoteSDP }),
      ("request", { $0.request }, { $0.request }),
      ("ringing_seconds", { $0.ringingSeconds }, { $0.ringingSeconds }),
      ("timestamp", { $0.timestamp }, { $0.timestamp }),
      ("to", { $0.to }, { $0.to }),
      ("to_tag", { $0.toTag }, { $0.toTag }),
      ("to_uri", { $0.toURI }, { $0.toURI }),
      ("user_agent", { $0.userAgent }, { $0.userAgent }),
      ("channel_call_state", { $0.channelCallState }, { $0.channelCallState }),
      ("channel_name", { $0.channelName }, { $0.channelName }),
      ("channel_state", { $0.channelState }, { $0.channelState }),
      ("event_category", { $0.eventCategory }, { $0.eventCategory }),
      ("event_name", { $0.eventName }, { $0.eventName }),
      ("interaction_key", { $0.interactionKey }, { $0.interactionKey }),
      ("interaction_time", { $0.interactionTime }, { $0.interactionTime }),
      ("msg_id", { $0.messageID }, { $0.messageID }),
      ("switch_hostname", { $0.switchHostname }, { $0.switchHostname }),
      ("switch_nodename", { $0.switchNodename }, { $0.switchNodename }),
      ("switch_uri", { $0.switchURI }, { $0.switchURI }),
      ("switch_url", { $0.switchURL }, { $0.switchURL }),
      ("_id", { $0.documentID }, { $0.documentID }),
      ("_rev", { $0.revision }, { $0.revision }),
      ("recording_url", { $0.recordingURL }, { $0.recordingURL }),
      ("call_priority", { $0.callPriority }, { $0.callPriority }),
      ("e164_destination", { $0.e164Destination }, { $0.e164Destination }),
      ("e164_origination", { $0.e164Origination }, { $0.e164Origination }),
      ("did_classifier", { $0.didClassifier }, { $0.didClassifier }),
      ("origination_call_id", { $0.originationCallID }, { $0.originationCallID }),
      ("is_conference", { $0.isConference }, { $0.isConference }),
      ("channel_is_loopback", { $0.channelIsLoopback }, { $0.channelIsLoopback }),
      ("channel_loopback_leg", { $0.channelLoopbackLeg }, { $0.channelLoopbackLeg }),
      (
        "channel_loopback_other_leg_id", { $0.channelLoopbackOtherLegID },
        { $0.channelLoopbackOtherLegID }
      ),
      ("channel_loopback_bowout", { $0.channelLoopbackBowout }, { $0.channelLoopbackBowout }),
      (
        "channel_loopback_bowout_execute", { $0.channelLoopbackBowoutExecute },
        { $0.channelLoopbackBowoutExecute }
      ),
      ("pvt_type", { $0.privateType }, { $0.privateType }),
      ("pvt_vsn", { $0.privateVersion }, { $0.privateVersion }),
      ("pvt_account_id", { $0.privateAccountID }, { $0.privateAccountID }),
      ("pvt_account_db", { $0.privateAccountDB }, { $0.privateAccountDB }),
      ("pvt_created", { $0.privateCreated }, { $0.privateCreated }),
      ("pvt_modified", { $0.privateModified }, { $0.privateModified }),
      ("pvt_node", { $0.privateNode }, { $0.privateNode }),
      ("pvt_document_hash", { $0.privateDocumentHash }, { $0.privateDocumentHash }),
      ("custom_channel_vars", { $0.customChannelVars }, { $0.customChannelVars }),
      ("custom_application_vars", { $0.customApplicationVars }, { $0.customApplicationVars }),
      ("custom_sip_headers", { $0.customSIPHeaders }, { $0.customSIPHeaders }),
      ("media_recordings", { $0.mediaRecordings }, { $0.mediaRecordings }),
      ("call_id", { $0.callID }, { $0.callID }),
    ]

  /// Every fixture file (whole) and every one of its lines.
  static let fixtureInputs: [[UInt8]] = {
    var inputs: [[UInt8]] = []
    for folder in ["calls", "realdata", "bad", "events"] {
      let directory = fixturePath(folder)
      let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
      for name in names.sorted() where !name.hasSuffix(".md") {
        guard let data = FileManager.default.contents(atPath: directory + "/" + name) else {
          continue
        }
        let bytes = [UInt8](data)
        inputs.append(bytes)
        for line in bytes.split(separator: 0x0A) { inputs.append(Array(line)) }
      }
    }
    return inputs
  }()

  /// The fixture lines that read as records, written as the writer writes them (canonical
  /// lines, the copying path's input).
  static let writtenLines: [[UInt8]] = fixtureInputs.compactMap { input in
    guard let record = try? CallDetailRecord(jsonBytes: input) else { return nil }
    var line: [UInt8] = []
    record.json.write(to: &line)
    return line
  }

  /// Checks that `input` reads the same lazily and eagerly: the same error, or records that
  /// agree on everything.
  static func expectAgreement(_ input: [UInt8], _ comment: @autoclosure () -> String = "") {
    let eager = Result { () throws(CDRDecodingError) in try CallDetailRecord(jsonBytes: input) }
    let lazy = Result { () throws(CDRDecodingError) in try LazyCallDetailRecord(jsonBytes: input) }
    let context = comment() + " " + String(decoding: input.prefix(300), as: UTF8.self)
    switch (eager, lazy) {
    case (.success(let eager), .success(let lazy)):
      expectAgreement(lazy, eager, context)
    case (.failure(let eagerError), .failure(let lazyError)):
      #expect(lazyError == eagerError, "\(context)")
    default:
      Issue.record("eager \(eager), lazy \(lazy): \(context)")
    }
  }

  /// Checks that a lazy record agrees with the eager one on every property, member, drift
  /// and written byte.
  static func expectAgreement(
    _ lazy: LazyCallDetailRecord, _ eager: CallDetailRecord, _ context: String
  ) {
    #expect(lazy.callID == eager.callID, "\(context)")
    #expect(lazy.id == eager.id, "\(context)")
    for property in properties where property.eager(eager) != property.lazy(lazy) {
      Issue.record(
        "\(property.key): lazy \(String(describing: property.lazy(lazy))), eager \(String(describing: property.eager(eager))): \(context)"
      )
    }
    #expect(lazy.otherFields == eager.otherFields, "\(context)")
    for key in eager.otherFields.keys {
      #expect(lazy.otherField(key) == eager.otherField(key), "\(key): \(context)")
    }
    for key in CallDetailRecord.modeledKeys.prefix(5) {
      #expect(lazy.otherField(key) == nil, "\(context)")
    }
    #expect(lazy.drifts == eager.drifts, "\(context)")
    #expect(lazy.jsonText == eager.jsonText, "\(context)")
    #expect(lazy.json == eager.json, "\(context)")
    #expect(lazy.jsonObject == eager.jsonObject, "\(context)")
    var written: [UInt8] = []
    lazy.write(to: &written)
    var expected: [UInt8] = []
    eager.json.write(to: &expected)
    #expect(written == expected, "\(context)")
    #expect(lazy.materialized() == eager, "\(context)")
    #expect(lazy == LazyCallDetailRecord(eager), "\(context)")
    #expect(lazy.hashValue == LazyCallDetailRecord(eager).hashValue, "\(context)")
  }

  @Test func everyTypedPropertyIsCompared() {
    #expect(Self.properties.count == _CDRField.allCases.count)
    #expect(Set(Self.properties.map(\.key)) == CallDetailRecord.modeledKeys)
  }

  @Test func fixturesReadTheSameLazily() {
    #expect(Self.fixtureInputs.count > 60)
    var bytesBacked = 0
    for input in Self.fixtureInputs + Self.writtenLines {
      Self.expectAgreement(input)
      if let lazy = try? LazyCallDetailRecord(jsonBytes: input), !lazy.isMaterialized {
        bytesBacked += 1
      }
    }
    // Most fixture records are read from their bytes, not through the fallback.
    #expect(bytesBacked > Self.writtenLines.count)
  }

  @Test func handWrittenEdgeCases() {
    let texts = [
      #"{"call_id":"a","billing_seconds":"12","is_conference":"true","call_direction":"sideways"}"#,
      #"{"call_id":"a","duration_seconds":1.5,"timestamp":" +63 ","ringing_seconds":1e2}"#,
      #"{"call_id":"a","duration_seconds":123456789012345678901234,"pvt_vsn":-0}"#,
      #"{"call_id":"a","app_name":7,"app_version":true,"from":null,"to":{"x":1},"request":[1]}"#,
      #"{"call_id":"a","channel_loopback_leg":"B","channel_is_loopback":"false"}"#,
      #"{"call_id":"a","channel_loopback_leg":5,"is_conference":null}"#,
      #"{"call_id":"a","media_recordings":"r1","custom_channel_vars":"x"}"#,
      #"{"call_id":"a","media_recordings":["r1",2],"custom_sip_headers":[1]}"#,
      #"{"call_id":"a","custom_sip_headers":{"in":{"X-A":"1"},"out":{}},"custom_application_vars":{"k":[1,{"z":null}]}}"#,
      #"{"call_id":"a","custom_application_vars":5,"custom_channel_vars":{"account_id":"4b","owner_id":7}}"#,
      #"{"call_id":"a","x":1,"x":2,"y":{"a":1,"a":2}}"#,
      #"{"call_id":"a","call_id":"b"}"#,
      #"{"call_id":"a","billing_seconds":1,"billing_seconds":"2"}"#,
      #"{"call\u005fid":"a"}"#,
      #"{"call_id":"a","\u0078":1}"#,
      #"{"call_id":"a","é":1}"#,
      #"{"call_id":"é\n\"\\ 😀","caller_id_name":"\u00e9\ud83d\ude00"}"#,
      #"{"call_id":5}"#,
      #"{"call_id":null}"#,
      #"{"call_direction":"inbound"}"#,
      #"{}"#,
      #"[]"#,
      #"[{"call_id":"a"}]"#,
      #""call_id""#,
      #"{"call_id":"a"} x"#,
      #"{"call_id":"a",}"#,
      #"{"call_id":"a""#,
      #"{"call_id":"a","n":01}"#,
      "  \t{\"call_id\":\"a\"}\r\n ",
      #"{"call_id":"a","hook_event":"channel_destroy","account_id":"4b","owner_id":"u"}"#,
      #"{"call_id":"a","hook_event":"channel_create"}"#,
      #"{"Call-ID":"a","Billing-Seconds":"8","Custom-Channel-Vars":{"Account-ID":"4b"}}"#,
      #"{"name":"CHANNEL_DESTROY","args":{"call_id":"a"}}"#,
      #"{"call_id":"a","datetime":"x","unix_timestamp":"1","dialed_number":"2"}"#,
      #"{"call_id":"a","datetime":"x","unix_timestamp":"1","dialed_number":"2","call_direction":"inbound"}"#,
      #"{"call_id":"a","datetime":"x","unix_timestamp":"1","dialed_number":"2","call_direction":5}"#,
      #"{"call_id":"a","datetime":"x","unix_timestamp":"1","datetime":"y","call_type":"z"}"#,
      #"{"call_direction":"inbound","call_id":"a","custom_channel_vars":{"b":1,"a":2}}"#,
      #"{"call_direction":"inbound","call_id":""}"#,
    ]
    for text in texts { Self.expectAgreement(Array(text.utf8), "hand-written") }
    // Bytes that are not UTF-8.
    Self.expectAgreement(Array(#"{"call_id":""#.utf8) + [0xC0, 0x80] + Array(#""}"#.utf8))
    // Depth: 600 nested arrays are over the default limit of 512.
    let deep =
      #"{"call_id":"a","x":"# + String(repeating: "[", count: 600)
      + String(repeating: "]", count: 600) + "}"
    Self.expectAgreement(Array(deep.utf8), "deep")
  }

  /// Seeded mutations of the fixture lines: drifted values, escaped, repeated and unknown
  /// keys, nested objects, whitespace, broken JSON.
  @Test func seededMutationsReadTheSameLazily() {
    var random = SeededGenerator(seed: 1414)
    let lines = Self.writtenLines
    var checked = 0
    for round in 0..<800 {
      let line = lines[random.below(lines.count)]
      let mutated = Self.mutate(line, &random)
      Self.expectAgreement(mutated, "round \(round)")
      checked += 1
    }
    #expect(checked == 800)
  }

  /// Values that drift from, or match, every property type.
  static let values = [
    #""text""#, #""12""#, #"" 7 ""#, #""+3""#, #""1.5""#, #""true""#, #""false""#, "true", "false",
    "null", "0", "-0", "42", "-17", "1.5", "2.5", "1e3", "123456789012345678",
    "1234567890123456789",
    "99999999999999999999999", #"{}"#, #"{"a":1}"#, #"{"in":{"X":"1"}}"#, "[]", #"["r1"]"#,
    #"["r1",2]"#, #""inbound""#, #""outbound""#, #""sideways""#, #""A""#, #""é\n""#,
    #""\u0041""#, #""a\/b""#,
  ]

  /// Keys to add: modeled, unknown, escaped, listing-row columns, a webhook's.
  static let keys =
    _CDRField.names + [
      "custom_extra", "transfer_history", "datetime", "unix_timestamp", "dialed_number",
      "call_type", "hook_event", "account_id", #"call\u005fid"#, #"billing\u005fseconds"#,
      #"\u00e9"#, "é", "",
    ]

  /// One seeded change to a record's text.
  static func mutate(_ line: [UInt8], _ random: inout SeededGenerator) -> [UInt8] {
    func pick<T>(_ values: [T]) -> T { values[random.below(values.count)] }
    var text = String(decoding: line, as: UTF8.self)
    switch random.below(9) {
    case 0, 1:
      // Set a member to another value, then write the record compactly (so the line may
      // stay canonical or become non-canonical by a drifted value).
      guard case .object(var members)? = try? JSONValue(parsing: line) else { return line }
      let key = pick(_CDRField.names + ["custom_extra", "nested"])
      let value = (try? JSONValue(parsing: pick(Self.values))) ?? .null
      members[key] = random.below(4) == 0 ? .object(["inner": value, "a": .array([value])]) : value
      return Array(JSONValue.object(members).jsonText.utf8)
    case 2, 3:
      // Insert a member right after the opening brace (keys out of order, maybe repeated).
      text.insert(
        contentsOf: "\"\(pick(Self.keys))\":\(pick(Self.values)),",
        at: text.index(after: text.startIndex))
    case 4:
      // Insert whitespace between two tokens.
      let positions = text.indices.filter { text[$0] == "," || text[$0] == ":" }
      if let position = positions.isEmpty ? nil : pick(positions) {
        text.insert(contentsOf: pick([" ", "\t", "\r\n", "  "]), at: position)
      }
    case 5:
      // Remove a member's key: a broken document.
      if let range = text.range(of: "\"" + pick(_CDRField.names) + "\":") {
        text.removeSubrange(range)
      }
    case 6:
      // Truncate.
      var bytes = line
      bytes.removeLast(1 + random.below(Swift.max(1, bytes.count - 1)))
      return bytes
    case 7:
      // Flip one byte.
      var bytes = line
      bytes[random.below(bytes.count)] = pick([
        0x22, 0x5C, 0x2C, 0x7D, 0x7B, 0x00, 0xFF, 0x61, 0x30,
      ])
      return bytes
    default:
      // Remove `call_id` or give it another type.
      if let range = text.range(of: #""call_id":"#) {
        text.replaceSubrange(
          range, with: pick([#""callid":"#, #""call_id":5,"x":"#, #""Call-ID":"#]))
      }
    }
    return Array(text.utf8)
  }

  @Test func unchangedCanonicalLinesAreCopied() throws {
    var copied = 0
    for line in Self.writtenLines {
      let lazy = try LazyCallDetailRecord(jsonBytes: line)
      guard case .bytes(let backing) = lazy._state else { continue }
      var written: [UInt8] = []
      lazy.write(to: &written)
      #expect(written == line)
      #expect(lazy.jsonText == String(decoding: line, as: UTF8.self))
      if backing.isCanonical { copied += 1 }
    }
    #expect(copied > Self.writtenLines.count / 3)
  }

  @Test func nonCanonicalLinesWriteTheEagerForm() throws {
    let line = Array(#"{"call_id":"a", "billing_seconds":"7","call_direction":"inbound"}"#.utf8)
    let lazy = try LazyCallDetailRecord(jsonBytes: line)
    #expect(!lazy.isMaterialized)
    var written: [UInt8] = []
    lazy.write(to: &written)
    #expect(
      String(decoding: written, as: UTF8.self)
        == #"{"billing_seconds":"7","call_direction":"inbound","call_id":"a"}"#)
    #expect(lazy.billingSeconds == 7)
    #expect(lazy.drifts.map(\.path) == ["/billing_seconds"])
  }

  @Test func aRecordFromASliceKeepsOnlyItsOwnBytes() throws {
    let file = Array(
      (#"{"call_id":"first","call_direction":"inbound"}"# + "\n"
        + #"  {"call_id":"second","timestamp":63}  "# + "\n").utf8)
    let lines = file.split(separator: 0x0A)
    let lazy = try LazyCallDetailRecord(jsonBytes: lines[1])
    guard case .bytes(let backing) = lazy._state else {
      Issue.record("the line was not kept as bytes")
      return
    }
    #expect(backing.bytes == Array(#"{"call_id":"second","timestamp":63}"#.utf8))
    #expect(lazy.callID == "second")
    #expect(lazy.timestamp == 63)
  }

  @Test func changesMaterializeAndDoNotReachCopies() throws {
    let line = Self.writtenLines.first { $0.count > 400 } ?? Self.writtenLines[0]
    let original = try LazyCallDetailRecord(jsonBytes: line)
    var eager = try CallDetailRecord(jsonBytes: line)
    var changed = original
    changed.billingSeconds = 99
    changed.callDirection = .other("sideways")
    changed.otherFields["lazy_test"] = "kept"
    changed.customChannelVars = CustomChannelVars(values: ["account_id": "acct"])
    eager.billingSeconds = 99
    eager.callDirection = .other("sideways")
    eager.otherFields["lazy_test"] = "kept"
    eager.customChannelVars = CustomChannelVars(values: ["account_id": "acct"])
    #expect(changed.isMaterialized)
    #expect(!original.isMaterialized)
    Self.expectAgreement(changed, eager, "changed")
    // The original still reads and writes its bytes.
    Self.expectAgreement(original, try CallDetailRecord(jsonBytes: line), "original")
    #expect(original != changed)
    // Changing a copy of a changed record leaves the first alone.
    var second = changed
    second.callID = "other"
    second.drifts = []
    #expect(changed.callID == eager.callID)
    #expect(second.callID == "other")
    #expect(second.drifts.isEmpty)
    #expect(changed.drifts == eager.drifts)
  }

  @Test func materializeKeepsTheEagerForm() throws {
    let line = Array(#"{"call_direction":"inbound","call_id":"a","duration_seconds":"5"}"#.utf8)
    var lazy = try LazyCallDetailRecord(jsonBytes: line)
    let before = lazy
    lazy.materialize()
    #expect(lazy.isMaterialized)
    #expect(lazy == before)
    #expect(lazy.hashValue == before.hashValue)
    #expect(lazy.durationSeconds == 5)
    #expect(lazy.jsonText == before.jsonText)
    #expect(Set([lazy, before]).count == 1)
  }

  @Test func fallbacksHoldTheEagerRecord() throws {
    for text in [
      #"{"call\u005fid":"a"}"#, #"{"call_id":"a","app_name":"x","app_name":"y"}"#,
      #"{"Call-ID":"a"}"#, #"{"call_id":"a","hook_event":"channel_destroy","owner_id":"u"}"#,
    ] {
      let lazy = try LazyCallDetailRecord(jsonText: text)
      #expect(lazy.isMaterialized, "\(text)")
      #expect(lazy.materialized() == (try CallDetailRecord(jsonText: text)))
    }
  }

  @Test func recordsReadFromSeveralTasksAgree() async throws {
    let lazy = try LazyCallDetailRecord(jsonBytes: Self.writtenLines[0])
    let expected = lazy.jsonText
    let results = await withTaskGroup(of: Bool.self) { group in
      for _ in 0..<8 {
        group.addTask {
          lazy.jsonText == expected && lazy.drifts == lazy.materialized().drifts
            && lazy.otherFields == lazy.materialized().otherFields
        }
      }
      var all: [Bool] = []
      for await result in group { all.append(result) }
      return all
    }
    #expect(results == Array(repeating: true, count: 8))
  }

  // MARK: - Reading NDJSON lazily

  /// What `readLazyRecords` gives for `bytes`.
  static func readLazily(
    _ bytes: [UInt8], options: CDRReader.Options = CDRReader.Options(), stopAfter: Int = .max
  ) -> (
    records: [(LazyCallDetailRecord, CDRSourceLocation)], rejections: [CDRRejection],
    statistics: CDRReadStatistics
  ) {
    var records: [(LazyCallDetailRecord, CDRSourceLocation)] = []
    var rejections: [CDRRejection] = []
    let statistics = CDRReader.readLazyRecords(
      bytes: bytes, sourceName: "in", options: options,
      rejected: { rejections.append($0) },
      record: { record, location in
        records.append((record, location))
        return records.count < stopAfter
      })
    return (records, rejections, statistics)
  }

  static func expectReaderAgreement(
    _ bytes: [UInt8], options: CDRReader.Options = CDRReader.Options(), _ comment: String
  ) {
    let reference = CDRReader(bytes: bytes, sourceName: "in", options: options).readAll()
    let lazy = readLazily(bytes, options: options)
    #expect(lazy.records.count == reference.records.count, "\(comment)")
    for ((record, location), (eager, eagerLocation)) in zip(
      lazy.records, zip(reference.records, reference.locations))
    {
      #expect(location == eagerLocation, "\(comment)")
      #expect(record.materialized() == eager, "\(comment)")
      #expect(record.callID == eager.callID, "\(comment)")
      #expect(record.drifts == eager.drifts, "\(comment)")
      #expect(record.jsonText == eager.jsonText, "\(comment)")
    }
    #expect(lazy.rejections == reference.rejections, "\(comment)")
    #expect(lazy.statistics.accepted == reference.statistics.accepted, "\(comment)")
    #expect(lazy.statistics.rejected == reference.statistics.rejected, "\(comment)")
    #expect(lazy.statistics.read == lazy.records.count + lazy.rejections.count, "\(comment)")
    #expect(
      lazy.statistics.acceptedWithDrifts == reference.statistics.acceptedWithDrifts, "\(comment)")
  }

  @Test func readingFixturesLazilyMatchesTheReader() {
    for input in Self.fixtureInputs {
      Self.expectReaderAgreement(input, String(decoding: input.prefix(80), as: UTF8.self))
    }
  }

  @Test func readingMutatedNDJSONLazilyMatchesTheReader() {
    var random = SeededGenerator(seed: 77)
    let optionSets = [
      CDRReader.Options(),
      CDRReader.Options(maximumRecordBytes: 600),
      CDRReader.Options(maximumDepth: 2),
      CDRReader.Options(usesByteLevelDecoding: false),
      CDRReader.Options(readsEvents: false),
    ]
    for round in 0..<40 {
      var input: [UInt8] = random.below(4) == 0 ? [0xEF, 0xBB, 0xBF] : []
      if random.below(4) == 0 { input += Array("\n  \n".utf8) }
      for _ in 0..<(5 + random.below(20)) {
        let line = Self.writtenLines[random.below(Self.writtenLines.count)]
        input += random.below(2) == 0 ? line : Self.mutate(line, &random)
        input += random.below(5) == 0 ? [0x0D, 0x0A] : [0x0A]
        if random.below(8) == 0 { input += Array("   \n".utf8) }
      }
      if random.below(3) == 0 { input.removeLast() }
      let options = optionSets[round % optionSets.count]
      Self.expectReaderAgreement(input, options: options, "round \(round)")
    }
  }

  @Test func stoppingEarlyCountsWhatWasRead() {
    var input: [UInt8] = []
    for line in Self.writtenLines.prefix(10) { input += line + [0x0A] }
    input += Array("not json\n".utf8)
    let lazy = Self.readLazily(input, stopAfter: 3)
    #expect(lazy.records.count == 3)
    #expect(lazy.statistics.accepted == 3)
    #expect(lazy.rejections.isEmpty)
    #expect(lazy.records.map(\.1.index) == [0, 1, 2])
  }
}

/// The code examples of the article "Records decoded on demand" (LazyRecords.md), verbatim
/// between the `// article:` markers.
@Suite struct LazyRecordsArticleTests {
  @Test func firstExample() throws {
    // article: LazyRecords, overview
    let line = #"{"call_direction":"inbound","call_id":"3a1f","duration_seconds":"125"}"#
    let leg = try LazyCallDetailRecord(jsonText: line)
    leg.callID  // "3a1f"
    leg.durationSeconds  // 125, decoded now: the same value and drift as CallDetailRecord
    leg.jsonText  // the eager record's text
    // end article
    #expect(leg.callID == "3a1f")
    #expect(leg.durationSeconds == 125)
    #expect(leg.drifts.map(\.path) == ["/duration_seconds"])
    #expect(leg.jsonText == line)
  }

  @Test func readingLinesLazily() throws {
    let out = LockedLines()
    func print(_ items: Any...) { out.append(items.map { "\($0)" }.joined(separator: " ")) }
    let bytes = Array(
      (#"{"call_id":"a","call_direction":"inbound","duration_seconds":700}"# + "\n"
        + #"{"call_id":"b","call_direction":"inbound","duration_seconds":"30"}"# + "\n"
        + "not json\n").utf8)
    // article: LazyRecords, "Reading a file's lines lazily"
    var longCalls = 0
    let statistics = CDRReader.readLazyRecords(
      bytes: bytes,
      rejected: { print("skipped:", $0) },
      record: { leg, _ in
        if (leg.durationSeconds ?? 0) > 600 { longCalls += 1 }
        return true  // false stops reading
      })
    print(statistics.accepted, "legs,", longCalls, "over ten minutes")
    // end article
    #expect(
      out.lines == [
        "skipped: <memory>:3: record 2: malformed JSON: unexpected character 'o'",
        "2 legs, 1 over ten minutes",
      ])
  }
}

/// Lines printed by an example.
final class LockedLines: @unchecked Sendable {
  private(set) var lines: [String] = []
  func append(_ line: String) { lines.append(line) }
}
