extension JSONValue {
  /// A key renamed as KAZOO's `kz_json:normalize_key/1` renames it: `-` becomes `_`,
  /// `A`–`Z` and the Latin-1 capitals `À`–`Þ` (but `×`) become lower case, everything
  /// else is kept.
  ///
  /// KAZOO works byte by byte, so it corrupts multi-byte UTF-8 keys (`É`, C3 89, becomes
  /// E3 89); this works on characters and leaves every other character as it is, a
  /// deliberate difference (see Architecture.md).
  ///
  /// ```swift
  /// JSONValue.kazooNormalizedKey("Other-Leg-Call-ID")   // "other_leg_call_id"
  /// ```
  public static func kazooNormalizedKey(_ key: String) -> String {
    var scalars = String.UnicodeScalarView()
    var changed = false
    for scalar in key.unicodeScalars {
      let value = scalar.value
      let mapped: Unicode.Scalar
      if value == 0x2D {
        mapped = "_"
      } else if (0x41...0x5A).contains(value) || (0xC0...0xDE).contains(value) && value != 0xD7 {
        mapped = Unicode.Scalar(value + 32) ?? scalar
      } else {
        mapped = scalar
      }
      changed = changed || mapped != scalar
      scalars.append(mapped)
    }
    return changed ? String(scalars) : key
  }

  /// The value with every object key normalized as KAZOO's `kz_json:normalize_jobj/1`
  /// does before saving a CDR: keys renamed (``kazooNormalizedKey(_:)``) at every depth,
  /// inside arrays too, and object members whose value is `null` dropped (a `null` in an
  /// array stays). Values are never changed. When two keys normalize to the same name,
  /// the one that sorts last (byte order) wins.
  public var kazooNormalized: JSONValue {
    var drifts: [CDRDrift] = []
    return _KeyNormalizer.normalize(self, path: "", drifts: &drifts)
  }
}

/// KAZOO's key normalization with a drift for every change.
enum _KeyNormalizer {
  static func normalize(_ value: JSONValue, path: String, drifts: inout [CDRDrift]) -> JSONValue {
    switch value {
    case .object(let members):
      var result: [String: JSONValue] = [:]
      result.reserveCapacity(members.count)
      for key in members.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
        let member = members[key]!
        let normalized = JSONValue.kazooNormalizedKey(key)
        let memberPath = path + "/" + JSONPointer.escape(normalized)
        if member.isNull {
          drifts.append(
            CDRDrift(
              path: path + "/" + JSONPointer.escape(key), kind: .nullMemberDropped,
              original: .null, interpretedAs: nil))
          continue
        }
        let inner = normalize(member, path: memberPath, drifts: &drifts)
        if normalized != key {
          drifts.append(
            CDRDrift(
              path: memberPath, kind: .keyNormalized(originalKey: key), original: member,
              interpretedAs: inner))
        }
        result[normalized] = inner
      }
      return .object(result)
    case .array(let elements):
      return .array(
        elements.enumerated().map { index, element in
          normalize(element, path: path + "/\(index)", drifts: &drifts)
        })
    default:
      return value
    }
  }

  /// Whether any key, at any depth, would change (or a member is `null`).
  static func needsNormalizing(_ value: JSONValue) -> Bool {
    switch value {
    case .object(let members):
      members.contains { key, member in
        member.isNull || JSONValue.kazooNormalizedKey(key) != key || needsNormalizing(member)
      }
    case .array(let elements): elements.contains(where: needsNormalizing)
    default: false
    }
  }
}

/// Recognizes KAZOO's event shapes on the general path: the `{name, args}` envelope, AMQP
/// events with Title-Case keys (`CHANNEL_DESTROY`, the 2011 `call_detail`/`cdr` event) and
/// webhook `channel_destroy` payloads.
enum _EventShape {
  /// The `Event-Category`/`Event-Name` pairs that describe the end of a call leg.
  static let endOfLegEvents: Set<[String]> = [
    ["call_event", "CHANNEL_DESTROY"], ["call_detail", "cdr"],
  ]

  /// The channel variables KAZOO's webhooks app flattens to the top level of a
  /// `channel_destroy` payload (`webhooks_channel_util:base_hook_event/3`).
  static let webhookChannelVars = [
    "account_id", "authorizing_id", "authorizing_type", "owner_id", "reseller_id",
  ]

  /// Gregorian seconds at the Unix epoch.
  static let unixEpochInGregorianSeconds = 62_167_219_200

