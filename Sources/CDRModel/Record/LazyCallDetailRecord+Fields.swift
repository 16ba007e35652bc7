// The typed properties of `LazyCallDetailRecord`, one for each of `CallDetailRecord`'s
// (`_CDRField`, in the same order). Each reads its member with the byte-level decoder's step
// for its type (`_MemberDecoding`) or, for a materialized record, the eager property; each
// setter materializes the record. Keep in step with CallDetailRecord.swift (a test checks
// every field against the eager record).

extension LazyCallDetailRecord {
  /// The KAZOO application that issued the CDR (`app_name`).
  public var appName: String? {
    get { _member(.appName, \.appName, _MemberDecoding.text) }
    set { _update(\.appName, to: newValue) }
  }

  /// The internal version of the issuing application (`app_version`).
  public var appVersion: String? {
    get { _member(.appVersion, \.appVersion, _MemberDecoding.text) }
    set { _update(\.appVersion, to: newValue) }
  }

  /// Billable seconds, typically counted from answer (`billing_seconds`).
  public var billingSeconds: Int? {
    get { _member(.billingSeconds, \.billingSeconds, _MemberDecoding.integer) }
    set { _update(\.billingSeconds, to: newValue) }
  }

  /// The leg's direction relative to the media switch (`call_direction`).
  public var callDirection: CallDirection? {
    get { _member(.callDirection, \.callDirection, _MemberDecoding.direction) }
    set { _update(\.callDirection, to: newValue) }
  }

  /// The callee ID name (`callee_id_name`).
  public var calleeIDName: String? {
    get { _member(.calleeIDName, \.calleeIDName, _MemberDecoding.text) }
    set { _update(\.calleeIDName, to: newValue) }
  }

  /// The callee ID number (`callee_id_number`).
  public var calleeIDNumber: String? {
    get { _member(.calleeIDNumber, \.calleeIDNumber, _MemberDecoding.text) }
    set { _update(\.calleeIDNumber, to: newValue) }
  }

  /// The caller ID name (`caller_id_name`).
  public var callerIDName: String? {
    get { _member(.callerIDName, \.callerIDName, _MemberDecoding.text) }
    set { _update(\.callerIDName, to: newValue) }
  }

  /// The caller ID number (`caller_id_number`).
  public var callerIDNumber: String? {
    get { _member(.callerIDNumber, \.callerIDNumber, _MemberDecoding.text) }
    set { _update(\.callerIDNumber, to: newValue) }
  }

  /// When the media server created the channel, in Unix **microseconds** (`channel_created_time`).
  public var channelCreatedTime: Int? {
    get { _member(.channelCreatedTime, \.channelCreatedTime, _MemberDecoding.integer) }
    set { _update(\.channelCreatedTime, to: newValue) }
  }

  /// DTMF digits detected on the leg (`digits_dialed`).
  public var digitsDialed: String? {
    get { _member(.digitsDialed, \.digitsDialed, _MemberDecoding.text) }
    set { _update(\.digitsDialed, to: newValue) }
  }

  /// Who sent the SIP BYE (`disposition`).
  public var disposition: String? {
    get { _member(.disposition, \.disposition, _MemberDecoding.text) }
    set { _update(\.disposition, to: newValue) }
  }

  /// The whole channel life in seconds (`duration_seconds`).
  public var durationSeconds: Int? {
    get { _member(.durationSeconds, \.durationSeconds, _MemberDecoding.integer) }
    set { _update(\.durationSeconds, to: newValue) }
  }

  /// Fax: bad rows received, as text (`fax_bad_rows`).
  public var faxBadRows: String? {
    get { _member(.faxBadRows, \.faxBadRows, _MemberDecoding.text) }
    set { _update(\.faxBadRows, to: newValue) }
  }

  /// Fax: whether error correction mode was used, as text (`fax_ecm_used`).
  public var faxECMUsed: String? {
    get { _member(.faxECMUsed, \.faxECMUsed, _MemberDecoding.text) }
    set { _update(\.faxECMUsed, to: newValue) }
  }

  /// Fax: the result code, as text (`fax_result_code`).
  public var faxResultCode: String? {
    get { _member(.faxResultCode, \.faxResultCode, _MemberDecoding.text) }
    set { _update(\.faxResultCode, to: newValue) }
  }

