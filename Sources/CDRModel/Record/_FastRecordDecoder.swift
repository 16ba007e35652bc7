#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

// The byte-level decoding path: JSON bytes straight to a CallDetailRecord.
//
// It walks the top-level object once, finds each key's typed property through a small
// hash table over the key bytes (no String per known key, no dictionary of members),
// creates each string value once and parses integers in place. Free-form members
// (custom_channel_vars, custom_application_vars, custom_sip_headers, unknown keys) are
// validated by the skipping functions, which mirror the general parser step for step (so
// strictness and error offsets are those of `JSONValue(parsing:)`), and kept as raw bytes
// (`_RawJSONObject`) until they are read.
//
// The rare shapes it does not handle (not an object, no string `call_id`, a modeled key
// written twice) make it return `nil` before anything is decided, and the caller takes the
// general path (JSONValue, then `CallDetailRecord(json:)`), which gives the reference result.
// Keep the field list in step with CallDetailRecord+Fields.swift (a test checks it).

/// The modeled top-level keys, one case per typed property, plus `call_id`.
package enum _CDRField: UInt8, CaseIterable {
  case appName
  case appVersion
  case billingSeconds
  case callDirection
  case calleeIDName
  case calleeIDNumber
  case callerIDName
  case callerIDNumber
  case channelCreatedTime
  case digitsDialed
  case disposition
  case durationSeconds
  case faxBadRows
  case faxECMUsed
  case faxResultCode
  case faxResultText
  case faxSuccess
  case faxTotalPages
  case faxTransferRate
  case faxTransferredPages
  case from
  case fromTag
  case fromURI
  case hangupCause
  case hangupCode
  case interactionID
  case localSDP
  case mediaServer
  case node
  case otherLegCallID
  case otherLegCallerIDName
  case otherLegCallerIDNumber
  case otherLegDestinationNumber
  case otherLegDirection
  case presenceID
  case remoteSDP
  case request
  case ringingSeconds
  case timestamp
  case to
  case toTag
  case toURI
  case userAgent
  case channelCallState
  case channelName
  case channelState
  case eventCategory
  case eventName
  case interactionKey
  case interactionTime
  case messageID
  case switchHostname
  case switchNodename
  case switchURI
  case switchURL
  case documentID
  case revision
  case recordingURL
  case callPriority
  case e164Destination
  case e164Origination
  case didClassifier
  case originationCallID
  case isConference
  case channelIsLoopback
  case channelLoopbackLeg
  case channelLoopbackOtherLegID
  case channelLoopbackBowout
  case channelLoopbackBowoutExecute
  case privateType
  case privateVersion
  case privateAccountID
  case privateAccountDB
  case privateCreated
  case privateModified
  case privateNode
  case privateDocumentHash
  case customChannelVars
  case customApplicationVars
  case customSIPHeaders
  case mediaRecordings
  case callID

  /// The JSON key of each case, in declaration order.
  static let names: [String] = [
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
    "custom_channel_vars",
    "custom_application_vars",
    "custom_sip_headers",
    "media_recordings",
    "call_id",
  ]

  /// The JSON key.
  var name: String { _CDRField.names[Int(rawValue)] }
}

/// The modeled keys a record has shown so far, as two bit sets: a repeated key sends the
/// record to the general path ("last one wins" there), on the byte-level decoder and on the
/// leg projection alike.
struct _SeenFields {
  private var low: UInt64 = 0
  private var high: UInt64 = 0

  /// Notes `field`; `false` when it was already seen.
  @inline(__always)
  mutating func insert(_ field: _CDRField) -> Bool {
    let bit = UInt64(1) << UInt64(field.rawValue & 63)
    if field.rawValue < 64 {
      if low & bit != 0 { return false }
      low |= bit
    } else {
      if high & bit != 0 { return false }
      high |= bit
    }
    return true
  }
}

/// An open-addressing hash table from key bytes to ``_CDRField``, built once.
struct _CDRFieldTable: @unchecked Sendable {
  static let shared = _CDRFieldTable()