  /// The members of the leg an event document without `call_id` describes, normalized,
  /// with the drifts; `nil` when the document is not event-shaped.
  ///
  /// - Throws: ``CDRRecordError/notAnEndOfLegEvent(event:)`` for another event.
  static func unwrap(_ members: [String: JSONValue]) throws(CDRRecordError) -> (
    members: [String: JSONValue], drifts: [CDRDrift]
  )? {
    var drifts: [CDRDrift] = []
    var event = members
    if members.count == 2, case .string(let name)? = members["name"],
      case .object(let arguments)? = members["args"]
    {
      if name != "CHANNEL_DESTROY" && name != "cdr" {
        throw .notAnEndOfLegEvent(event: name)
      }
      drifts.append(
        CDRDrift(path: "", kind: .unwrappedEnvelope, original: .string(name), interpretedAs: nil))
      event = arguments
    }
    guard _KeyNormalizer.needsNormalizing(.object(event)) || !drifts.isEmpty else { return nil }
    guard
      case .object(var normalized) = _KeyNormalizer.normalize(
        .object(event), path: "", drifts: &drifts)
    else { return nil }
    if let name = normalized["event_name"]?.stringValue {
      let category = normalized["event_category"]?.stringValue ?? ""
      if !endOfLegEvents.contains([category, name]) {
        throw .notAnEndOfLegEvent(event: category.isEmpty ? name : category + "/" + name)
      }
    }
    guard normalized["call_id"] != nil else { return nil }
    if let original = normalized["timestamp"], let microseconds = unixMicroseconds(original) {
      let gregorian = microseconds / 1_000_000 + unixEpochInGregorianSeconds
      normalized["timestamp"] = .number(JSONNumber(gregorian))
      drifts.append(
        CDRDrift(
          path: "/timestamp", kind: .gregorianFromUnixMicroseconds, original: original,
          interpretedAs: .number(JSONNumber(gregorian))))
    }
    return (normalized, drifts)
  }

  /// The value as Unix microseconds, when it is an integer (or integer text) over 10^14:
  /// gregorian seconds stay under 10^11 until the year 3168, Unix microseconds pass 10^14
  /// in 1973.
  static func unixMicroseconds(_ value: JSONValue) -> Int? {
    let number: Int64?
    switch value {
    case .number(let literal): number = literal.int64Value
    case .string(let text): number = JSONNumber(text)?.int64Value
    default: number = nil
    }
    guard let number, number > 100_000_000_000_000 else { return nil }
    return Int(number)
  }

  /// Moves a webhook `channel_destroy` payload's flattened channel variables back into
  /// `custom_channel_vars`; other webhook events are rejected. The caller runs it only when
  /// ``mayBeWebhook(_:)``, so stored CDRs, which keep the event's `event_category`, pay
  /// one `nil` check.
  static func liftWebhookFields(_ record: inout CallDetailRecord) throws(CDRRecordError) {
    guard let hook = record.otherField("hook_event") else { return }
    guard hook == .string("channel_destroy") else {
      throw .notAnEndOfLegEvent(event: "webhook " + (hook.textValue ?? hook.jsonText))
    }
    var variables = record.customChannelVars ?? CustomChannelVars()
    var others = record.otherFields
    var drifts = record.drifts
    for key in webhookChannelVars {
      guard let value = others[key], variables[key] == nil else { continue }
      variables[key] = value
      others[key] = nil
      drifts.append(
        CDRDrift(
          path: "/custom_channel_vars/" + key, kind: .movedIntoChannelVars(fromPath: "/" + key),
          original: value, interpretedAs: value))
    }
    guard drifts.count != record.drifts.count else { return }
    record.customChannelVars = variables
    record.otherFields = others
    record.drifts = CDRDrift.sorted(drifts)
  }

  /// Whether a record read on either path must go through ``liftWebhookFields(_:)``: a
  /// webhook payload never has `event_category` (its `hook_event` replaces it), and every
  /// CDR KAZOO stores keeps the event's.
  @inline(__always)
  static func mayBeWebhook(_ record: CallDetailRecord) -> Bool {
    record.eventCategory == nil
  }
}

extension CDRDrift {
  /// Drifts in a stable order: by path, then by message (two drifts can share a path: a
  /// renamed key whose value also drifted).
  static func sorted(_ drifts: [CDRDrift]) -> [CDRDrift] {
    drifts.sorted {
      $0.path == $1.path
        ? $0.message.utf8.lexicographicallyPrecedes($1.message.utf8)
        : $0.path.utf8.lexicographicallyPrecedes($1.path.utf8)
    }
  }
}
