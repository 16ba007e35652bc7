// Keep CallDetailRecord+Fields.swift in step with the typed properties declared here.

/// One call leg's Call Detail Record in KAZOO's schema.
///
/// Every property of KAZOO's `cdrs` schema (master and 4.3) and the stored-document
/// fields a real CDR carries are typed properties; every other key is kept in
/// ``otherFields`` and written back, so reading and re-writing a document is lossless.
/// Values that drift from the schema's types (a number written as a string, `"true"`
/// for a Boolean, an unknown direction) are accepted and listed in ``drifts``.
///
/// ```swift
/// var leg = CallDetailRecord(callID: "3a1f0c2e")
/// leg.callDirection = .inbound
/// leg.durationSeconds = 125
/// leg.customChannelVars.accountID = "4b8c..."
/// let json = leg.jsonText   // {"call_direction":"inbound","call_id":"3a1f0c2e",...}
/// ```
///
/// Two records are equal when they would write the same JSON document and carry the same
/// drift notes. ``id`` is the ``callID`` (KAZOO's leg identity).
public struct CallDetailRecord: Sendable, Hashable, Identifiable {
  /// The leg's unique call id (`call_id`), the only property KAZOO's schema requires.
  public var callID: String

  /// The KAZOO application that issued the CDR (`app_name`).
  public var appName: String?

  /// The internal version of the issuing application (`app_version`).
  public var appVersion: String?

  /// Billable seconds, typically counted from answer (`billing_seconds`).
  public var billingSeconds: Int?

  /// The leg's direction relative to the media switch (`call_direction`).
  public var callDirection: CallDirection?

  /// The callee ID name (`callee_id_name`).
  public var calleeIDName: String?

  /// The callee ID number (`callee_id_number`).
  public var calleeIDNumber: String?

  /// The caller ID name (`caller_id_name`).
  public var callerIDName: String?

  /// The caller ID number (`caller_id_number`).
  public var callerIDNumber: String?

  /// When the media server created the channel, in Unix **microseconds** (`channel_created_time`).
  public var channelCreatedTime: Int?

  /// DTMF digits detected on the leg (`digits_dialed`).
  public var digitsDialed: String?

  /// Who sent the SIP BYE (`disposition`).
  public var disposition: String?

  /// The whole channel life in seconds (`duration_seconds`).
  public var durationSeconds: Int?

  /// Fax: bad rows received, as text (`fax_bad_rows`).
  public var faxBadRows: String?

  /// Fax: whether error correction mode was used, as text (`fax_ecm_used`).
  public var faxECMUsed: String?

  /// Fax: the result code, as text (`fax_result_code`).
  public var faxResultCode: String?

  /// Fax: the result text (`fax_result_text`).
  public var faxResultText: String?

  /// Fax: whether the fax succeeded, as text (`fax_success`).
  public var faxSuccess: String?

  /// Fax: total pages, as text (`fax_total_pages`).
  public var faxTotalPages: String?

  /// Fax: the transfer rate, as text (`fax_transfer_rate`).
  public var faxTransferRate: String?

  /// Fax: pages transferred, as text (`fax_transferred_pages`).
  public var faxTransferredPages: String?

  /// The From user as KAZOO builds it, `user@host` (`from`).
  public var from: String?

  /// The SIP From tag (`from_tag`).
  public var fromTag: String?

  /// The From SIP URI without the `sip:` prefix (`from_uri`).
  public var fromURI: String?

  /// The hangup cause, e.g. `NORMAL_CLEARING` (`hangup_cause`).
  public var hangupCause: String?

  /// The SIP hangup code, e.g. `sip:200` (`hangup_code`).
  public var hangupCode: String?

  /// The id correlating the legs of one call, `<gregorian seconds>-<key>` (`interaction_id`).
  public var interactionID: String?

  /// The local SDP (`local_sdp`).
  public var localSDP: String?

  /// The media server's host name (`media_server`).
  public var mediaServer: String?

  /// The ecallmgr node that issued the CDR (`node`).
  public var node: String?

  /// The call id of the bridged leg (`other_leg_call_id`).
  public var otherLegCallID: String?

  /// The bridged leg's caller ID name (`other_leg_caller_id_name`).
  public var otherLegCallerIDName: String?

  /// The bridged leg's caller ID number (`other_leg_caller_id_number`).
  public var otherLegCallerIDNumber: String?

  /// The bridged leg's destination number (`other_leg_destination_number`).
  public var otherLegDestinationNumber: String?

  /// The bridged leg's direction, as text (`other_leg_direction`).
  public var otherLegDirection: String?

  /// The presence id (`presence_id`).
  public var presenceID: String?

  /// The remote SDP (`remote_sdp`).
  public var remoteSDP: String?

  /// The processed request URI, `user@host` (`request`).
  public var request: String?

  /// Seconds before answer (`ringing_seconds`).
  public var ringingSeconds: Int?

  /// When the CDR was generated (the hangup), in **gregorian seconds** (`timestamp`).
  public var timestamp: Int?

  /// The To user as KAZOO builds it, `user@host` (`to`).
  public var to: String?