  private static let slotCount = 512
  /// Slot contents: a field's raw value, or 0xFF when empty.
  private let slots: UnsafeMutablePointer<UInt8>
  /// Every key's bytes, back to back; `offsets[i]..<offsets[i + 1]` is field i's key.
  private let keyBytes: UnsafeMutablePointer<UInt8>
  private let offsets: UnsafeMutablePointer<Int>
  /// Every field, by raw value.
  private let fields: UnsafeMutablePointer<_CDRField>
  /// Each field's key's first and last eight bytes, by raw value.
  private let firstWords: UnsafeMutablePointer<UInt64>
  private let lastWords: UnsafeMutablePointer<UInt64>

  private init() {
    let fields = _CDRField.allCases
    self.fields = .allocate(capacity: fields.count)
    for field in fields { (self.fields + Int(field.rawValue)).initialize(to: field) }
    let total = _CDRField.names.reduce(0) { $0 + $1.utf8.count }
    keyBytes = .allocate(capacity: total)
    offsets = .allocate(capacity: fields.count + 1)
    slots = .allocate(capacity: _CDRFieldTable.slotCount)
    slots.initialize(repeating: 0xFF, count: _CDRFieldTable.slotCount)
    var position = 0
    for field in fields {
      offsets[Int(field.rawValue)] = position
      for byte in field.name.utf8 {
        keyBytes[position] = byte
        position += 1
      }
    }
    offsets[fields.count] = position
    firstWords = .allocate(capacity: fields.count)
    lastWords = .allocate(capacity: fields.count)
    for field in fields {
      let start = offsets[Int(field.rawValue)]
      let count = offsets[Int(field.rawValue) + 1] - start
      let (first, last) = _CDRFieldTable.words(UnsafePointer(keyBytes + start), count)
      (firstWords + Int(field.rawValue)).initialize(to: first)
      (lastWords + Int(field.rawValue)).initialize(to: last)
      var slot = _CDRFieldTable.hash(first, last, count)
      while slots[slot] != 0xFF { slot = (slot + 1) & (_CDRFieldTable.slotCount - 1) }
      slots[slot] = field.rawValue
    }
  }

  /// A key's first and last eight bytes (for keys under eight bytes: all of them, and 0).
  @inline(__always)
  private static func words(_ base: UnsafePointer<UInt8>, _ count: Int) -> (UInt64, UInt64) {
    if count >= 8 {
      let raw = UnsafeRawPointer(base)
      return (
        raw.loadUnaligned(as: UInt64.self),
        raw.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
      )
    }
    var word: UInt64 = 0
    for offset in 0..<count { word = word << 8 | UInt64(base[offset]) }
    return (word, 0)
  }

  /// The slot of a key: its length and its first and last eight bytes, mixed by one
  /// multiplication. Distinct enough for the known keys; an unknown key that lands on a
  /// known key's slot costs one comparison.
  @inline(__always)
  private static func hash(_ first: UInt64, _ last: UInt64, _ count: Int) -> Int {
    let word =
      (first ^ (last << 7 | last >> 57) ^ UInt64(truncatingIfNeeded: count))
      &* 0x9E37_79B9_7F4A_7C15
    return Int(truncatingIfNeeded: word >> 55) & (slotCount - 1)
  }

  /// The field whose key is exactly these bytes, if any. Keys are compared by length and
  /// first and last eight bytes, which covers keys of up to 16 bytes; longer ones compare
  /// their middle too.
  @inline(__always)
  func field(_ base: UnsafePointer<UInt8>, _ count: Int) -> _CDRField? {
    let (first, last) = _CDRFieldTable.words(base, count)
    var slot = _CDRFieldTable.hash(first, last, count)
    while true {
      let raw = Int(slots[slot])
      if raw == 0xFF { return nil }
      if firstWords[raw] == first, lastWords[raw] == last, offsets[raw + 1] - offsets[raw] == count,
        count <= 16 || memcmp(base + 8, keyBytes + offsets[raw] + 8, count - 16) == 0
      {
        return fields[raw]
      }
      slot = (slot + 1) & (_CDRFieldTable.slotCount - 1)
    }
  }

