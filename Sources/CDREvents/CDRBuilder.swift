import CDRModel
import CDRTime
import Foundation

/// Builds stored CDR documents from `CHANNEL_DESTROY` events, as KAZOO's cdr app does
/// (`cdr_channel_destroy:handle_req/2` and `prepare_and_save/3`, in order).
///
/// The builder takes legs as `CDRReader` reads them: an event with Title-Case keys, a
/// `{name, args}` envelope or a webhook `channel_destroy` payload is already one leg, its
/// keys normalized (the original keys survive in the leg's drifts, which the builder reads
/// where KAZOO looks at a raw key). Then, for each leg:
///
/// 1. skip it when its top-level `application_name` is ignored (``Options/ignoredApplications``,
///    KAZOO's `cdr.ignore_apps`), or when it is a loopback that bowed out
///    (``Options/ignoresLoopbackBowout``);
/// 2. move private channel variables (raw key starting `_` or `pvt_`) to the top level;
/// 3. move up `recording_url`, `call_priority`, `e164_destination`, `e164_origination`,
///    `did_classifier`, and `is_conference` when it is true;
/// 4. take the interaction id from the channel variable `call_interaction_id` (then
///    delete it) or invent one (now, `-`, 8 hex), and set `interaction_time`,
///    `interaction_key`, `interaction_id` and `_id` (`YYYYMM-call_id`, the month of the
///    interaction time);
/// 5. set `pvt_type`, `pvt_vsn` 2, `pvt_account_id`, `pvt_account_db` (the month
///    database), `pvt_created`, `pvt_modified` and `pvt_node`;
/// 6. normalize every key (`kz_json:normalize_jobj`).
///
/// ```swift
/// var builder = CDRBuilder(now: GregorianSeconds(63610891989), keys: .constant("1a2b3c4d"))
/// if case .built(let cdr) = builder.build(leg) {
///   cdr.documentID       // "201510-at6dmu4ffk97vnlp6qfq"
///   cdr.interactionID    // "63610891989-1a2b3c4d"
/// }
/// ```
///
/// Given ``now`` and a seeded ``InteractionKeySource``, the output is the same on every
/// run; without them it follows the system clock and random keys, as KAZOO does.
public struct CDRBuilder: Sendable {
  /// KAZOO's cdr app settings.
  public struct Options: Sendable, Hashable {
    /// Top-level `Application-Name` values whose legs get no CDR (`cdr.ignore_apps`).
    /// Default `["milliwatt"]`.
    public var ignoredApplications: Set<String>
    /// Whether a loopback leg that bowed out gets no CDR (`ignore_loopback_bowout`).
    /// Default `true`.
    public var ignoresLoopbackBowout: Bool
    /// Whether a leg without an account id is kept, in `anonymous_cdrs`
    /// (`cdr.store_anonymous`). Default `false`: KAZOO saves no CDR for it.
    public var storesAnonymous: Bool
    /// `pvt_node`: the Erlang node of the cdr app. Default `kazoo_apps@` and this host's name.
    public var node: String

    /// Creates options; every parameter has the documented default.
    public init(
      ignoredApplications: Set<String> = ["milliwatt"], ignoresLoopbackBowout: Bool = true,
      storesAnonymous: Bool = false, node: String? = nil
    ) {
      self.ignoredApplications = ignoredApplications
      self.ignoresLoopbackBowout = ignoresLoopbackBowout
      self.storesAnonymous = storesAnonymous
      self.node = node ?? "kazoo_apps@" + ProcessInfo.processInfo.hostName
    }
  }

  /// The settings in force.
  public var options: Options
  /// The time the CDR is "saved" (gregorian seconds): used for invented interaction ids,
  /// `pvt_created` and `pvt_modified`. `nil`: the system clock at each build.
  public var now: GregorianSeconds?
  /// Where invented interaction keys come from.
  public var keys: InteractionKeySource

  /// Creates a builder.
  public init(
    options: Options = Options(), now: GregorianSeconds? = nil,
    keys: InteractionKeySource = .system
  ) {
    self.options = options
    self.now = now
    self.keys = keys
  }

  /// The channel variables KAZOO moves to the top level when present (`maybe_leak_ccv`).
  static let leakedChannelVars = [
    "recording_url", "call_priority", "e164_destination", "e164_origination", "did_classifier",
  ]

