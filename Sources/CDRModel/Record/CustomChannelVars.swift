/// KAZOO's channel variables on a leg (`custom_channel_vars`, "CCVs").
///
/// Every key is kept exactly as stored in ``values``; the properties below read the keys
/// KAZOO's CDR code, views and docs use, with KAZOO's casts (text for ids, integers for
/// the rate fields, which KAZOO stores as numeric strings such as `"100"`).
///
/// ```swift
/// let vars = leg.customChannelVars ?? CustomChannelVars()
/// vars.accountID        // "7f89565344e3e6302df60168420e9265"
/// vars.rate             // 100 (units of 1/10000 dollar), from "100"
/// vars["realm"]         // .string("account_realm")
/// ```
///
/// Setters write strings, as KAZOO stores CCVs; setting `nil` removes the key.
///
/// Channel variables read by ``CDRReader`` stay as the bytes they were read from until
/// they are used: a single variable is decoded when it is read (``text(_:)``,
/// ``accountID``...), and ``values`` builds the whole dictionary on first use and keeps
/// it. Reading costs nothing for variables that are never looked at; the results are
/// the same as for variables built from a dictionary.
public struct CustomChannelVars: Sendable, Hashable, Codable {
  /// The variables, raw (as read) or built.
  private var storage: _JSONObjectStorage
  private var raw: _RawJSONObject? { storage.raw }

  /// Every channel variable, by its stored (lower-snake-case) key.
  public var values: [String: JSONValue] {
    get { storage.values }
    set { storage.values = newValue }
    _modify { yield &storage.values }
  }

  /// Creates channel variables from stored key/value pairs.
  public init(values: [String: JSONValue] = [:]) {
    self.storage = _JSONObjectStorage(values: values)
  }

  /// Channel variables kept as the bytes they were read from.
  init(raw: _RawJSONObject) {
    self.storage = _JSONObjectStorage(raw: raw)
  }

  /// The raw value of any channel variable.
  public subscript(key: String) -> JSONValue? {
    get { storage[key] }
    set { storage[key] = newValue }
  }

  /// The value of `key` as text (KAZOO's to-string cast); `nil` when absent, null, an
  /// array or an object.
  public func text(_ key: String) -> String? {
    guard let raw else { return storage[key]?.textValue }
    // A plain string is made straight from its bytes; anything else is decoded first.
    if let text = raw.withPlainStringBytes(key, { String(decoding: $0, as: UTF8.self) }) {
      return text
    }
    return raw.value(key)?.textValue
  }

  /// The value of `key` as an integer (KAZOO's integer cast: numbers and numeric strings,
  /// fractions rounded half away from zero); `nil` when absent or not numeric.
  public func integer(_ key: String) -> Int? {
    switch self[key] {
    case .number(let number): return number.roundedInt64Value.map { Int($0) }
    case .string(let text):
      let trimmed = text.trimmingASCIIWhitespace()
      return (JSONNumber(trimmed) ?? JSONNumber(trimmed.droppingLeadingPlus()))?.roundedInt64Value
        .map { Int($0) }
    default: return nil
    }
  }

  /// The value of `key` as a Boolean: JSON `true`/`false` or the text `"true"`/`"false"`.
  public func boolean(_ key: String) -> Bool? {
    switch self[key] {
    case .bool(let flag): flag
    case .string("true"): true
    case .string("false"): false
    default: nil
    }
  }

  private mutating func setText(_ key: String, _ newValue: String?) {
    self[key] = newValue.map(JSONValue.string)
  }

  private mutating func setInteger(_ key: String, _ newValue: Int?) {
    self[key] = newValue.map { JSONValue.string(String($0)) }
  }