  /// The field named by a decoded key string, if any.
  func field(_ key: String) -> _CDRField? {
    var key = key
    return key.withUTF8 { buffer in
      guard let base = buffer.baseAddress else { return nil }
      return field(base, buffer.count)
    }
  }
}

extension JSONParser {
  /// Parses the whole buffer as one CDR document on the byte-level path.
  ///
  /// - Returns: the record, or `nil` when the document needs the general path (not an
  ///   object, no string `call_id`, a modeled key repeated); nothing is reported then.
  /// - Throws: the ``JSONParseError`` the general parser reports for the same bytes.
  mutating func parseRecordDocument() throws(JSONParseError) -> CallDetailRecord? {
    skipWhitespace()
    guard index < bytes.count, bytes[index] == UInt8(ascii: "{") else { return nil }
    try enter()
    index += 1
    skipWhitespace()
    if index < bytes.count, bytes[index] == UInt8(ascii: "}") { return nil }
    let table = _CDRFieldTable.shared
    let record = CallDetailRecord(callID: "")
    // Written in place: the record is the storage's only owner until it is returned.
    let storage = record._storage
    var decoder = _FieldDecoder()
    var callID: String?
    var seen = _SeenFields()
    // Unknown members are kept as slices of `bytes` (four words each in `memberTable`, see
    // `_RawJSONObject`) and joined into one raw object at the end; documents too large for
    // 31-bit positions build the dictionary as they go.
    let keepsUnknownRaw = bytes.count <= _RawJSONObject.maximumByteCount
    var unknownKeysArePlain = true
    memberTable.removeAll(keepingCapacity: true)
    while true {
      skipWhitespace()
      guard index < bytes.count else { throw JSONParseError(.unexpectedEndOfInput, at: index) }
      if bytes[index] == UInt8(ascii: "}") { throw JSONParseError(.trailingComma, at: index) }
      guard bytes[index] == UInt8(ascii: "\"") else {
        throw JSONParseError(.expectedKey, at: index)
      }
      // The key: plain ASCII keys are looked up in place; others are decoded first.
      let field: _CDRField?
      let keyStart = index + 1
      var decodedKey: String?
      let cursor = plainRunEnd(from: keyStart)
      if cursor < bytes.count, bytes[cursor] == UInt8(ascii: "\""), let base = bytes.baseAddress {
        field = table.field(base + keyStart, cursor - keyStart)
        index = cursor + 1
      } else {
        let key = try parseString()
        field = table.field(key)
        decodedKey = key
      }
      let keyEnd = index - 1
      skipWhitespace()
      guard index < bytes.count else { throw JSONParseError(.unexpectedEndOfInput, at: index) }
      guard bytes[index] == UInt8(ascii: ":") else {
        throw JSONParseError(.unexpectedByte(bytes[index]), at: index)
      }
      index += 1
      skipWhitespace()
      if let field {
        // A repeated modeled key: the general path applies "last one wins" and drops the
        // earlier value's drift notes.
        guard seen.insert(field) else { return nil }
        if field == .callID {
          guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
          callID = try parseString()
        } else {
          try assign(field, to: storage, decoder: &decoder)
        }
      } else if keepsUnknownRaw {
        let valueStart = index
        let valueIsPlainString = try skipMemberValue()
        unknownKeysArePlain = unknownKeysArePlain && decodedKey == nil
        _RawJSONObject.appendEntry(
          to: &memberTable, key: keyStart..<keyEnd, value: valueStart..<index,
          valueIsPlainString: valueIsPlainString)
      } else {
        let key =
          decodedKey
          ?? String(
            decoding: UnsafeBufferPointer(rebasing: bytes[keyStart..<keyEnd]), as: UTF8.self)
        storage.otherFields.values[key] = try parseValue()
      }
      skipWhitespace()
      guard index < bytes.count else { throw JSONParseError(.unexpectedEndOfInput, at: index) }
      let separator = bytes[index]
      if separator == UInt8(ascii: ",") {
        index += 1
      } else if separator == UInt8(ascii: "}") {
        index += 1
        depth -= 1
        break
      } else {
        throw JSONParseError(.unexpectedByte(separator), at: index)
      }
    }
    skipWhitespace()
    if index != bytes.count { throw JSONParseError(.trailingContent, at: index) }
    guard let callID else { return nil }
    storage.callID = callID
    if !memberTable.isEmpty {
      let unknown = memberTable.withUnsafeBufferPointer { members in
        _RawJSONObject.joining(members, of: bytes, keysArePlain: unknownKeysArePlain)
      }
      storage.otherFields = _JSONObjectStorage(raw: unknown)
    }
    if !decoder.drifts.isEmpty {
      storage.drifts = decoder.drifts.sorted {
        $0.path.utf8.lexicographicallyPrecedes($1.path.utf8)
      }
    }
    return record
  }

