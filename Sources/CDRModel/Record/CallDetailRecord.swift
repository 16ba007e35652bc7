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
/// leg.customChannelVars = CustomChannelVars(values: ["account_id": "4b8c"])
/// let json = leg.jsonText   // {"call_direction":"inbound","call_id":"3a1f0c2e",...}
/// ```
///
/// A record is a value: copies are independent. Its fields live in one copy-on-write
/// storage object, so passing a record around (into arrays, interactions, across tasks)
/// copies a reference, not the record's ~80 fields; storage is duplicated only when a
/// shared record is changed.
///
/// Two records are equal when they would write the same JSON document and carry the same
/// drift notes. ``id`` is the ``callID`` (KAZOO's leg identity).
public struct CallDetailRecord: Sendable, Hashable, Identifiable {
  /// The fields. Mutated only through `_mutableStorage`, which copies it first when it is
  /// shared, so no two records ever observe each other's changes.
  final class _Storage: @unchecked Sendable {
    var callID: String
    var appName: String?
    var appVersion: String?
    var billingSeconds: Int?
    var callDirection: CallDirection?
    var calleeIDName: String?
    var calleeIDNumber: String?
    var callerIDName: String?
    var callerIDNumber: String?
    var channelCreatedTime: Int?
    var digitsDialed: String?
    var disposition: String?
    var durationSeconds: Int?
    var faxBadRows: String?
    var faxECMUsed: String?
    var faxResultCode: String?
    var faxResultText: String?
    var faxSuccess: String?
    var faxTotalPages: String?
    var faxTransferRate: String?
    var faxTransferredPages: String?
    var from: String?
    var fromTag: String?
    var fromURI: String?
    var hangupCause: String?
    var hangupCode: String?
    var interactionID: String?
    var localSDP: String?
    var mediaServer: String?
    var node: String?
    var otherLegCallID: String?
    var otherLegCallerIDName: String?
    var otherLegCallerIDNumber: String?
    var otherLegDestinationNumber: String?
    var otherLegDirection: String?
    var presenceID: String?
    var remoteSDP: String?
    var request: String?
    var ringingSeconds: Int?
    var timestamp: Int?
    var to: String?
    var toTag: String?
    var toURI: String?
    var userAgent: String?
    var channelCallState: String?
    var channelName: String?
    var channelState: String?
    var eventCategory: String?
    var eventName: String?
    var interactionKey: String?
    var interactionTime: Int?
    var messageID: String?
    var switchHostname: String?
    var switchNodename: String?
    var switchURI: String?
    var switchURL: String?
    var documentID: String?
    var revision: String?
    var recordingURL: String?
    var callPriority: String?
    var e164Destination: String?
    var e164Origination: String?
    var didClassifier: String?
    var originationCallID: String?
    var isConference: Bool?
    var channelIsLoopback: Bool?
    var channelLoopbackLeg: LoopbackLeg?
    var channelLoopbackOtherLegID: String?
    var channelLoopbackBowout: Bool?
    var channelLoopbackBowoutExecute: Bool?
    var privateType: String?
    var privateVersion: Int?
    var privateAccountID: String?
    var privateAccountDB: String?
    var privateCreated: Int?
    var privateModified: Int?
    var privateNode: String?
    var privateDocumentHash: String?
    var customChannelVars: CustomChannelVars?
    var customApplicationVars: _JSONObjectStorage?
    var customSIPHeaders: CustomSIPHeaders?
    var mediaRecordings: [String]?
    var otherFields: _JSONObjectStorage
    var drifts: [CDRDrift]

    init(callID: String) {
      self.callID = callID
      self.otherFields = _JSONObjectStorage()
      self.drifts = []
    }