  /// Fax: the result text (`fax_result_text`).
  public var faxResultText: String? {
    get { _member(.faxResultText, \.faxResultText, _MemberDecoding.text) }
    set { _update(\.faxResultText, to: newValue) }
  }

  /// Fax: whether the fax succeeded, as text (`fax_success`).
  public var faxSuccess: String? {
    get { _member(.faxSuccess, \.faxSuccess, _MemberDecoding.text) }
    set { _update(\.faxSuccess, to: newValue) }
  }

  /// Fax: total pages, as text (`fax_total_pages`).
  public var faxTotalPages: String? {
    get { _member(.faxTotalPages, \.faxTotalPages, _MemberDecoding.text) }
    set { _update(\.faxTotalPages, to: newValue) }
  }

  /// Fax: the transfer rate, as text (`fax_transfer_rate`).
  public var faxTransferRate: String? {
    get { _member(.faxTransferRate, \.faxTransferRate, _MemberDecoding.text) }
    set { _update(\.faxTransferRate, to: newValue) }
  }

  /// Fax: pages transferred, as text (`fax_transferred_pages`).
  public var faxTransferredPages: String? {
    get { _member(.faxTransferredPages, \.faxTransferredPages, _MemberDecoding.text) }
    set { _update(\.faxTransferredPages, to: newValue) }
  }

  /// The From user as KAZOO builds it, `user@host` (`from`).
  public var from: String? {
    get { _member(.from, \.from, _MemberDecoding.text) }
    set { _update(\.from, to: newValue) }
  }

  /// The SIP From tag (`from_tag`).
  public var fromTag: String? {
    get { _member(.fromTag, \.fromTag, _MemberDecoding.text) }
    set { _update(\.fromTag, to: newValue) }
  }

  /// The From SIP URI without the `sip:` prefix (`from_uri`).
  public var fromURI: String? {
    get { _member(.fromURI, \.fromURI, _MemberDecoding.text) }
    set { _update(\.fromURI, to: newValue) }
  }

  /// The hangup cause, e.g. `NORMAL_CLEARING` (`hangup_cause`).
  public var hangupCause: String? {
    get { _member(.hangupCause, \.hangupCause, _MemberDecoding.text) }
    set { _update(\.hangupCause, to: newValue) }
  }

  /// The SIP hangup code, e.g. `sip:200` (`hangup_code`).
  public var hangupCode: String? {
    get { _member(.hangupCode, \.hangupCode, _MemberDecoding.text) }
    set { _update(\.hangupCode, to: newValue) }
  }

  /// The id correlating the legs of one call, `<gregorian seconds>-<key>` (`interaction_id`).
  public var interactionID: String? {
    get { _member(.interactionID, \.interactionID, _MemberDecoding.text) }
    set { _update(\.interactionID, to: newValue) }
  }

  /// The local SDP (`local_sdp`).
  public var localSDP: String? {
    get { _member(.localSDP, \.localSDP, _MemberDecoding.text) }
    set { _update(\.localSDP, to: newValue) }
  }

  /// The media server's host name (`media_server`).
  public var mediaServer: String? {
    get { _member(.mediaServer, \.mediaServer, _MemberDecoding.text) }
    set { _update(\.mediaServer, to: newValue) }
  }

  /// The ecallmgr node that issued the CDR (`node`).
  public var node: String? {
    get { _member(.node, \.node, _MemberDecoding.text) }
    set { _update(\.node, to: newValue) }
  }

  /// The call id of the bridged leg (`other_leg_call_id`).
  public var otherLegCallID: String? {
    get { _member(.otherLegCallID, \.otherLegCallID, _MemberDecoding.text) }
    set { _update(\.otherLegCallID, to: newValue) }
  }

  /// The bridged leg's caller ID name (`other_leg_caller_id_name`).
  public var otherLegCallerIDName: String? {
    get { _member(.otherLegCallerIDName, \.otherLegCallerIDName, _MemberDecoding.text) }
    set { _update(\.otherLegCallerIDName, to: newValue) }
  }

  /// The bridged leg's caller ID number (`other_leg_caller_id_number`).
  public var otherLegCallerIDNumber: String? {
    get { _member(.otherLegCallerIDNumber, \.otherLegCallerIDNumber, _MemberDecoding.text) }
    set { _update(\.otherLegCallerIDNumber, to: newValue) }
  }