  /// A string field: a JSON string is taken as is; anything else goes through the
  /// drift-tolerant decoder.
  @inline(__always)
  mutating func stringField(_ field: _CDRField, _ decoder: inout _FieldDecoder)
    throws(JSONParseError)
    -> String?
  {
    if index < bytes.count, bytes[index] == UInt8(ascii: "\"") { return try parseString() }
    return decoder.string(field.name, try parseValue())
  }

  /// An integer field: a plain integer literal of up to 18 digits is parsed in place;
  /// anything else (fractions, exponents, huge values, strings) goes through the
  /// drift-tolerant decoder.
  @inline(__always)
  mutating func integerField(_ field: _CDRField, _ decoder: inout _FieldDecoder)
    throws(JSONParseError)
    -> Int?
  {
    let start = index
    guard start < bytes.count,
      bytes[start] == UInt8(ascii: "-") || bytes[start] &- UInt8(ascii: "0") < 10
    else {
      return decoder.integer(field.name, try parseValue())
    }
    guard let end = JSONNumber.scanLiteral(bytes, from: start) else {
      throw JSONParseError(.invalidNumber, at: start)
    }
    // A digit right after a complete number means a leading zero such as `01`.
    if end < bytes.count, bytes[end] &- UInt8(ascii: "0") < 10 {
      throw JSONParseError(.invalidNumber, at: start)
    }
    index = end
    let negative = bytes[start] == UInt8(ascii: "-")
    let digitsStart = negative ? start + 1 : start
    if end - digitsStart <= 18 {
      var value = 0
      var position = digitsStart
      while position < end {
        let digit = bytes[position] &- UInt8(ascii: "0")
        if digit >= 10 { break }
        value = value &* 10 &+ Int(digit)
        position += 1
      }
      if position == end { return negative ? -value : value }
    }
    let literal = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    return decoder.integer(field.name, .number(JSONNumber(unchecked: literal)))
  }

