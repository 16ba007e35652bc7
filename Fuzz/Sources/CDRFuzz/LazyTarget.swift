import CDRKit

/// `lazy`: `LazyCallDetailRecord` and `CDRReader.readLazyRecords` against the eager decoder
/// and the reader.
///
/// The input is read as one record, lazily and eagerly: the same error, or records that agree
/// on every typed property, `otherFields`, `otherField(_:)`, drifts, written bytes and
/// equality; a change to a copy materializes it and leaves the original alone. Then the input
/// as NDJSON (each line followed by its record as the writer writes it, so canonical lines
/// are copied and the others written): `readLazyRecords` gives the reader's records,
/// locations, rejections and counts. The input's length picks small size and depth limits
/// or the general decoding path.
enum LazyTarget {
  static let sourceName = "fuzz.input"

  /// Every typed property, by JSON key: whether the eager and the lazy record agree on it.
  static let properties:
    [(key: String, agree: @Sendable (CallDetailRecord, LazyCallDetailRecord) -> Bool)] =
      [
        ("app_name", { $0.appName == $1.appName }),
        ("app_version", { $0.appVersion == $1.appVersion }),
        ("billing_seconds", { $0.billingSeconds == $1.billingSeconds }),
        ("call_direction", { $0.callDirection == $1.callDirection }),
        ("callee_id_name", { $0.calleeIDName == $1.calleeIDName }),
        ("callee_id_number", { $0.calleeIDNumber == $1.calleeIDNumber }),
        ("caller_id_name", { $0.callerIDName == $1.callerIDName }),
        ("caller_id_number", { $0.callerIDNumber == $1.callerIDNumber }),
        ("channel_created_time", { $0.channelCreatedTime == $1.channelCreatedTime }),
        ("digits_dialed", { $0.digitsDialed == $1.digitsDialed }),
        ("disposition", { $0.disposition == $1.disposition }),
        ("duration_seconds", { $0.durationSeconds == $1.durationSeconds }),
        ("fax_bad_rows", { $0.faxBadRows == $1.faxBadRows }),
        ("fax_ecm_used", { $0.faxECMUsed == $1.faxECMUsed }),
        ("fax_result_code", { $0.faxResultCode == $1.faxResultCode }),
        ("fax_result_text", { $0.faxResultText == $1.faxResultText }),
        ("fax_success", { $0.faxSuccess == $1.faxSuccess }),
        ("fax_total_pages", { $0.faxTotalPages == $1.faxTotalPages }),
        ("fax_transfer_rate", { $0.faxTransferRate == $1.faxTransferRate }),
        ("fax_transferred_pages", { $0.faxTransferredPages == $1.faxTransferredPages }),
        ("from", { $0.from == $1.from }),
        ("from_tag", { $0.fromTag == $1.fromTag }),
        ("from_uri", { $0.fromURI == $1.fromURI }),
        ("hangup_cause", { $0.hangupCause == $1.hangupCause }),
        ("hangup_code", { $0.hangupCode == $1.hangupCode }),
        ("interaction_id", { $0.interactionID == $1.interactionID }),
        ("local_sdp", { $0.localSDP == $1.localSDP }),
        ("media_server", { $0.mediaServer == $1.mediaServer }),
        ("node", { $0.node == $1.node }),
        ("other_leg_call_id", { $0.otherLegCallID == $1.otherLegCallID }),
        ("other_leg_caller_id_name", { $0.otherLegCallerIDName == $1.otherLegCallerIDName }),
        ("other_leg_caller_id_number", { $0.otherLegCallerIDNumber == $1.otherLegCallerIDNumber }),
        (
          "other_leg_destination_number",
          { $0.otherLegDestinationNumber == $1.otherLegDestinationNumber }
        ),
        ("other_leg_direction", { $0.otherLegDirection == $1.otherLegDirection }),
        ("presence_id", { $0.presenceID == $1.presenceID }),
        ("remote_sdp", { $0.remoteSDP == $1.remoteSDP }),
        ("request", { $0.request == $1.request }),
        ("ringing_seconds", { $0.ringingSeconds == $1.ringingSeconds }),
        ("timestamp", { $0.timestamp == $1.timestamp }),
        ("to", { $0.to == $1.to }),
        ("to_tag", { $0.toTag == $1.toTag }),
        ("to_uri", { $0.toURI == $1.toURI }),
        ("user_agent", { $0.userAgent == $1.userAgent }),
        ("channel_call_state", { $0.channelCallState == $1.channelCallState }),
        ("channel_name", { $0.channelName == $1.channelName }),
        ("channel_state", { $0.channelState == $1.channelState }),
        ("event_category", { $0.eventCategory == $1.eventCategory }),
        ("event_name", { $0.eventName == $1.eventName }),
        ("interaction_key", { $0.interactionKey == $1.interactionKey }),
        ("interaction_time", { $0.interactionTime == $1.interactionTime }),
        ("msg_id", { $0.messageID == $1.messageID }),
        ("switch_hostname", { $0.switchHostname == $1.switchHostname }),
        ("switch_nodename", { $0.switchNodename == $1.switchNodename }),
        ("switch_uri", { $0.switchURI == $1.switchURI }),
        ("switch_url", { $0.switchURL == $1.switchURL }),
        ("_id", { $0.documentID == $1.documentID }),
        ("_rev", { $0.revision == $1.revision }),
        ("recording_url", { $0.recordingURL == $1.recordingURL }),
        ("call_priority", { $0.callPriority == $1.callPriority }),
        ("e164_destination", { $0.e164Destination == $1.e164Destination }),
        ("e164_origination", { $0.e164Origination == $1.e164Origination }),
        ("did_classifier", { $0.didClassifier == $1.didClassifier }),
        ("origination_call_id", { $0.originationCallID == $1.originationCallID }),
        ("is_conference", { $0.isConference == $1.isConference }),
        ("channel_is_loopback", { $0.channelIsLoopback == $1.channelIsLoopback }),
        ("channel_loopback_leg", { $0.channelLoopbackLeg == $1.channelLoopbackLeg }),
        (
          "channel_loopback_other_leg_id",
          { $0.channelLoopbackOtherLegID == $1.channelLoopbackOtherLegID }
        ),
        ("channel_loopback_bowout", { $0.channelLoopbackBowout == $1.channelLoopbackBowout }),
        (
          "channel_loopback_bowout_execute",
          { $0.channelLoopbackBowoutExecute == $1.channelLoopbackBowoutExecute }
        ),
        ("pvt_type", { $0.privateType == $1.privateType }),
        ("pvt_vsn", { $0.privateVersion == $1.privateVersion }),
        ("pvt_account_id", { $0.privateAccountID == $1.privateAccountID }),
        ("pvt_account_db", { $0.privateAccountDB == $1.privateAccountDB }),
        ("pvt_created", { $0.privateCreated == $1.privateCreated }),
        ("pvt_modified", { $0.privateModified == $1.privateModified }),
        ("pvt_node", { $0.privateNode == $1.privateNode }),
        ("pvt_document_hash", { $0.privateDocumentHash == $1.privateDocumentHash }),
        ("custom_channel_vars", { $0.customChannelVars == $1.customChannelVars }),
        ("custom_application_vars", { $0.customApplicationVars == $1.customApplicationVars }),
        ("custom_sip_headers", { $0.customSIPHeaders == $1.customSIPHeaders }),
        ("media_recordings", { $0.mediaRecordings == $1.mediaRecordings }),
        ("call_id", { $0.callID == $1.callID }),
      ]