  /// The bridged leg's destination number (`other_leg_destination_number`).
  public var otherLegDestinationNumber: String? {
    get { _member(.otherLegDestinationNumber, \.otherLegDestinationNumber, _MemberDecoding.text) }
    set { _update(\.otherLegDestinationNumber, to: newValue) }
  }

  /// The bridged leg's direction, as text (`other_leg_direction`).
  public var otherLegDirection: String? {
    get { _member(.otherLegDirection, \.otherLegDirection, _MemberDecoding.text) }
    set { _update(\.otherLegDirection, to: newValue) }
  }

  /// The presence id (`presence_id`).
  public var presenceID: String? {
    get { _member(.presenceID, \.presenceID, _MemberDecoding.text) }
    set { _update(\.presenceID, to: newValue) }
  }

  /// The remote SDP (`remote_sdp`).
  public var remoteSDP: String? {
    get { _member(.remoteSDP, \.remoteSDP, _MemberDecoding.text) }
    set { _update(\.remoteSDP, to: newValue) }
  }

  /// The processed request URI, `user@host` (`request`).
  public var request: String? {
    get { _member(.request, \.request, _MemberDecoding.text) }
    set { _update(\.request, to: newValue) }
  }

  /// Seconds before answer (`ringing_seconds`).
  public var ringingSeconds: Int? {
    get { _member(.ringingSeconds, \.ringingSeconds, _MemberDecoding.integer) }
    set { _update(\.ringingSeconds, to: newValue) }
  }

  /// When the CDR was generated (the hangup), in **gregorian seconds** (`timestamp`).
  public var timestamp: Int? {
    get { _member(.timestamp, \.timestamp, _MemberDecoding.integer) }
    set { _update(\.timestamp, to: newValue) }
  }

  /// The To user as KAZOO builds it, `user@host` (`to`).
  public var to: String? {
    get { _member(.to, \.to, _MemberDecoding.text) }
    set { _update(\.to, to: newValue) }
  }

  /// The SIP To tag (`to_tag`).
  public var toTag: String? {
    get { _member(.toTag, \.toTag, _MemberDecoding.text) }
    set { _update(\.toTag, to: newValue) }
  }

  /// The To SIP URI without the `sip:` prefix (`to_uri`).
  public var toURI: String? {
    get { _member(.toURI, \.toURI, _MemberDecoding.text) }
    set { _update(\.toURI, to: newValue) }
  }

  /// The endpoint's user agent (`user_agent`).
  public var userAgent: String? {
    get { _member(.userAgent, \.userAgent, _MemberDecoding.text) }
    set { _update(\.userAgent, to: newValue) }
  }

  /// The channel's call state at hangup (`channel_call_state`, KAZOO 4.3 schema).
  public var channelCallState: String? {
    get { _member(.channelCallState, \.channelCallState, _MemberDecoding.text) }
    set { _update(\.channelCallState, to: newValue) }
  }

  /// The FreeSWITCH channel name (`channel_name`, KAZOO 4.3 schema).
  public var channelName: String? {
    get { _member(.channelName, \.channelName, _MemberDecoding.text) }
    set { _update(\.channelName, to: newValue) }
  }

  /// The channel state at hangup (`channel_state`, KAZOO 4.3 schema).
  public var channelState: String? {
    get { _member(.channelState, \.channelState, _MemberDecoding.text) }
    set { _update(\.channelState, to: newValue) }
  }

  /// The event category, e.g. `call_event` (`event_category`, KAZOO 4.3 schema).
  public var eventCategory: String? {
    get { _member(.eventCategory, \.eventCategory, _MemberDecoding.text) }
    set { _update(\.eventCategory, to: newValue) }
  }

  /// The event name, e.g. `CHANNEL_DESTROY` (`event_name`, KAZOO 4.3 schema).
  public var eventName: String? {
    get { _member(.eventName, \.eventName, _MemberDecoding.text) }
    set { _update(\.eventName, to: newValue) }
  }

  /// The unique part of the interaction id, after its time prefix (`interaction_key`).
  public var interactionKey: String? {
    get { _member(.interactionKey, \.interactionKey, _MemberDecoding.text) }
    set { _update(\.interactionKey, to: newValue) }
  }

  /// When the interaction began, in gregorian seconds (`interaction_time`).
  public var interactionTime: Int? {
    get { _member(.interactionTime, \.interactionTime, _MemberDecoding.integer) }
    set { _update(\.interactionTime, to: newValue) }
  }