  /// Reads the value at `index` into the typed property for `field` (not `call_id`), in
  /// the storage of a record being decoded (not yet shared, so written in place).
  mutating func assign(
    _ field: _CDRField, to storage: CallDetailRecord._Storage, decoder: inout _FieldDecoder
  ) throws(JSONParseError) {
    switch field {
    case .appName: storage.appName = try stringField(field, &decoder)
    case .appVersion: storage.appVersion = try stringField(field, &decoder)
    case .billingSeconds: storage.billingSeconds = try integerField(field, &decoder)
    case .callDirection: storage.callDirection = decoder.direction(field.name, try parseValue())
    case .calleeIDName: storage.calleeIDName = try stringField(field, &decoder)
    case .calleeIDNumber: storage.calleeIDNumber = try stringField(field, &decoder)
    case .callerIDName: storage.callerIDName = try stringField(field, &decoder)
    case .callerIDNumber: storage.callerIDNumber = try stringField(field, &decoder)
    case .channelCreatedTime: storage.channelCreatedTime = try integerField(field, &decoder)
    case .digitsDialed: storage.digitsDialed = try stringField(field, &decoder)
    case .disposition: storage.disposition = try stringField(field, &decoder)
    case .durationSeconds: storage.durationSeconds = try integerField(field, &decoder)
    case .faxBadRows: storage.faxBadRows = try stringField(field, &decoder)
    case .faxECMUsed: storage.faxECMUsed = try stringField(field, &decoder)
    case .faxResultCode: storage.faxResultCode = try stringField(field, &decoder)
    case .faxResultText: storage.faxResultText = try stringField(field, &decoder)
    case .faxSuccess: storage.faxSuccess = try stringField(field, &decoder)
    case .faxTotalPages: storage.faxTotalPages = try stringField(field, &decoder)
    case .faxTransferRate: storage.faxTransferRate = try stringField(field, &decoder)
    case .faxTransferredPages: storage.faxTransferredPages = try stringField(field, &decoder)
    case .from: storage.from = try stringField(field, &decoder)
    case .fromTag: storage.fromTag = try stringField(field, &decoder)
    case .fromURI: storage.fromURI = try stringField(field, &decoder)
    case .hangupCause: storage.hangupCause = try stringField(field, &decoder)
    case .hangupCode: storage.hangupCode = try stringField(field, &decoder)
    case .interactionID: storage.interactionID = try stringField(field, &decoder)
    case .localSDP: storage.localSDP = try stringField(field, &decoder)
    case .mediaServer: storage.mediaServer = try stringField(field, &decoder)
    case .node: storage.node = try stringField(field, &decoder)
    case .otherLegCallID: storage.otherLegCallID = try stringField(field, &decoder)
    case .otherLegCallerIDName: storage.otherLegCallerIDName = try stringField(field, &decoder)
    case .otherLegCallerIDNumber: storage.otherLegCallerIDNumber = try stringField(field, &decoder)
    case .otherLegDestinationNumber:
      storage.otherLegDestinationNumber = try stringField(field, &decoder)
    case .otherLegDirection: storage.otherLegDirection = try stringField(field, &decoder)
    case .presenceID: storage.presenceID = try stringField(field, &decoder)
    case .remoteSDP: storage.remoteSDP = try stringField(field, &decoder)
    case .request: storage.request = try stringField(field, &decoder)
    case .ringingSeconds: storage.ringingSeconds = try integerField(field, &decoder)
    case .timestamp: storage.timestamp = try integerField(field, &decoder)
    case .to: storage.to = try stringField(field, &decoder)
    case .toTag: storage.toTag = try stringField(field, &decoder)
    case .toURI: storage.toURI = try stringField(field, &decoder)
    case .userAgent: storage.userAgent = try stringField(field, &decoder)
    case .channelCallState: storage.channelCallState = try stringField(field, &decoder)
    case .channelName: storage.channelName = try stringField(field, &decoder)
    case .channelState: storage.channelState = try stringField(field, &decoder)
    case .eventCategory: storage.eventCategory = try stringField(field, &decoder)
    case .eventName: storage.eventName = try stringField(field, &decoder)
    case .interactionKey: storage.interactionKey = try stringField(field, &decoder)
    case .interactionTime: storage.interactionTime = try integerField(field, &decoder)
    case .messageID: storage.messageID = try stringField(field, &decoder)
    case .switchHostname: storage.switchHostname = try stringField(field, &decoder)
    case .switchNodename: storage.switchNodename = try stringField(field, &decoder)
    case .switchURI: storage.switchURI = try stringField(field, &decoder)
    case .switchURL: storage.switchURL = try stringField(field, &decoder)
    case .documentID: storage.documentID = try stringField(field, &decoder)
    case .revision: storage.revision = try stringField(field, &decoder)
    case .recordingURL: storage.recordingURL = try stringField(field, &decoder)
    case .callPriority: storage.callPriority = try stringField(field, &decoder)
    case .e164Destination: storage.e164Destination = try stringField(field, &decoder)
    case .e164Origination: storage.e164Origination = try stringField(field, &decoder)
    case .didClassifier: storage.didClassifier = try stringField(field, &decoder)
    case .originationCallID: storage.originationCallID = try stringField(field, &decoder)
    case .isConference: storage.isConference = decoder.boolean(field.name, try parseValue())
    case .channelIsLoopback:
      storage.channelIsLoopback = decoder.boolean(field.name, try parseValue())
    case .channelLoopbackLeg:
      storage.channelLoopbackLeg = decoder.loopbackLeg(field.name, try parseValue())
    case .channelLoopbackOtherLegID:
      storage.channelLoopbackOtherLegID = try stringField(field, &decoder)
    case .channelLoopbackBowout:
      storage.channelLoopbackBowout = decoder.boolean(field.name, try parseValue())
    case .channelLoopbackBowoutExecute:
      storage.channelLoopbackBowoutExecute = decoder.boolean(field.name, try parseValue())
    case .privateType: storage.privateType = try stringField(field, &decoder)
    case .privateVersion: storage.privateVersion = try integerField(field, &decoder)
    case .privateAccountID: storage.privateAccountID = try stringField(field, &decoder)
    case .privateAccountDB: storage.privateAccountDB = try stringField(field, &decoder)
    case .privateCreated: storage.privateCreated = try integerField(field, &decoder)
    case .privateModified: storage.privateModified = try integerField(field, &decoder)
    case .privateNode: storage.privateNode = try stringField(field, &decoder)
    case .privateDocumentHash: storage.privateDocumentHash = try stringField(field, &decoder)
    case .customChannelVars:
      storage.customChannelVars = try freeFormObject(CustomChannelVars.init(raw:)) {
        decoder.channelVars(field.name, $0)
      }
    case .customApplicationVars:
      storage.customApplicationVars = try freeFormObject(_JSONObjectStorage.init(raw:)) {
        decoder.object(field.name, $0).map(_JSONObjectStorage.init(values:))
      }
    case .customSIPHeaders:
      storage.customSIPHeaders = try freeFormObject(CustomSIPHeaders.init(raw:)) {
        decoder.sipHeaders(field.name, $0)
      }
    case .mediaRecordings:
      storage.mediaRecordings = decoder.stringList(field.name, try parseValue())
    case .callID: break
    }
  }
}