  static func run(_ data: [UInt8]) {
    require(
      properties.count == CallDetailRecord.modeledKeys.count
        && Set(properties.map(\.key)) == CallDetailRecord.modeledKeys,
      "the harness does not list every typed property")
    checkRecord(data)
    checkReader(data)
  }

  /// One record, read both ways.
  static func checkRecord(_ data: [UInt8]) {
    let eager = Result { () throws(CDRDecodingError) in try CallDetailRecord(jsonBytes: data) }
    let lazy = Result { () throws(CDRDecodingError) in try LazyCallDetailRecord(jsonBytes: data) }
    switch (eager, lazy) {
    case (.failure(let eagerError), .failure(let lazyError)):
      require(
        eagerError == lazyError,
        "errors differ for \(show(data)): eager \(eagerError), lazy \(lazyError)")
    case (.success(let eager), .success(let lazy)):
      compare(lazy, eager, show(data))
      // A change materializes the copy only.
      var changed = lazy
      changed.billingSeconds = (eager.billingSeconds ?? 0) &+ 1
      changed.otherFields["fuzz_added"] = .string("x")
      var expected = eager
      expected.billingSeconds = (eager.billingSeconds ?? 0) &+ 1
      expected.otherFields["fuzz_added"] = .string("x")
      require(changed.isMaterialized, "a changed record is not materialized for \(show(data))")
      compare(changed, expected, "changed " + show(data))
      compare(lazy, eager, "after a copy changed " + show(data))
    default:
      require(
        false, "one way accepts, the other rejects \(show(data)): eager \(eager), lazy \(lazy)")
    }
  }