  /// The event's message id (`msg_id`, KAZOO 4.3 schema).
  public var messageID: String? {
    get { _member(.messageID, \.messageID, _MemberDecoding.text) }
    set { _update(\.messageID, to: newValue) }
  }

  /// The FreeSWITCH host name (`switch_hostname`, KAZOO 4.3 schema).
  public var switchHostname: String? {
    get { _member(.switchHostname, \.switchHostname, _MemberDecoding.text) }
    set { _update(\.switchHostname, to: newValue) }
  }

  /// The FreeSWITCH node name (`switch_nodename`, KAZOO 4.3 schema).
  public var switchNodename: String? {
    get { _member(.switchNodename, \.switchNodename, _MemberDecoding.text) }
    set { _update(\.switchNodename, to: newValue) }
  }

  /// The switch's SIP URI (`switch_uri`, KAZOO 4.3 schema).
  public var switchURI: String? {
    get { _member(.switchURI, \.switchURI, _MemberDecoding.text) }
    set { _update(\.switchURI, to: newValue) }
  }

  /// The switch's control URL (`switch_url`, KAZOO 4.3 schema).
  public var switchURL: String? {
    get { _member(.switchURL, \.switchURL, _MemberDecoding.text) }
    set { _update(\.switchURL, to: newValue) }
  }

  /// The stored document id, `YYYYMM-<call_id>` (`_id`). Private: not part of KAZOO's public view.
  public var documentID: String? {
    get { _member(.documentID, \.documentID, _MemberDecoding.text) }
    set { _update(\.documentID, to: newValue) }
  }

  /// The CouchDB revision (`_rev`). Private.
  public var revision: String? {
    get { _member(.revision, \.revision, _MemberDecoding.text) }
    set { _update(\.revision, to: newValue) }
  }

  /// Where the call recording was sent (`recording_url`).
  public var recordingURL: String? {
    get { _member(.recordingURL, \.recordingURL, _MemberDecoding.text) }
    set { _update(\.recordingURL, to: newValue) }
  }

  /// The call priority moved up from the channel vars (`call_priority`).
  public var callPriority: String? {
    get { _member(.callPriority, \.callPriority, _MemberDecoding.text) }
    set { _update(\.callPriority, to: newValue) }
  }

  /// The E.164 destination moved up from the channel vars (`e164_destination`).
  public var e164Destination: String? {
    get { _member(.e164Destination, \.e164Destination, _MemberDecoding.text) }
    set { _update(\.e164Destination, to: newValue) }
  }

  /// The E.164 origination moved up from the channel vars (`e164_origination`).
  public var e164Origination: String? {
    get { _member(.e164Origination, \.e164Origination, _MemberDecoding.text) }
    set { _update(\.e164Origination, to: newValue) }
  }

  /// The DID classifier moved up from the channel vars (`did_classifier`).
  public var didClassifier: String? {
    get { _member(.didClassifier, \.didClassifier, _MemberDecoding.text) }
    set { _update(\.didClassifier, to: newValue) }
  }

  /// The call id of the originating channel (`origination_call_id`).
  public var originationCallID: String? {
    get { _member(.originationCallID, \.originationCallID, _MemberDecoding.text) }
    set { _update(\.originationCallID, to: newValue) }
  }

  /// `true` when the leg was a conference leg (`is_conference`).
  public var isConference: Bool? {
    get { _member(.isConference, \.isConference, _MemberDecoding.boolean) }
    set { _update(\.isConference, to: newValue) }
  }

  /// Whether the channel was a loopback channel (`channel_is_loopback`).
  public var channelIsLoopback: Bool? {
    get { _member(.channelIsLoopback, \.channelIsLoopback, _MemberDecoding.boolean) }
    set { _update(\.channelIsLoopback, to: newValue) }
  }

  /// Which side of a loopback pair this leg was (`channel_loopback_leg`).
  public var channelLoopbackLeg: LoopbackLeg? {
    get { _member(.channelLoopbackLeg, \.channelLoopbackLeg, _MemberDecoding.loopbackLeg) }
    set { _update(\.channelLoopbackLeg, to: newValue) }
  }