extension JSONParser {
  /// The free-form member at `index`: an object is validated and kept raw by `keep`;
  /// anything else is parsed and handed to `convert` (which notes drifts, as the general
  /// path does).
  mutating func freeFormObject<Value>(
    _ keep: (_RawJSONObject) -> Value, convert: (JSONValue) -> Value?
  ) throws(JSONParseError) -> Value? {
    if rawObjectFollows() { return keep(try scanRawObject()) }
    return convert(try parseValue())
  }

  /// Whether an object starts at `index` and can be kept raw (fewer than
  /// ``_RawJSONObject/maximumByteCount`` bytes remain).
  @inline(__always)
  func rawObjectFollows() -> Bool {
    index < bytes.count && bytes[index] == UInt8(ascii: "{")
      && bytes.count - index <= _RawJSONObject.maximumByteCount
  }

  /// Validates the object at `index` as ``parseObject()`` would and keeps it as its bytes
  /// and member positions instead of a dictionary. Callers check ``rawObjectFollows()``.
  ///
  /// The member table is built at the end of `memberTable` (which may hold the record's
  /// unknown members so far) and removed from it afterwards.
  mutating func scanRawObject() throws(JSONParseError) -> _RawJSONObject {
    let objectStart = index
    var table = memberTable
    memberTable = []
    let tableStart = table.count
    var keysArePlain = true
    _ = try scanObject { key, keyIsPlain, value, valueIsPlainString in
      keysArePlain = keysArePlain && keyIsPlain
      _RawJSONObject.appendEntry(
        to: &table, key: key, value: value, valueIsPlainString: valueIsPlainString,
        origin: objectStart)
    }
    let object = table.withUnsafeBufferPointer { members in
      _RawJSONObject.make(
        text: UnsafeBufferPointer(rebasing: bytes[objectStart..<index]),
        members: UnsafeBufferPointer(rebasing: members[tableStart...]), keysArePlain: keysArePlain)
    }
    table.removeSubrange(tableStart...)
    memberTable = table
    return object
  }
}