    init(copying other: _Storage) {
      self.callID = other.callID
      self.appName = other.appName
      self.appVersion = other.appVersion
      self.billingSeconds = other.billingSeconds
      self.callDirection = other.callDirection
      self.calleeIDName = other.calleeIDName
      self.calleeIDNumber = other.calleeIDNumber
      self.callerIDName = other.callerIDName
      self.callerIDNumber = other.callerIDNumber
      self.channelCreatedTime = other.channelCreatedTime
      self.digitsDialed = other.digitsDialed
      self.disposition = other.disposition
      self.durationSeconds = other.durationSeconds
      self.faxBadRows = other.faxBadRows
      self.faxECMUsed = other.faxECMUsed
      self.faxResultCode = other.faxResultCode
      self.faxResultText = other.faxResultText
      self.faxSuccess = other.faxSuccess
      self.faxTotalPages = other.faxTotalPages
      self.faxTransferRate = other.faxTransferRate
      self.faxTransferredPages = other.faxTransferredPages
      self.from = other.from
      self.fromTag = other.fromTag
      self.fromURI = other.fromURI
      self.hangupCause = other.hangupCause
      self.hangupCode = other.hangupCode
      self.interactionID = other.interactionID
      self.localSDP = other.localSDP
      self.mediaServer = other.mediaServer
      self.node = other.node
      self.otherLegCallID = other.otherLegCallID
      self.otherLegCallerIDName = other.otherLegCallerIDName
      self.otherLegCallerIDNumber = other.otherLegCallerIDNumber
      self.otherLegDestinationNumber = other.otherLegDestinationNumber
      self.otherLegDirection = other.otherLegDirection
      self.presenceID = other.presenceID
      self.remoteSDP = other.remoteSDP
      self.request = other.request
      self.ringingSeconds = other.ringingSeconds
      self.timestamp = other.timestamp
      self.to = other.to
      self.toTag = other.toTag
      self.toURI = other.toURI
      self.userAgent = other.userAgent
      self.channelCallState = other.channelCallState
      self.channelName = other.channelName
      self.channelState = other.channelState
      self.eventCategory = other.eventCategory
      self.eventName = other.eventName
      self.interactionKey = other.interactionKey
      self.interactionTime = other.interactionTime
      self.messageID = other.messageID
      self.switchHostname = other.switchHostname
      self.switchNodename = other.switchNodename
      self.switchURI = other.switchURI
      self.switchURL = other.switchURL
      self.documentID = other.documentID
      self.revision = other.revision
      self.recordingURL = other.recordingURL
      self.callPriority = other.callPriority
      self.e164Destination = other.e164Destination
      self.e164Origination = other.e164Origination
      self.didClassifier = other.didClassifier
      self.originationCallID = other.originationCallID
      self.isConference = other.isConference
      self.channelIsLoopback = other.channelIsLoopback
      self.channelLoopbackLeg = other.channelLoopbackLeg
      self.channelLoopbackOtherLegID = other.channelLoopbackOtherLegID
      self.channelLoopbackBowout = other.channelLoopbackBowout
      self.channelLoopbackBowoutExecute = other.channelLoopbackBowoutExecute
      self.privateType = other.privateType
      self.privateVersion = other.privateVersion
      self.privateAccountID = other.privateAccountID
      self.privateAccountDB = other.privateAccountDB
      self.privateCreated = other.privateCreated
      self.privateModified = other.privateModified
      self.privateNode = other.privateNode
      self.privateDocumentHash = other.privateDocumentHash
      self.customChannelVars = other.customChannelVars
      self.customApplicationVars = other.customApplicationVars
      self.customSIPHeaders = other.customSIPHeaders
      self.mediaRecordings = other.mediaRecordings
      self.otherFields = other.otherFields
      self.drifts = other.drifts
    }