  /// The call id of the other side of the loopback pair (`channel_loopback_other_leg_id`).
  public var channelLoopbackOtherLegID: String? {
    get { _member(.channelLoopbackOtherLegID, \.channelLoopbackOtherLegID, _MemberDecoding.text) }
    set { _update(\.channelLoopbackOtherLegID, to: newValue) }
  }

  /// Whether the loopback bowed out (`channel_loopback_bowout`).
  public var channelLoopbackBowout: Bool? {
    get { _member(.channelLoopbackBowout, \.channelLoopbackBowout, _MemberDecoding.boolean) }
    set { _update(\.channelLoopbackBowout, to: newValue) }
  }

  /// Whether the loopback bowout executed (`channel_loopback_bowout_execute`).
  public var channelLoopbackBowoutExecute: Bool? {
    get {
      _member(
        .channelLoopbackBowoutExecute, \.channelLoopbackBowoutExecute, _MemberDecoding.boolean)
    }
    set { _update(\.channelLoopbackBowoutExecute, to: newValue) }
  }

  /// The document type, `cdr` for CDRs (`pvt_type`). Private.
  public var privateType: String? {
    get { _member(.privateType, \.privateType, _MemberDecoding.text) }
    set { _update(\.privateType, to: newValue) }
  }

  /// The document version: 2 from `CHANNEL_DESTROY`, 3 from `KZ_CDR` (`pvt_vsn`). Private.
  public var privateVersion: Int? {
    get { _member(.privateVersion, \.privateVersion, _MemberDecoding.integer) }
    set { _update(\.privateVersion, to: newValue) }
  }

  /// The owning account id (`pvt_account_id`). Private.
  public var privateAccountID: String? {
    get { _member(.privateAccountID, \.privateAccountID, _MemberDecoding.text) }
    set { _update(\.privateAccountID, to: newValue) }
  }

  /// The encoded month database name (`pvt_account_db`). Private.
  public var privateAccountDB: String? {
    get { _member(.privateAccountDB, \.privateAccountDB, _MemberDecoding.text) }
    set { _update(\.privateAccountDB, to: newValue) }
  }

  /// When the document was saved, in gregorian seconds (`pvt_created`). Private; `/cdrs` ranges select on it.
  public var privateCreated: Int? {
    get { _member(.privateCreated, \.privateCreated, _MemberDecoding.integer) }
    set { _update(\.privateCreated, to: newValue) }
  }

  /// When the document was last modified, in gregorian seconds (`pvt_modified`). Private.
  public var privateModified: Int? {
    get { _member(.privateModified, \.privateModified, _MemberDecoding.integer) }
    set { _update(\.privateModified, to: newValue) }
  }

  /// The Erlang node that saved the document (`pvt_node`). Private.
  public var privateNode: String? {
    get { _member(.privateNode, \.privateNode, _MemberDecoding.text) }
    set { _update(\.privateNode, to: newValue) }
  }

  /// The md5 of the public fields (`pvt_document_hash`). Private.
  public var privateDocumentHash: String? {
    get { _member(.privateDocumentHash, \.privateDocumentHash, _MemberDecoding.text) }
    set { _update(\.privateDocumentHash, to: newValue) }
  }

  /// KAZOO channel variables (`custom_channel_vars`); `nil` when the document has none.
  public var customChannelVars: CustomChannelVars? {
    get { _member(.customChannelVars, \.customChannelVars, _MemberDecoding.channelVars) }
    set { _update(\.customChannelVars, to: newValue) }
  }

  /// Custom application variables (`custom_application_vars`), any JSON object.
  public var customApplicationVars: [String: JSONValue]? {
    get {
      _member(.customApplicationVars, \.customApplicationVars, _MemberDecoding.applicationVars)
    }
    set { _update(\.customApplicationVars, to: newValue) }
  }

  /// Custom SIP headers (`custom_sip_headers`): a flat map or an `in`/`out` object.
  public var customSIPHeaders: CustomSIPHeaders? {
    get { _member(.customSIPHeaders, \.customSIPHeaders, _MemberDecoding.sipHeaders) }
    set { _update(\.customSIPHeaders, to: newValue) }
  }

  /// Recording ids listed at the top level (`media_recordings`).
  public var mediaRecordings: [String]? {
    get { _member(.mediaRecordings, \.mediaRecordings, _MemberDecoding.texts) }
    set { _update(\.mediaRecordings, to: newValue) }
  }
}