  /// The leg's account id (`account_id`).
  public var accountID: String? {
    get { text("account_id") }
    set { setText("account_id", newValue) }
  }
  /// The user who owns the leg (`owner_id`); drives KAZOO's per-user listings.
  public var ownerID: String? {
    get { text("owner_id") }
    set { setText("owner_id", newValue) }
  }
  /// The bridge correlator, typically the A-leg's call id (`bridge_id`).
  public var bridgeID: String? {
    get { text("bridge_id") }
    set { setText("bridge_id", newValue) }
  }
  /// The document id that authorised the leg: device, mobile, resource... (`authorizing_id`).
  public var authorizingID: String? {
    get { text("authorizing_id") }
    set { setText("authorizing_id", newValue) }
  }
  /// What kind of document authorised the leg: `device`, `mobile`, `resource`,
  /// `outbound_fax` (`authorizing_type`).
  public var authorizingType: String? {
    get { text("authorizing_type") }
    set { setText("authorizing_type", newValue) }
  }
  /// The original request of an off-net-originated call (`inception`); absent on-net.
  public var inception: String? {
    get { text("inception") }
    set { setText("inception", newValue) }
  }
  /// The account where an inter-account call started (`inception_account_id`).
  public var inceptionAccountID: String? {
    get { text("inception_account_id") }
    set { setText("inception_account_id", newValue) }
  }
  /// The resource (carrier) used (`resource_id`).
  public var resourceID: String? {
    get { text("resource_id") }
    set { setText("resource_id", newValue) }
  }
  /// The resource type, e.g. `offnet-termination` (`resource_type`).
  public var resourceType: String? {
    get { text("resource_type") }
    set { setText("resource_type", newValue) }
  }
  /// Whether the resource was global (`global_resource`, stored as `"true"`/`"false"`).
  public var globalResource: Bool? {
    get { boolean("global_resource") }
    set { setText("global_resource", newValue.map { $0 ? "true" : "false" }) }
  }
  /// The account's billing mode for the leg: `per_minute`, `flat_rate`... (`account_billing`).
  public var accountBilling: String? {
    get { text("account_billing") }
    set { setText("account_billing", newValue) }
  }
  /// The reseller's billing mode for the leg (`reseller_billing`).
  public var resellerBilling: String? {
    get { text("reseller_billing") }
    set { setText("reseller_billing", newValue) }
  }
  /// The reseller account id (`reseller_id`).
  public var resellerID: String? {
    get { text("reseller_id") }
    set { setText("reseller_id", newValue) }
  }
  /// The per-minute rate in units of 1/10000 dollar (`rate`, e.g. `"100"` = $0.01/min).
  public var rate: Int? {
    get { integer("rate") }
    set { setInteger("rate", newValue) }
  }
  /// The billing increment in seconds (`rate_increment`).
  public var rateIncrement: Int? {
    get { integer("rate_increment") }
    set { setInteger("rate_increment", newValue) }
  }
  /// The minimum billed seconds (`rate_minimum`).
  public var rateMinimum: Int? {
    get { integer("rate_minimum") }
    set { setInteger("rate_minimum", newValue) }
  }
  /// Seconds not charged at the start of a call (`rate_nocharge_time`).
  public var rateNoChargeTime: Int? {
    get { integer("rate_nocharge_time") }
    set { setInteger("rate_nocharge_time", newValue) }
  }
  /// A flat surcharge in units (`surcharge`).
  public var surcharge: Int? {
    get { integer("surcharge") }
    set { setInteger("surcharge", newValue) }
  }
  /// The base cost in units (`base_cost`).
  public var baseCost: Int? {
    get { integer("base_cost") }
    set { setInteger("base_cost", newValue) }
  }
  /// A discount percentage (`discount_percentage`), as an integer like KAZOO casts it.
  public var discountPercentage: Int? {
    get { integer("discount_percentage") }
    set { setInteger("discount_percentage", newValue) }
  }
  /// Seconds subtracted from billing seconds before rating (`billing_seconds_offset`).
  public var billingSecondsOffset: Int? {
    get { integer("billing_seconds_offset") }
    set { setInteger("billing_seconds_offset", newValue) }
  }
  /// The rate's name (`rate_name`).
  public var rateName: String? {
    get { text("rate_name") }
    set { setText("rate_name", newValue) }
  }
  /// The rate's description (`rate_description`).
  public var rateDescription: String? {
    get { text("rate_description") }
    set { setText("rate_description", newValue) }
  }
  /// The call priority (`call_priority`); newer documents carry it at the top level.
  public var callPriority: String? {
    get { text("call_priority") }
    set { setText("call_priority", newValue) }
  }
  /// The id of the recording started on this leg (`media_recording_id`).
  public var mediaRecordingID: String? {
    get { text("media_recording_id") }
    set { setText("media_recording_id", newValue) }
  }
  /// Whether this leg's interaction id is its original one (`call_interaction_is_root`).
  public var callInteractionIsRoot: Bool? {
    get { boolean("call_interaction_is_root") }
    set { self["call_interaction_is_root"] = newValue.map(JSONValue.bool) }
  }

  /// Recording ids (`media_recordings`) as KAZOO's CSV column reads them: a list as is,
  /// a single value as a one-element list, absent as empty. Non-text elements are skipped.
  public var mediaRecordings: [String] {
    switch self["media_recordings"] {
    case .array(let elements): elements.compactMap(\.textValue)
    case .some(let value): value.textValue.map { [$0] } ?? []
    case .none: []
    }
  }

  /// Decodes from a JSON object.
  public init(from decoder: any Decoder) throws {
    self.init(values: try [String: JSONValue](from: decoder))
  }

  /// Encodes as a JSON object.
  public func encode(to encoder: any Encoder) throws {
    try values.encode(to: encoder)
  }

  /// Whether both hold the same variables (however they were read or built).
  public static func == (left: CustomChannelVars, right: CustomChannelVars) -> Bool {
    left.storage == right.storage
  }

  /// Hashes the variables (the same hash however they were read or built).
  public func hash(into hasher: inout Hasher) {
    hasher.combine(storage)
  }
}