  /// Builds the stored CDR for one leg, or says why KAZOO would store none.
  public mutating func build(_ leg: CallDetailRecord) -> CDRBuildOutcome {
    if leg.privateType == "cdr" { return .alreadyStored(leg) }
    if let skip = skipReason(leg) { return .skipped(skip) }
    var document = leg.jsonObject
    var variables = document["custom_channel_vars"]?.objectValue ?? [:]
    let rawKeys = Self.originalChannelVarKeys(leg)
    // 1. Private channel variables (checked on the raw key, case-sensitively).
    for key in variables.keys.sorted() {
      let raw = rawKeys[key] ?? key
      guard raw.hasPrefix("_") || raw.hasPrefix("pvt_") else { continue }
      document[key] = variables.removeValue(forKey: key)
    }
    // 3–7. Leaked channel variables; 8. a true is_conference.
    for name in Self.leakedChannelVars {
      if let key = Self.key(named: name, in: variables) {
        document[name] = variables.removeValue(forKey: key)
      }
    }
    if let key = Self.key(named: "is_conference", in: variables),
      Self.isTrue(variables[key])
    {
      variables[key] = nil
      document["is_conference"] = true
    }
    // 9. The interaction.
    let now = now ?? GregorianSeconds(Date())
    let interactionID: String
    if let key = Self.key(named: "call_interaction_id", in: variables) {
      interactionID = variables[key]?.textValue ?? ""
      variables[key] = nil
    } else {
      interactionID = "\(now.rawValue)-\(keys.next())"
    }
    guard let (time, key) = Self.splitInteractionID(interactionID) else {
      return .skipped(.malformedInteractionID(interactionID))
    }
    let month = Self.monthText(GregorianSeconds(time))
    document["interaction_time"] = .number(JSONNumber(time))
    document["interaction_key"] = .string(key)
    document["interaction_id"] = .string(interactionID)
    document["_id"] = .string(month + "-" + leg.callID)
    // 10. Private fields and the month database.
    let accountKey = Self.key(named: "account_id", in: variables)
    if let accountID = accountKey.flatMap({ variables[$0]?.textValue }), !accountID.isEmpty {
      document["pvt_account_id"] = .string(accountID)
      document["pvt_account_db"] = .string(Self.monthDatabase(account: accountID, month: month))
    } else {
      guard options.storesAnonymous else { return .skipped(.anonymous) }
      document["pvt_account_db"] = "anonymous_cdrs"
    }
    document["pvt_vsn"] = 2
    document["pvt_type"] = "cdr"
    document["pvt_created"] = .number(JSONNumber(now.rawValue))
    document["pvt_modified"] = .number(JSONNumber(now.rawValue))
    document["pvt_node"] = .string(options.node)
    if leg.customChannelVars != nil || !variables.isEmpty {
      document["custom_channel_vars"] = .object(variables)
    }
    // 11. Normalize and "save".
    let normalized = JSONValue.object(document).kazooNormalized
    do {
      return .built(try CallDetailRecord(json: normalized, readingEvents: false))
    } catch {
      return .skipped(.unreadable(error.message))
    }
  }

  /// Why KAZOO's `handle_req/2` drops the leg, if it does (`maybe_ignore_app/1`,
  /// `maybe_ignore_loopback/1`).
  func skipReason(_ leg: CallDetailRecord) -> CDRSkipReason? {
    if let application = leg.otherField("application_name")?.textValue,
      options.ignoredApplications.contains(application)
    {
      return .ignoredApplication(application)
    }
    if options.ignoresLoopbackBowout, leg.channelIsLoopback == true,
      leg.channelLoopbackBowout == true, leg.channelLoopbackBowoutExecute == true
    {
      let cause = leg.hangupCause
      let loopbackLeg = leg.channelLoopbackLeg?.rawValue
      if cause == nil || cause!.hasPrefix("NORMAL") || loopbackLeg != "B" {
        return .loopbackBowout(loopbackLeg: loopbackLeg, hangupCause: cause)
      }
    }
    return nil
  }

  /// Each normalized channel-variable key whose original spelling differed, mapped to it
  /// (from the reader's `CDRDrift.Kind.keyNormalized(originalKey:)` drifts).
  static func originalChannelVarKeys(_ leg: CallDetailRecord) -> [String: String] {
    var keys: [String: String] = [:]
    let prefix = "/custom_channel_vars/"
    for drift in leg.drifts {
      guard case .keyNormalized(let original) = drift.kind, drift.path.hasPrefix(prefix),
        let tokens = JSONPointer.tokens(drift.path), tokens.count == 2
      else { continue }
      keys[tokens[1]] = original
    }
    return keys
  }

  /// The key of `variables` that normalizes to `name` (webhook payloads keep the
  /// variables' original spelling).
  static func key(named name: String, in variables: [String: JSONValue]) -> String? {
    if variables[name] != nil { return name }
    return variables.keys.sorted().first { JSONValue.kazooNormalizedKey($0) == name }
  }

  /// KAZOO's `kz_term:is_true/1`.
  static func isTrue(_ value: JSONValue?) -> Bool {
    value == .bool(true) || value == .string("true")
  }

  /// `<11 characters>-<key>` split as `set_interaction` splits it; `nil` when KAZOO's
  /// handler would crash on it.
  static func splitInteractionID(_ id: String) -> (time: Int, key: String)? {
    let bytes = Array(id.utf8)
    guard bytes.count >= 12, bytes[11] == UInt8(ascii: "-"),
      bytes[0..<11].allSatisfy({ (0x30...0x39).contains($0) }),
      let time = Int(String(decoding: bytes[0..<11], as: UTF8.self))
    else { return nil }
    return (time, String(decoding: bytes[12...], as: UTF8.self))
  }

  /// `YYYYMM` of a gregorian time (the year unpadded, the month on two digits).
  static func monthText(_ time: GregorianSeconds) -> String {
    let date = time.dateTime
    return "\(date.year)" + (date.month < 10 ? "0" : "") + "\(date.month)"
  }

  /// The encoded month database name `account%2FAA%2FBB%2FREST-YYYYMM`.
  static func monthDatabase(account: String, month: String) -> String {
    let characters = Array(account)
    guard characters.count > 4 else { return "account%2F" + account + "-" + month }
    return "account%2F" + String(characters[0..<2]) + "%2F" + String(characters[2..<4]) + "%2F"
      + String(characters[4...]) + "-" + month
  }
}
