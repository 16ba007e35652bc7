extension CallDetailRecord {
  /// The JSON keys that have a typed property (everything else goes to ``otherFields``).
  public static let modeledKeys: Set<String> = [
    "call_id", "custom_channel_vars", "custom_application_vars", "custom_sip_headers",
    "media_recordings",
    "app_name",
    "app_version",
    "billing_seconds",
    "call_direction",
    "callee_id_name",
    "callee_id_number",
    "caller_id_name",
    "caller_id_number",
    "channel_created_time",
    "digits_dialed",
    "disposition",
    "duration_seconds",
    "fax_bad_rows",
    "fax_ecm_used",
    "fax_result_code",
    "fax_result_text",
    "fax_success",
    "fax_total_pages",
    "fax_transfer_rate",
    "fax_transferred_pages",
    "from",
    "from_tag",
    "from_uri",
    "hangup_cause",
    "hangup_code",
    "interaction_id",
    "local_sdp",
    "media_server",
    "node",
    "other_leg_call_id",
    "other_leg_caller_id_name",
    "other_leg_caller_id_number",
    "other_leg_destination_number",
    "other_leg_direction",
    "presence_id",
    "remote_sdp",
    "request",
    "ringing_seconds",
    "timestamp",
    "to",
    "to_tag",
    "to_uri",
    "user_agent",
    "channel_call_state",
    "channel_name",
    "channel_state",
    "event_category",
    "event_name",
    "interaction_key",
    "interaction_time",
    "msg_id",
    "switch_hostname",
    "switch_nodename",
    "switch_uri",
    "switch_url",
    "_id",
    "_rev",
    "recording_url",
    "call_priority",
    "e164_destination",
    "e164_origination",
    "did_classifier",
    "origination_call_id",
    "is_conference",
    "channel_is_loopback",
    "channel_loopback_leg",
    "channel_loopback_other_leg_id",
    "channel_loopback_bowout",
    "channel_loopback_bowout_execute",
    "pvt_type",
    "pvt_vsn",
    "pvt_account_id",
    "pvt_account_db",
    "pvt_created",
    "pvt_modified",
    "pvt_node",
    "pvt_document_hash",
  ]

  /// Assigns one top-level member to its typed property, or keeps it in ``otherFields``.
  mutating func assign(key: String, value: JSONValue, decoder: inout _FieldDecoder) {
    switch key {
    case "app_name": appName = decoder.string(key, value)
    case "app_version": appVersion = decoder.string(key, value)
    case "billing_seconds": billingSeconds = decoder.integer(key, value)
    case "call_direction": callDirection = decoder.direction(key, value)
    case "callee_id_name": calleeIDName = decoder.string(key, value)
    case "callee_id_number": calleeIDNumber = decoder.string(key, value)
    case "caller_id_name": callerIDName = decoder.string(key, value)
    case "caller_id_number": callerIDNumber = decoder.string(key, value)
    case "channel_created_time": channelCreatedTime = decoder.integer(key, value)
    case "digits_dialed": digitsDialed = decoder.string(key, value)
    case "disposition": disposition = decoder.string(key, value)
    case "duration_seconds": durationSeconds = decoder.integer(key, value)
    case "fax_bad_rows": faxBadRows = decoder.string(key, value)
    case "fax_ecm_used": faxECMUsed = decoder.string(key, value)
    case "fax_result_code": faxResultCode = decoder.string(key, value)
    case "fax_result_text": faxResultText = decoder.string(key, value)
    case "fax_success": faxSuccess = decoder.string(key, value)
    case "fax_total_pages": faxTotalPages = decoder.string(key, value)
    case "fax_transfer_rate": faxTransferRate = decoder.string(key, value)
    case "fax_transferred_pages": faxTransferredPages = decoder.string(key, value)
    case "from": from = decoder.string(key, value)
    case "from_tag": fromTag = decoder.string(key, value)
    case "from_uri": fromURI = decoder.string(key, value)
    case "hangup_cause": hangupCause = decoder.string(key, value)
    case "hangup_code": hangupCode = decoder.string(key, value)
    case "interaction_id": interactionID = decoder.string(key, value)
    case "local_sdp": localSDP = decoder.string(key, value)
    case "media_server": mediaServer = decoder.string(key, value)
    case "node": node = decoder.string(key, value)
    case "other_leg_call_id": otherLegCallID = decoder.string(key, value)
    case "other_leg_caller_id_name": otherLegCallerIDName = decoder.string(key, value)
    case "other_leg_caller_id_number": otherLegCallerIDNumber = decoder.string(key, value)
    case "other_leg_destination_number": otherLegDestinationNumber = decoder.string(key, value)
    case "other_leg_direction": otherLegDirection = decoder.string(key, value)
    case "presence_id": presenceID = decoder.string(key, value)
    case "remote_sdp": remoteSDP = decoder.string(key, value)
    case "request": request = decoder.string(key, value)
    case "ringing_seconds": ringingSeconds = decoder.integer(key, value)
    case "timestamp": timestamp = decoder.integer(key, value)
    case "to": to = decoder.string(key, value)
    case "to_tag": toTag = decoder.string(key, value)
    case "to_uri": toURI = decoder.string(key, value)
    case "user_agent": userAgent = decoder.string(key, value)
    case "channel_call_state": channelCallState = decoder.string(key, value)
    case "channel_name": channelName = decoder.string(key, value)
    case "channel_state": channelState = decoder.string(key, value)
    case "event_category": eventCategory = decoder.string(key, value)
    case "event_name": eventName = decoder.string(key, value)
    case "interaction_key": interactionKey = decoder.string(key, value)
    case "interaction_time": interactionTime = decoder.integer(key, value)
    case "msg_id": messageID = decoder.string(key, value)
    case "switch_hostname": switchHostname = decoder.string(key, value)
    case "switch_nodename": switchNodename = decoder.string(key, value)
    case "switch_uri": switchURI = decoder.string(key, value)
    case "switch_url": switchURL = decoder.string(key, value)
    case "_id": documentID = decoder.string(key, value)
    case "_rev": revision = decoder.string(key, value)
    case "recording_url": recordingURL = decoder.string(key, value)
    case "call_priority": callPriority = decoder.string(key, value)
    case "e164_destination": e164Destination = decoder.string(key, value)
    case "e164_origination": e164Origination = decoder.string(key, value)
    case "did_classifier": didClassifier = decoder.string(key, value)
    case "origination_call_id": originationCallID = decoder.string(key, value)
    case "is_conference": isConference = decoder.boolean(key, value)
    case "channel_is_loopback": channelIsLoopback = decoder.boolean(key, value)
    case "channel_loopback_leg": channelLoopbackLeg = decoder.loopbackLeg(key, value)
    case "channel_loopback_other_leg_id": channelLoopbackOtherLegID = decoder.string(key, value)
    case "channel_loopback_bowout": channelLoopbackBowout = decoder.boolean(key, value)
    case "channel_loopback_bowout_execute":
      channelLoopbackBowoutExecute = decoder.boolean(key, value)
    case "pvt_type": privateType = decoder.string(key, value)
    case "pvt_vsn": privateVersion = decoder.integer(key, value)
    case "pvt_account_id": privateAccountID = decoder.string(key, value)
    case "pvt_account_db": privateAccountDB = decoder.string(key, value)
    case "pvt_created": privateCreated = decoder.integer(key, value)
    case "pvt_modified": privateModified = decoder.integer(key, value)
    case "pvt_node": privateNode = decoder.string(key, value)
    case "pvt_document_hash": privateDocumentHash = decoder.string(key, value)
    case "custom_channel_vars": customChannelVars = decoder.channelVars(key, value)
    case "custom_application_vars": customApplicationVars = decoder.object(key, value)
    case "custom_sip_headers": customSIPHeaders = decoder.sipHeaders(key, value)
    case "media_recordings": mediaRecordings = decoder.stringList(key, value)
    case "call_id": break
    default: otherFields[key] = value
    }
  }

  /// Writes every typed property into `object` (drifted values in their original form).
  func encodeTypedFields(into object: inout [String: JSONValue], encoder: _FieldEncoder) {
    object["call_id"] = .string(callID)
    encoder.put("app_name", appName.map(_FieldEncoder.string), into: &object)
    encoder.put("app_version", appVersion.map(_FieldEncoder.string), into: &object)
    encoder.put("billing_seconds", billingSeconds.map(_FieldEncoder.integer), into: &object)
    encoder.put("call_direction", callDirection.map(_FieldEncoder.direction), into: &object)
    encoder.put("callee_id_name", calleeIDName.map(_FieldEncoder.string), into: &object)
    encoder.put("callee_id_number", calleeIDNumber.map(_FieldEncoder.string), into: &object)
    encoder.put("caller_id_name", callerIDName.map(_FieldEncoder.string), into: &object)
    encoder.put("caller_id_number", callerIDNumber.map(_FieldEncoder.string), into: &object)
    encoder.put(
      "channel_created_time", channelCreatedTime.map(_FieldEncoder.integer), into: &object)
    encoder.put("digits_dialed", digitsDialed.map(_FieldEncoder.string), into: &object)
    encoder.put("disposition", disposition.map(_FieldEncoder.string), into: &object)
    encoder.put("duration_seconds", durationSeconds.map(_FieldEncoder.integer), into: &object)
    encoder.put("fax_bad_rows", faxBadRows.map(_FieldEncoder.string), into: &object)
    encoder.put("fax_ecm_used", faxECMUsed.map(_FieldEncoder.string), into: &object)
    encoder.put("fax_result_code", faxResultCode.map(_FieldEncoder.string), into: &object)
    encoder.put("fax_result_text", faxResultText.map(_FieldEncoder.string), into: &object)
    encoder.put("fax_success", faxSuccess.map(_FieldEncoder.string), into: &object)
    encoder.put("fax_total_pages", faxTotalPages.map(_FieldEncoder.string), into: &object)
    encoder.put("fax_transfer_rate", faxTransferRate.map(_FieldEncoder.string), into: &object)
    encoder.put(
      "fax_transferred_pages", faxTransferredPages.map(_FieldEncoder.string), into: &object)
    encoder.put("from", from.map(_FieldEncoder.string), into: &object)
    encoder.put("from_tag", fromTag.map(_FieldEncoder.string), into: &object)
    encoder.put("from_uri", fromURI.map(_FieldEncoder.string), into: &object)
    encoder.put("hangup_cause", hangupCause.map(_FieldEncoder.string), into: &object)
    encoder.put("hangup_code", hangupCode.map(_FieldEncoder.string), into: &object)
    encoder.put("interaction_id", interactionID.map(_FieldEncoder.string), into: &object)
    encoder.put("local_sdp", localSDP.map(_FieldEncoder.string), into: &object)
    encoder.put("media_server", mediaServer.map(_FieldEncoder.string), into: &object)
    encoder.put("node", node.map(_FieldEncoder.string), into: &object)
    encoder.put("other_leg_call_id", otherLegCallID.map(_FieldEncoder.string), into: &object)
    encoder.put(
      "other_leg_caller_id_name", otherLegCallerIDName.map(_FieldEncoder.string), into: &object)
    encoder.put(
      "other_leg_caller_id_number", otherLegCallerIDNumber.map(_FieldEncoder.string), into: &object)
    encoder.put(
      "other_leg_destination_number", otherLegDestinationNumber.map(_FieldEncoder.string),
      into: &object)
    encoder.put("other_leg_direction", otherLegDirection.map(_FieldEncoder.string), into: &object)
    encoder.put("presence_id", presenceID.map(_FieldEncoder.string), into: &object)
    encoder.put("remote_sdp", remoteSDP.map(_FieldEncoder.string), into: &object)
    encoder.put("request", request.map(_FieldEncoder.string), into: &object)
    encoder.put("ringing_seconds", ringingSeconds.map(_FieldEncoder.integer), into: &object)
    encoder.put("timestamp", timestamp.map(_FieldEncoder.integer), into: &object)
    encoder.put("to", to.map(_FieldEncoder.string), into: &object)
    encoder.put("to_tag", toTag.map(_FieldEncoder.string), into: &object)
    encoder.put("to_uri", toURI.map(_FieldEncoder.string), into: &object)
    encoder.put("user_agent", userAgent.map(_FieldEncoder.string), into: &object)
    encoder.put("channel_call_state", channelCallState.map(_FieldEncoder.string), into: &object)
    encoder.put("channel_name", channelName.map(_FieldEncoder.string), into: &object)
    encoder.put("channel_state", channelState.map(_FieldEncoder.string), into: &object)
    encoder.put("event_category", eventCategory.map(_FieldEncoder.string), into: &object)
    encoder.put("event_name", eventName.map(_FieldEncoder.string), into: &object)
    encoder.put("interaction_key", interactionKey.map(_FieldEncoder.string), into: &object)
    encoder.put("interaction_time", interactionTime.map(_FieldEncoder.integer), into: &object)
    encoder.put("msg_id", messageID.map(_FieldEncoder.string), into: &object)
    encoder.put("switch_hostname", switchHostname.map(_FieldEncoder.string), into: &object)
    encoder.put("switch_nodename", switchNodename.map(_FieldEncoder.string), into: &object)
    encoder.put("switch_uri", switchURI.map(_FieldEncoder.string), into: &object)
    encoder.put("switch_url", switchURL.map(_FieldEncoder.string), into: &object)
    encoder.put("_id", documentID.map(_FieldEncoder.string), into: &object)
    encoder.put("_rev", revision.map(_FieldEncoder.string), into: &object)
    encoder.put("recording_url", recordingURL.map(_FieldEncoder.string), into: &object)
    encoder.put("call_priority", callPriority.map(_FieldEncoder.string), into: &object)
    encoder.put("e164_destination", e164Destination.map(_FieldEncoder.string), into: &object)
    encoder.put("e164_origination", e164Origination.map(_FieldEncoder.string), into: &object)
    encoder.put("did_classifier", didClassifier.map(_FieldEncoder.string), into: &object)
    encoder.put("origination_call_id", originationCallID.map(_FieldEncoder.string), into: &object)
    encoder.put("is_conference", isConference.map(_FieldEncoder.boolean), into: &object)
    encoder.put("channel_is_loopback", channelIsLoopback.map(_FieldEncoder.boolean), into: &object)
    encoder.put(
      "channel_loopback_leg", channelLoopbackLeg.map(_FieldEncoder.loopbackLeg), into: &object)
    encoder.put(
      "channel_loopback_other_leg_id", channelLoopbackOtherLegID.map(_FieldEncoder.string),
      into: &object)
    encoder.put(
      "channel_loopback_bowout", channelLoopbackBowout.map(_FieldEncoder.boolean), into: &object)
    encoder.put(
      "channel_loopback_bowout_execute", channelLoopbackBowoutExecute.map(_FieldEncoder.boolean),
      into: &object)
    encoder.put("pvt_type", privateType.map(_FieldEncoder.string), into: &object)
    encoder.put("pvt_vsn", privateVersion.map(_FieldEncoder.integer), into: &object)
    encoder.put("pvt_account_id", privateAccountID.map(_FieldEncoder.string), into: &object)
    encoder.put("pvt_account_db", privateAccountDB.map(_FieldEncoder.string), into: &object)
    encoder.put("pvt_created", privateCreated.map(_FieldEncoder.integer), into: &object)
    encoder.put("pvt_modified", privateModified.map(_FieldEncoder.integer), into: &object)
    encoder.put("pvt_node", privateNode.map(_FieldEncoder.string), into: &object)
    encoder.put("pvt_document_hash", privateDocumentHash.map(_FieldEncoder.string), into: &object)
    encoder.put("custom_channel_vars", customChannelVars.map { .object($0.values) }, into: &object)
    encoder.put("custom_application_vars", customApplicationVars.map { .object($0) }, into: &object)
    encoder.put("custom_sip_headers", customSIPHeaders.map { .object($0.rawValue) }, into: &object)
    encoder.put(
      "media_recordings", mediaRecordings.map { .array($0.map(JSONValue.string)) }, into: &object)
  }
}
