extension CallDetailRecord {
  /// Reads a record from a parsed JSON value.
  ///
  /// The value must be an object with a string `call_id`; everything else is tolerated:
  /// unknown keys go to ``otherFields``, type drifts are converted as KAZOO converts them
  /// and listed in ``drifts``. KAZOO's event shapes are read as the leg they describe
  /// (see ``init(json:readingEvents:)``).
  ///
  /// - Throws: ``CDRRecordError`` when the value is not an object or lacks a string `call_id`.
  public init(json: JSONValue) throws(CDRRecordError) {
    try self.init(json: json, readingEvents: true)
  }

  /// Reads a record from a parsed JSON value, choosing whether KAZOO's event shapes are
  /// read as the leg they describe.
  ///
  /// With `readingEvents` (the default everywhere), a document without `call_id` whose
  /// keys are in KAZOO's event form (`Call-ID`, `Custom-Channel-Vars`) has its keys
  /// normalized as KAZOO's cdr app normalizes them before saving (`kz_json:normalize_jobj`);
  /// a `{"name": ..., "args": {...}}` envelope is unwrapped; a 2011 `Timestamp` in Unix
  /// microseconds becomes gregorian seconds; a webhook `channel_destroy` payload's
  /// top-level `account_id`, `owner_id`, ... move into `custom_channel_vars`. Each change is
  /// a ``CDRDrift``, and the record is written back in the normalized form (reading is
  /// otherwise lossless). Events other than the end of a leg (`CHANNEL_CREATE`, a webhook's
  /// `channel_create`) are rejected with ``CDRRecordError/notAnEndOfLegEvent(event:)``.
  ///
  /// ```swift
  /// let leg = try CallDetailRecord(json: ["Call-ID": "abc", "Billing-Seconds": "8"])
  /// leg.callID            // "abc"
  /// leg.billingSeconds    // 8
  /// ```
  ///
  /// - Throws: ``CDRRecordError``.
  public init(json: JSONValue, readingEvents: Bool) throws(CDRRecordError) {
    guard case .object(let members) = json else {
      throw CDRRecordError.notAnObject(found: json.typeName)
    }
    try self.init(jsonObject: members, readingEvents: readingEvents)
  }

  /// Reads a record from the members of a JSON object (see ``init(json:)``).
  public init(jsonObject members: [String: JSONValue]) throws(CDRRecordError) {
    try self.init(jsonObject: members, readingEvents: true)
  }

  /// Reads a record from the members of a JSON object (see ``init(json:readingEvents:)``).
  public init(jsonObject members: [String: JSONValue], readingEvents: Bool) throws(CDRRecordError) {
    var members = members
    var shapeDrifts: [CDRDrift] = []
    if readingEvents, members["call_id"] == nil, let event = try _EventShape.unwrap(members) {
      members = event.members
      shapeDrifts = event.drifts
    }
    guard let callIDValue = members["call_id"] else { throw CDRRecordError.missingCallID }
    guard case .string(let callID) = callIDValue else {
      throw CDRRecordError.callIDNotAString(found: callIDValue.typeName)
    }
    self.init(callID: callID)
    var decoder = _FieldDecoder()
    for (key, value) in members {
      assign(key: key, value: value, decoder: &decoder)
    }
    // Dictionary order is arbitrary; sort so equal documents give equal records.
    drifts = CDRDrift.sorted(decoder.drifts + shapeDrifts)
    if readingEvents, _EventShape.mayBeWebhook(self) {
      try _EventShape.liftWebhookFields(&self)
    }
  }

  /// Parses and reads a record from JSON text.
  ///
  /// ```swift
  /// let leg = try CallDetailRecord(jsonText: #"{"call_id":"abc","billing_seconds":"7"}"#)
  /// leg.billingSeconds   // 7, with a drift noted
  /// ```
  ///
  /// - Throws: ``CDRDecodingError`` for malformed JSON or a value that is not a CDR.
  public init(jsonText: String) throws(CDRDecodingError) {
    try self.init(jsonBytes: Array(jsonText.utf8))
  }

  /// Parses and reads a record from UTF-8 JSON bytes (see ``init(jsonText:)``).
  ///
  /// This takes the byte-level path: the top-level object is read straight into the typed
  /// properties, without building a ``JSONValue`` for it. The result and the errors are the
  /// same as parsing with `JSONValue(parsing:)` and then calling
  /// ``init(json:)``.
  public init(jsonBytes: some Collection<UInt8>) throws(CDRDecodingError) {
    let fast: Result<CallDetailRecord?, JSONParseError>? =
      jsonBytes.withContiguousStorageIfAvailable {
        buffer in
        var parser = JSONParser(bytes: buffer)
        return Result { () throws(JSONParseError) in try parser.parseRecordDocument() }
      }
    switch fast {
    case .success(var record?)?:
      if _EventShape.mayBeWebhook(record) {
        do {
          try _EventShape.liftWebhookFields(&record)
        } catch {
          throw .notARecord(error)
        }
      }
      self = record
      return
    case .failure(let error)?:
      throw .malformedJSON(error)
    case .success(nil)?, nil:
      break
    }
    let value: JSONValue
    do {
      value = try JSONValue(parsing: jsonBytes)
    } catch {
      throw .malformedJSON(error)
    }
    do {
      try self.init(json: value)
    } catch {
      throw .notARecord(error)
    }
  }

  /// The record as a JSON object's members: typed properties (drifted values in their
  /// original form when unchanged) merged over ``otherFields``.
  ///
  /// A typed property always wins over an ``otherFields`` entry with the same key.
  public var jsonObject: [String: JSONValue] {
    var object = otherFields
    encodeTypedFields(into: &object, encoder: _FieldEncoder(drifts: drifts))
    return object
  }

  /// The record as a JSON value (an object).
  public var json: JSONValue { .object(jsonObject) }

  /// The record as compact JSON text with keys in sorted order.
  public var jsonText: String { json.jsonText }
}

/// Why bytes could not be read as one ``CallDetailRecord``.
public enum CDRDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The bytes are not valid JSON.
  case malformedJSON(JSONParseError)
  /// The JSON is valid but is not a CDR.
  case notARecord(CDRRecordError)

  /// A human sentence.
  public var message: String {
    switch self {
    case .malformedJSON(let error): "malformed JSON: \(error.description)"
    case .notARecord(let error): error.message
    }
  }

  /// The same as ``message``.
  public var description: String { message }
}