  /// The SIP To tag (`to_tag`).
  public var toTag: String?

  /// The To SIP URI without the `sip:` prefix (`to_uri`).
  public var toURI: String?

  /// The endpoint's user agent (`user_agent`).
  public var userAgent: String?

  /// The channel's call state at hangup (`channel_call_state`, KAZOO 4.3 schema).
  public var channelCallState: String?

  /// The FreeSWITCH channel name (`channel_name`, KAZOO 4.3 schema).
  public var channelName: String?

  /// The channel state at hangup (`channel_state`, KAZOO 4.3 schema).
  public var channelState: String?

  /// The event category, e.g. `call_event` (`event_category`, KAZOO 4.3 schema).
  public var eventCategory: String?

  /// The event name, e.g. `CHANNEL_DESTROY` (`event_name`, KAZOO 4.3 schema).
  public var eventName: String?

  /// The unique part of the interaction id, after its time prefix (`interaction_key`).
  public var interactionKey: String?

  /// When the interaction began, in gregorian seconds (`interaction_time`).
  public var interactionTime: Int?

  /// The event's message id (`msg_id`, KAZOO 4.3 schema).
  public var messageID: String?

  /// The FreeSWITCH host name (`switch_hostname`, KAZOO 4.3 schema).
  public var switchHostname: String?

  /// The FreeSWITCH node name (`switch_nodename`, KAZOO 4.3 schema).
  public var switchNodename: String?

  /// The switch's SIP URI (`switch_uri`, KAZOO 4.3 schema).
  public var switchURI: String?

  /// The switch's control URL (`switch_url`, KAZOO 4.3 schema).
  public var switchURL: String?

  /// The stored document id, `YYYYMM-<call_id>` (`_id`). Private: not part of KAZOO's public view.
  public var documentID: String?

  /// The CouchDB revision (`_rev`). Private.
  public var revision: String?

  /// Where the call recording was sent (`recording_url`).
  public var recordingURL: String?

  /// The call priority moved up from the channel vars (`call_priority`).
  public var callPriority: String?

  /// The E.164 destination moved up from the channel vars (`e164_destination`).
  public var e164Destination: String?

  /// The E.164 origination moved up from the channel vars (`e164_origination`).
  public var e164Origination: String?

  /// The DID classifier moved up from the channel vars (`did_classifier`).
  public var didClassifier: String?

  /// The call id of the originating channel (`origination_call_id`).
  public var originationCallID: String?

  /// `true` when the leg was a conference leg (`is_conference`).
  public var isConference: Bool?

  /// Whether the channel was a loopback channel (`channel_is_loopback`).
  public var channelIsLoopback: Bool?

  /// Which side of a loopback pair this leg was (`channel_loopback_leg`).
  public var channelLoopbackLeg: LoopbackLeg?

  /// The call id of the other side of the loopback pair (`channel_loopback_other_leg_id`).
  public var channelLoopbackOtherLegID: String?

  /// Whether the loopback bowed out (`channel_loopback_bowout`).
  public var channelLoopbackBowout: Bool?

  /// Whether the loopback bowout executed (`channel_loopback_bowout_execute`).
  public var channelLoopbackBowoutExecute: Bool?

  /// The document type, `cdr` for CDRs (`pvt_type`). Private.
  public var privateType: String?

  /// The document version: 2 from `CHANNEL_DESTROY`, 3 from `KZ_CDR` (`pvt_vsn`). Private.
  public var privateVersion: Int?

  /// The owning account id (`pvt_account_id`). Private.
  public var privateAccountID: String?

  /// The encoded month database name (`pvt_account_db`). Private.
  public var privateAccountDB: String?

  /// When the document was saved, in gregorian seconds (`pvt_created`). Private; `/cdrs` ranges select on it.
  public var privateCreated: Int?

  /// When the document was last modified, in gregorian seconds (`pvt_modified`). Private.
  public var privateModified: Int?

  /// The Erlang node that saved the document (`pvt_node`). Private.
  public var privateNode: String?

  /// The md5 of the public fields (`pvt_document_hash`). Private.
  public var privateDocumentHash: String?

  /// KAZOO channel variables (`custom_channel_vars`); empty when the document has none.
  public var customChannelVars: CustomChannelVars?

  /// Custom application variables (`custom_application_vars`), any JSON object.
  public var customApplicationVars: [String: JSONValue]?

  /// Custom SIP headers (`custom_sip_headers`): a flat map or an `in`/`out` object.
  public var customSIPHeaders: CustomSIPHeaders?

  /// Recording ids listed at the top level (`media_recordings`).
  public var mediaRecordings: [String]?

  /// Every key of the document that has no typed property, with its value unchanged.
  public var otherFields: [String: JSONValue]

  /// The type drifts tolerated while decoding (see ``CDRDrift``). Empty for a record
  /// built in code or decoded from a document that matches the schema's types.
  public var drifts: [CDRDrift]

  /// Creates a record with the given call id and no other field.
  public init(callID: String) {
    self.callID = callID
    self.otherFields = [:]
    self.drifts = []
  }

  /// The record's identity for `Identifiable`: its ``callID``.
  public var id: String { callID }
}