    func isEqual(to other: _Storage) -> Bool {
      if self === other { return true }
      return callID == other.callID
        && appName == other.appName
        && appVersion == other.appVersion
        && billingSeconds == other.billingSeconds
        && callDirection == other.callDirection
        && calleeIDName == other.calleeIDName
        && calleeIDNumber == other.calleeIDNumber
        && callerIDName == other.callerIDName
        && callerIDNumber == other.callerIDNumber
        && channelCreatedTime == other.channelCreatedTime
        && digitsDialed == other.digitsDialed
        && disposition == other.disposition
        && durationSeconds == other.durationSeconds
        && faxBadRows == other.faxBadRows
        && faxECMUsed == other.faxECMUsed
        && faxResultCode == other.faxResultCode
        && faxResultText == other.faxResultText
        && faxSuccess == other.faxSuccess
        && faxTotalPages == other.faxTotalPages
        && faxTransferRate == other.faxTransferRate
        && faxTransferredPages == other.faxTransferredPages
        && from == other.from
        && fromTag == other.fromTag
        && fromURI == other.fromURI
        && hangupCause == other.hangupCause
        && hangupCode == other.hangupCode
        && interactionID == other.interactionID
        && localSDP == other.localSDP
        && mediaServer == other.mediaServer
        && node == other.node
        && otherLegCallID == other.otherLegCallID
        && otherLegCallerIDName == other.otherLegCallerIDName
        && otherLegCallerIDNumber == other.otherLegCallerIDNumber
        && otherLegDestinationNumber == other.otherLegDestinationNumber
        && otherLegDirection == other.otherLegDirection
        && presenceID == other.presenceID
        && remoteSDP == other.remoteSDP
        && request == other.request
        && ringingSeconds == other.ringingSeconds
        && timestamp == other.timestamp
        && to == other.to
        && toTag == other.toTag
        && toURI == other.toURI
        && userAgent == other.userAgent
        && channelCallState == other.channelCallState
        && channelName == other.channelName
        && channelState == other.channelState
        && eventCategory == other.eventCategory
        && eventName == other.eventName
        && interactionKey == other.interactionKey
        && interactionTime == other.interactionTime
        && messageID == other.messageID
        && switchHostname == other.switchHostname
        && switchNodename == other.switchNodename
        && switchURI == other.switchURI
        && switchURL == other.switchURL
        && documentID == other.documentID
        && revision == other.revision
        && recordingURL == other.recordingURL
        && callPriority == other.callPriority
        && e164Destination == other.e164Destination
        && e164Origination == other.e164Origination
        && didClassifier == other.didClassifier
        && originationCallID == other.originationCallID
        && isConference == other.isConference
        && channelIsLoopback == other.channelIsLoopback
        && channelLoopbackLeg == other.channelLoopbackLeg
        && channelLoopbackOtherLegID == other.channelLoopbackOtherLegID
        && channelLoopbackBowout == other.channelLoopbackBowout
        && channelLoopbackBowoutExecute == other.channelLoopbackBowoutExecute
        && privateType == other.privateType
        && privateVersion == other.privateVersion
        && privateAccountID == other.privateAccountID
        && privateAccountDB == other.privateAccountDB
        && privateCreated == other.privateCreated
        && privateModified == other.privateModified
        && privateNode == other.privateNode
        && privateDocumentHash == other.privateDocumentHash
        && customChannelVars == other.customChannelVars
        && customApplicationVars == other.customApplicationVars
        && customSIPHeaders == other.customSIPHeaders
        && mediaRecordings == other.mediaRecordings
        && otherFields == other.otherFields
        && drifts == other.drifts
    }

    func hash(into hasher: inout Hasher) {
      hasher.combine(callID)
      hasher.combine(appName)
      hasher.combine(appVersion)
      hasher.combine(billingSeconds)
      hasher.combine(callDirection)
      hasher.combine(calleeIDName)
      hasher.combine(calleeIDNumber)
      hasher.combine(callerIDName)
      hasher.combine(callerIDNumber)
      hasher.combine(channelCreatedTime)
      hasher.combine(digitsDialed)
      hasher.combine(disposition)
      hasher.combine(durationSeconds)
      hasher.combine(faxBadRows)
      hasher.combine(faxECMUsed)
      hasher.combine(faxResultCode)
      hasher.combine(faxResultText)
      hasher.combine(faxSuccess)
      hasher.combine(faxTotalPages)
      hasher.combine(faxTransferRate)
      hasher.combine(faxTransferredPages)
      hasher.combine(from)
      hasher.combine(fromTag)
      hasher.combine(fromURI)
      hasher.combine(hangupCause)
      hasher.combine(hangupCode)
      hasher.combine(interactionID)
      hasher.combine(localSDP)
      hasher.combine(mediaServer)
      hasher.combine(node)
      hasher.combine(otherLegCallID)
      hasher.combine(otherLegCallerIDName)
      hasher.combine(otherLegCallerIDNumber)
      hasher.combine(otherLegDestinationNumber)
      hasher.combine(otherLegDirection)
      hasher.combine(presenceID)
      hasher.combine(remoteSDP)
      hasher.combine(request)
      hasher.combine(ringingSeconds)
      hasher.combine(timestamp)
      hasher.combine(to)
      hasher.combine(toTag)
      hasher.combine(toURI)
      hasher.combine(userAgent)
      hasher.combine(channelCallState)
      hasher.combine(channelName)
      hasher.combine(channelState)
      hasher.combine(eventCategory)
      hasher.combine(eventName)
      hasher.combine(interactionKey)
      hasher.combine(interactionTime)
      hasher.combine(messageID)
      hasher.combine(switchHostname)
      hasher.combine(switchNodename)
      hasher.combine(switchURI)
      hasher.combine(switchURL)
      hasher.combine(documentID)
      hasher.combine(revision)
      hasher.combine(recordingURL)
      hasher.combine(callPriority)
      hasher.combine(e164Destination)
      hasher.combine(e164Origination)
      hasher.combine(didClassifier)
      hasher.combine(originationCallID)
      hasher.combine(isConference)
      hasher.combine(channelIsLoopback)
      hasher.combine(channelLoopbackLeg)
      hasher.combine(channelLoopbackOtherLegID)
      hasher.combine(channelLoopbackBowout)
      hasher.combine(channelLoopbackBowoutExecute)
      hasher.combine(privateType)
      hasher.combine(privateVersion)
      hasher.combine(privateAccountID)
      hasher.combine(privateAccountDB)
      hasher.combine(privateCreated)
      hasher.combine(privateModified)
      hasher.combine(privateNode)
      hasher.combine(privateDocumentHash)
      hasher.combine(customChannelVars)
      hasher.combine(customApplicationVars)
      hasher.combine(customSIPHeaders)
      hasher.combine(mediaRecordings)
      hasher.combine(otherFields)
      hasher.combine(drifts)
    }
  }