  /// Checks a lazy record against the eager one on everything it shows.
  static func compare(_ lazy: LazyCallDetailRecord, _ eager: CallDetailRecord, _ input: String) {
    require(lazy.callID == eager.callID, "call_id differs for \(input)")
    for property in properties where !property.agree(eager, lazy) {
      require(false, "\(property.key) differs for \(input)")
    }
    let others = eager.otherFields
    require(lazy.otherFields == others, "otherFields differ for \(input)")
    for key in others.keys {
      require(lazy.otherField(key) == others[key], "otherField(\(key)) differs for \(input)")
    }
    require(
      lazy.drifts == eager.drifts,
      "drifts differ for \(input): lazy \(lazy.drifts), eager \(eager.drifts)")
    var written: [UInt8] = []
    lazy.write(to: &written)
    var expected: [UInt8] = []
    eager.json.write(to: &expected)
    require(
      written == expected,
      "written bytes differ for \(input): lazy \(show(written)), eager \(show(expected))")
    require(lazy.jsonText == eager.jsonText, "jsonText differs for \(input)")
    require(lazy.materialized() == eager, "the materialized record differs for \(input)")
    require(lazy == LazyCallDetailRecord(eager), "equality differs for \(input)")
    require(lazy.hashValue == LazyCallDetailRecord(eager).hashValue, "hashes differ for \(input)")
  }

  /// The input as NDJSON, read lazily and by the reader.
  static func checkReader(_ data: [UInt8]) {
    var options = CDRReader.Options()
    switch data.count % 5 {
    case 1: options.maximumRecordBytes = 64
    case 2: options.maximumDepth = 3
    case 3: options.usesByteLevelDecoding = false
    default: break
    }
    let input = withCanonicalLines(data)
    let reference = CDRReader(bytes: input, sourceName: sourceName, options: options).readAll()
    var records: [LazyCallDetailRecord] = []
    var locations: [CDRSourceLocation] = []
    var rejections: [CDRRejection] = []
    let statistics = CDRReader.readLazyRecords(
      bytes: input, sourceName: sourceName, options: options,
      rejected: { rejections.append($0) },
      record: { record, location in
        records.append(record)
        locations.append(location)
        return true
      })
    require(
      records.map { $0.materialized() } == reference.records,
      "records differ for \(show(input))")
    require(locations == reference.locations, "locations differ for \(show(input))")
    require(
      rejections == reference.rejections,
      "rejections differ for \(show(input)):\n lazy \(rejections)\n read \(reference.rejections)")
    require(
      statistics.accepted == reference.statistics.accepted
        && statistics.rejected == reference.statistics.rejected
        && statistics.acceptedWithDrifts == reference.statistics.acceptedWithDrifts
        && statistics.read == records.count + rejections.count,
      "counts differ for \(show(input)): lazy \(statistics), read \(reference.statistics)")
    for (record, eager) in zip(records, reference.records) {
      var written: [UInt8] = []
      record.write(to: &written)
      var expected: [UInt8] = []
      eager.json.write(to: &expected)
      require(written == expected, "a read record writes other bytes for \(show(input))")
    }
  }
}