  var _storage: _Storage

  /// The storage, copied first when another record shares it.
  var _mutableStorage: _Storage {
    mutating get {
      if !isKnownUniquelyReferenced(&_storage) { _storage = _Storage(copying: _storage) }
      return _storage
    }
  }

  /// The leg's unique call id (`call_id`), the only property KAZOO's schema requires.
  public var callID: String {
    get { _storage.callID }
    set { _mutableStorage.callID = newValue }
  }

  /// The KAZOO application that issued the CDR (`app_name`).
  public var appName: String? {
    get { _storage.appName }
    set { _mutableStorage.appName = newValue }
  }

  /// The internal version of the issuing application (`app_version`).
  public var appVersion: String? {
    get { _storage.appVersion }
    set { _mutableStorage.appVersion = newValue }
  }

  /// Billable seconds, typically counted from answer (`billing_seconds`).
  public var billingSeconds: Int? {
    get { _storage.billingSeconds }
    set { _mutableStorage.billingSeconds = newValue }
  }

  /// The leg's direction relative to the media switch (`call_direction`).
  public var callDirection: CallDirection? {
    get { _storage.callDirection }
    set { _mutableStorage.callDirection = newValue }
  }

  /// The callee ID name (`callee_id_name`).
  public var calleeIDName: String? {
    get { _storage.calleeIDName }
    set { _mutableStorage.calleeIDName = newValue }
  }

  /// The callee ID number (`callee_id_number`).
  public var calleeIDNumber: String? {
    get { _storage.calleeIDNumber }
    set { _mutableStorage.calleeIDNumber = newValue }
  }

  /// The caller ID name (`caller_id_name`).
  public var callerIDName: String? {
    get { _storage.callerIDName }
    set { _mutableStorage.callerIDName = newValue }
  }

  /// The caller ID number (`caller_id_number`).
  public var callerIDNumber: String? {
    get { _storage.callerIDNumber }
    set { _mutableStorage.callerIDNumber = newValue }
  }

  /// When the media server created the channel, in Unix **microseconds** (`channel_created_time`).
  public var channelCreatedTime: Int? {
    get { _storage.channelCreatedTime }
    set { _mutableStorage.channelCreatedTime = newValue }
  }

  /// DTMF digits detected on the leg (`digits_dialed`).
  public var digitsDialed: String? {
    get { _storage.digitsDialed }
    set { _mutableStorage.digitsDialed = newValue }
  }

  /// Who sent the SIP BYE (`disposition`).
  public var disposition: String? {
    get { _storage.disposition }
    set { _mutableStorage.disposition = newValue }
  }

  /// The whole channel life in seconds (`duration_seconds`).
  public var durationSeconds: Int? {
    get { _storage.durationSeconds }
    set { _mutableStorage.durationSeconds = newValue }
  }

  /// Fax: bad rows received, as text (`fax_bad_rows`).
  public var faxBadRows: String? {
    get { _storage.faxBadRows }
    set { _mutableStorage.faxBadRows = newValue }
  }

  /// Fax: whether error correction mode was used, as text (`fax_ecm_used`).
  public var faxECMUsed: String? {
    get { _storage.faxECMUsed }
    set { _mutableStorage.faxECMUsed = newValue }
  }

  /// Fax: the result code, as text (`fax_result_code`).
  public var faxResultCode: String? {
    get { _storage.faxResultCode }
    set { _mutableStorage.faxResultCode = newValue }
  }

  /// Fax: the result text (`fax_result_text`).
  public var faxResultText: String? {
    get { _storage.faxResultText }
    set { _mutableStorage.faxResultText = newValue }
  }

  /// Fax: whether the fax succeeded, as text (`fax_success`).
  public var faxSuccess: String? {
    get { _storage.faxSuccess }
    set { _mutableStorage.faxSuccess = newValue }
  }

  /// Fax: total pages, as text (`fax_total_pages`).
  public var faxTotalPages: String? {
    get { _storage.faxTotalPages }
    set { _mutableStorage.faxTotalPages = newValue }
  }

  /// Fax: the transfer rate, as text (`fax_transfer_rate`).
  public var faxTransferRate: String? {
    get { _storage.faxTransferRate }
    set { _mutableStorage.faxTransferRate = newValue }
  }

  /// Fax: pages transferred, as text (`fax_transferred_pages`).
  public var faxTransferredPages: String? {
    get { _storage.faxTransferredPages }
    set { _mutableStorage.faxTransferredPages = newValue }
  }

  /// The From user as KAZOO builds it, `user@host` (`from`).
  public var from: String? {
    get { _storage.from }
    set { _mutableStorage.from = newValue }
  }

  /// The SIP From tag (`from_tag`).
  public var fromTag: String? {
    get { _storage.fromTag }
    set { _mutableStorage.fromTag = newValue }
  }

  /// The From SIP URI without the `sip:` prefix (`from_uri`).
  public var fromURI: String? {
    get { _storage.fromURI }
    set { _mutableStorage.fromURI = newValue }
  }

  /// The hangup cause, e.g. `NORMAL_CLEARING` (`hangup_cause`).
  public var hangupCause: String? {
    get { _storage.hangupCause }
    set { _mutableStorage.hangupCause = newValue }
  }

  /// The SIP hangup code, e.g. `sip:200` (`hangup_code`).
  public var hangupCode: String? {
    get { _storage.hangupCode }
    set { _mutableStorage.hangupCode = newValue }
  }

  /// The id correlating the legs of one call, `<gregorian seconds>-<key>` (`interaction_id`).
  public var interactionID: String? {
    get { _storage.interactionID }
    set { _mutableStorage.interactionID = newValue }
  }

  /// The local SDP (`local_sdp`).
  public var localSDP: String? {
    get { _storage.localSDP }
    set { _mutableStorage.localSDP = newValue }
  }

  /// The media server's host name (`media_server`).
  public var mediaServer: String? {
    get { _storage.mediaServer }
    set { _mutableStorage.mediaServer = newValue }
  }

  /// The ecallmgr node that issued the CDR (`node`).
  public var node: String? {
    get { _storage.node }
    set { _mutableStorage.node = newValue }
  }

  /// The call id of the bridged leg (`other_leg_call_id`).
  public var otherLegCallID: String? {
    get { _storage.otherLegCallID }
    set { _mutableStorage.otherLegCallID = newValue }
  }

  /// The bridged leg's caller ID name (`other_leg_caller_id_name`).
  public var otherLegCallerIDName: String? {
    get { _storage.otherLegCallerIDName }
    set { _mutableStorage.otherLegCallerIDName = newValue }
  }

  /// The bridged leg's caller ID number (`other_leg_caller_id_number`).
  public var otherLegCallerIDNumber: String? {
    get { _storage.otherLegCallerIDNumber }
    set { _mutableStorage.otherLegCallerIDNumber = newValue }
  }

  /// The bridged leg's destination number (`other_leg_destination_number`).
  public var otherLegDestinationNumber: String? {
    get { _storage.otherLegDestinationNumber }
    set { _mutableStorage.otherLegDestinationNumber = newValue }
  }

  /// The bridged leg's direction, as text (`other_leg_direction`).
  public var otherLegDirection: String? {
    get { _storage.otherLegDirection }
    set { _mutableStorage.otherLegDirection = newValue }
  }

  /// The presence id (`presence_id`).
  public var presenceID: String? {
    get { _storage.presenceID }
    set { _mutableStorage.presenceID = newValue }
  }

  /// The remote SDP (`remote_sdp`).
  public var remoteSDP: String? {
    get { _storage.remoteSDP }
    set { _mutableStorage.remoteSDP = newValue }
  }

  /// The processed request URI, `user@host` (`request`).
  public var request: String? {
    get { _storage.request }
    set { _mutableStorage.request = newValue }
  }

  /// Seconds before answer (`ringing_seconds`).
  public var ringingSeconds: Int? {
    get { _storage.ringingSeconds }
    set { _mutableStorage.ringingSeconds = newValue }
  }

  /// When the CDR was generated (the hangup), in **gregorian seconds** (`timestamp`).
  public var timestamp: Int? {
    get { _storage.timestamp }
    set { _mutableStorage.timestamp = newValue }
  }

  /// The To user as KAZOO builds it, `user@host` (`to`).
  public var to: String? {
    get { _storage.to }
    set { _mutableStorage.to = newValue }
  }

  /// The SIP To tag (`to_tag`).
  public var toTag: String? {
    get { _storage.toTag }
    set { _mutableStorage.toTag = newValue }
  }

  /// The To SIP URI without the `sip:` prefix (`to_uri`).
  public var toURI: String? {
    get { _storage.toURI }
    set { _mutableStorage.toURI = newValue }
  }

  /// The endpoint's user agent (`user_agent`).
  public var userAgent: String? {
    get { _storage.userAgent }
    set { _mutableStorage.userAgent = newValue }
  }

  /// The channel's call state at hangup (`channel_call_state`, KAZOO 4.3 schema).
  public var channelCallState: String? {
    get { _storage.channelCallState }
    set { _mutableStorage.channelCallState = newValue }
  }

  /// The FreeSWITCH channel name (`channel_name`, KAZOO 4.3 schema).
  public var channelName: String? {
    get { _storage.channelName }
    set { _mutableStorage.channelName = newValue }
  }

  /// The channel state at hangup (`channel_state`, KAZOO 4.3 schema).
  public var channelState: String? {
    get { _storage.channelState }
    set { _mutableStorage.channelState = newValue }
  }

  /// The event category, e.g. `call_event` (`event_category`, KAZOO 4.3 schema).
  public var eventCategory: String? {
    get { _storage.eventCategory }
    set { _mutableStorage.eventCategory = newValue }
  }

  /// The event name, e.g. `CHANNEL_DESTROY` (`event_name`, KAZOO 4.3 schema).
  public var eventName: String? {
    get { _storage.eventName }
    set { _mutableStorage.eventName = newValue }
  }

  /// The unique part of the interaction id, after its time prefix (`interaction_key`).
  public var interactionKey: String? {
    get { _storage.interactionKey }
    set { _mutableStorage.interactionKey = newValue }
  }

  /// When the interaction began, in gregorian seconds (`interaction_time`).
  public var interactionTime: Int? {
    get { _storage.interactionTime }
    set { _mutableStorage.interactionTime = newValue }
  }

  /// The event's message id (`msg_id`, KAZOO 4.3 schema).
  public var messageID: String? {
    get { _storage.messageID }
    set { _mutableStorage.messageID = newValue }
  }

  /// The FreeSWITCH host name (`switch_hostname`, KAZOO 4.3 schema).
  public var switchHostname: String? {
    get { _storage.switchHostname }
    set { _mutableStorage.switchHostname = newValue }
  }

  /// The FreeSWITCH node name (`switch_nodename`, KAZOO 4.3 schema).
  public var switchNodename: String? {
    get { _storage.switchNodename }
    set { _mutableStorage.switchNodename = newValue }
  }

  /// The switch's SIP URI (`switch_uri`, KAZOO 4.3 schema).
  public var switchURI: String? {
    get { _storage.switchURI }
    set { _mutableStorage.switchURI = newValue }
  }

  /// The switch's control URL (`switch_url`, KAZOO 4.3 schema).
  public var switchURL: String? {
    get { _storage.switchURL }
    set { _mutableStorage.switchURL = newValue }
  }

  /// The stored document id, `YYYYMM-<call_id>` (`_id`). Private: not part of KAZOO's public view.
  public var documentID: String? {
    get { _storage.documentID }
    set { _mutableStorage.documentID = newValue }
  }

  /// The CouchDB revision (`_rev`). Private.
  public var revision: String? {
    get { _storage.revision }
    set { _mutableStorage.revision = newValue }
  }

  /// Where the call recording was sent (`recording_url`).
  public var recordingURL: String? {
    get { _storage.recordingURL }
    set { _mutableStorage.recordingURL = newValue }
  }

  /// The call priority moved up from the channel vars (`call_priority`).
  public var callPriority: String? {
    get { _storage.callPriority }
    set { _mutableStorage.callPriority = newValue }
  }

  /// The E.164 destination moved up from the channel vars (`e164_destination`).
  public var e164Destination: String? {
    get { _storage.e164Destination }
    set { _mutableStorage.e164Destination = newValue }
  }

  /// The E.164 origination moved up from the channel vars (`e164_origination`).
  public var e164Origination: String? {
    get { _storage.e164Origination }
    set { _mutableStorage.e164Origination = newValue }
  }

  /// The DID classifier moved up from the channel vars (`did_classifier`).
  public var didClassifier: String? {
    get { _storage.didClassifier }
    set { _mutableStorage.didClassifier = newValue }
  }

  /// The call id of the originating channel (`origination_call_id`).
  public var originationCallID: String? {
    get { _storage.originationCallID }
    set { _mutableStorage.originationCallID = newValue }
  }

  /// `true` when the leg was a conference leg (`is_conference`).
  public var isConference: Bool? {
    get { _storage.isConference }
    set { _mutableStorage.isConference = newValue }
  }

  /// Whether the channel was a loopback channel (`channel_is_loopback`).
  public var channelIsLoopback: Bool? {
    get { _storage.channelIsLoopback }
    set { _mutableStorage.channelIsLoopback = newValue }
  }

  /// Which side of a loopback pair this leg was (`channel_loopback_leg`).
  public var channelLoopbackLeg: LoopbackLeg? {
    get { _storage.channelLoopbackLeg }
    set { _mutableStorage.channelLoopbackLeg = newValue }
  }

  /// The call id of the other side of the loopback pair (`channel_loopback_other_leg_id`).
  public var channelLoopbackOtherLegID: String? {
    get { _storage.channelLoopbackOtherLegID }
    set { _mutableStorage.channelLoopbackOtherLegID = newValue }
  }

  /// Whether the loopback bowed out (`channel_loopback_bowout`).
  public var channelLoopbackBowout: Bool? {
    get { _storage.channelLoopbackBowout }
    set { _mutableStorage.channelLoopbackBowout = newValue }
  }

  /// Whether the loopback bowout executed (`channel_loopback_bowout_execute`).
  public var channelLoopbackBowoutExecute: Bool? {
    get { _storage.channelLoopbackBowoutExecute }
    set { _mutableStorage.channelLoopbackBowoutExecute = newValue }
  }

  /// The document type, `cdr` for CDRs (`pvt_type`). Private.
  public var privateType: String? {
    get { _storage.privateType }
    set { _mutableStorage.privateType = newValue }
  }

  /// The document version: 2 from `CHANNEL_DESTROY`, 3 from `KZ_CDR` (`pvt_vsn`). Private.
  public var privateVersion: Int? {
    get { _storage.privateVersion }
    set { _mutableStorage.privateVersion = newValue }
  }

  /// The owning account id (`pvt_account_id`). Private.
  public var privateAccountID: String? {
    get { _storage.privateAccountID }
    set { _mutableStorage.privateAccountID = newValue }
  }

  /// The encoded month database name (`pvt_account_db`). Private.
  public var privateAccountDB: String? {
    get { _storage.privateAccountDB }
    set { _mutableStorage.privateAccountDB = newValue }
  }

  /// When the document was saved, in gregorian seconds (`pvt_created`). Private; `/cdrs` ranges select on it.
  public var privateCreated: Int? {
    get { _storage.privateCreated }
    set { _mutableStorage.privateCreated = newValue }
  }

  /// When the document was last modified, in gregorian seconds (`pvt_modified`). Private.
  public var privateModified: Int? {
    get { _storage.privateModified }
    set { _mutableStorage.privateModified = newValue }
  }

  /// The Erlang node that saved the document (`pvt_node`). Private.
  public var privateNode: String? {
    get { _storage.privateNode }
    set { _mutableStorage.privateNode = newValue }
  }

  /// The md5 of the public fields (`pvt_document_hash`). Private.
  public var privateDocumentHash: String? {
    get { _storage.privateDocumentHash }
    set { _mutableStorage.privateDocumentHash = newValue }
  }

  /// KAZOO channel variables (`custom_channel_vars`); `nil` when the document has none.
  public var customChannelVars: CustomChannelVars? {
    get { _storage.customChannelVars }
    set { _mutableStorage.customChannelVars = newValue }
  }

  /// Custom application variables (`custom_application_vars`), any JSON object.
  /// Read from bytes, the object stays as its bytes until first read (then kept).
  public var customApplicationVars: [String: JSONValue]? {
    get { _storage.customApplicationVars?.values }
    set { _mutableStorage.customApplicationVars = newValue.map(_JSONObjectStorage.init(values:)) }
    _modify {
      // Moved out of the storage first, so the dictionary is changed in place.
      let storage = _mutableStorage
      var members = storage.customApplicationVars?.values
      storage.customApplicationVars = nil
      defer { storage.customApplicationVars = members.map(_JSONObjectStorage.init(values:)) }
      yield &members
    }
  }

  /// Custom SIP headers (`custom_sip_headers`): a flat map or an `in`/`out` object.
  public var customSIPHeaders: CustomSIPHeaders? {
    get { _storage.customSIPHeaders }
    set { _mutableStorage.customSIPHeaders = newValue }
  }

  /// Recording ids listed at the top level (`media_recordings`).
  public var mediaRecordings: [String]? {
    get { _storage.mediaRecordings }
    set { _mutableStorage.mediaRecordings = newValue }
  }

  /// Every key of the document that has no typed property, with its value unchanged.
  ///
  /// Changing one member (`record.otherFields[key] = value`) changes the record's own copy
  /// in place, so filling a record key by key takes linear time, not quadratic.
  ///
  /// Records read from bytes keep these members as the bytes they were read from; the
  /// dictionary is built on first read and kept (reading from several tasks is safe).
  /// To read one member, ``otherField(_:)`` decodes just that one.
  public var otherFields: [String: JSONValue] {
    get { _storage.otherFields.values }
    set { _mutableStorage.otherFields.values = newValue }
    _modify { yield &_mutableStorage.otherFields.values }
  }

  /// The member `key` of ``otherFields`` (a key with no typed property), or `nil`.
  ///
  /// For a record read from bytes, only this member is decoded: the ``otherFields``
  /// dictionary is not built, and the other members cost nothing.
  ///
  /// ```swift
  /// record.otherField("transfer_history")?.objectValue?.count
  /// ```
  public func otherField(_ key: String) -> JSONValue? {
    _storage.otherFields[key]
  }

  /// The type drifts tolerated while decoding (see ``CDRDrift``). Empty for a record
  /// built in code or decoded from a document that matches the schema's types.
  public var drifts: [CDRDrift] {
    get { _storage.drifts }
    set { _mutableStorage.drifts = newValue }
    _modify { yield &_mutableStorage.drifts }
  }

  /// Creates a record with the given call id and no other field.
  public init(callID: String) {
    self._storage = _Storage(callID: callID)
  }

  /// The record's identity for `Identifiable`: its ``callID``.
  public var id: String { callID }

  /// Whether two records hold the same fields and drift notes.
  public static func == (lhs: CallDetailRecord, rhs: CallDetailRecord) -> Bool {
    lhs._storage.isEqual(to: rhs._storage)
  }

  /// Hashes every field.
  public func hash(into hasher: inout Hasher) {
    _storage.hash(into: &hasher)
  }
}
