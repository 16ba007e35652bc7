/// A column of KAZOO's normalised CDR listing row (`kzd_cdrs.hrl` `COLUMNS`), in KAZOO's order.
///
/// ``kazoo`` lists the 35 columns of KAZOO 5.x (master); ``reseller`` adds `reseller_cost`
/// and `reseller_call_type`, which KAZOO shows when the authenticated account is a reseller.
public enum CDRListingColumn: String, Sendable, Hashable, Codable, CaseIterable {
  /// Document `_id`.
  case id
  /// `call_id`.
  case callID = "call_id"
  /// `caller_id_number`.
  case callerIDNumber = "caller_id_number"
  /// `caller_id_name`.
  case callerIDName = "caller_id_name"
  /// `callee_id_number`.
  case calleeIDNumber = "callee_id_number"
  /// `callee_id_name`.
  case calleeIDName = "callee_id_name"
  /// `duration_seconds` (integer).
  case durationSeconds = "duration_seconds"
  /// `billing_seconds` (integer).
  case billingSeconds = "billing_seconds"
  /// The leg's start S = timestamp − duration, as text.
  case timestamp
  /// `hangup_cause`.
  case hangupCause = "hangup_cause"
  /// `other_leg_call_id`.
  case otherLegCallID = "other_leg_call_id"
  /// CCV `owner_id`.
  case ownerID = "owner_id"
  /// `to`.
  case to
  /// `from`.
  case from
  /// Document `call_direction`.
  case direction
  /// `request`.
  case request
  /// CCV `authorizing_id`, blank when it equals CCV `account_id`.
  case authorizingID = "authorizing_id"
  /// Cost in units when `account_billing` is `per_minute`.
  case cost
  /// The dialled number.
  case dialedNumber = "dialed_number"
  /// The calling number.
  case callingFrom = "calling_from"
  /// Local pretty-printed start (the only column `utc_offset` shifts).
  case datetime
  /// Unix seconds of S.
  case unixTimestamp = "unix_timestamp"
  /// Unix time with microseconds (`channel_created_time` when present).
  case unixTimestampMicro = "unix_timestamp_micro"
  /// RFC 1036 date of S.
  case rfc1036 = "rfc_1036"
  /// ISO 8601 date (only) of S.
  case iso8601 = "iso_8601"
  /// ISO 8601 date and time of S.
  case iso8601Combined = "iso_8601_combined"
  /// CCV `account_billing`.
  case callType = "call_type"
  /// CCV `rate` in dollars.
  case rate
  /// CCV `rate_name`.
  case rateName = "rate_name"
  /// CCV `bridge_id`.
  case bridgeID = "bridge_id"
  /// Top-level `recording_url`.
  case recordingURL = "recording_url"
  /// CCV `media_recordings` as a list.
  case mediaRecordings = "media_recordings"
  /// `media_server`.
  case mediaServer = "media_server"
  /// CCV `call_priority`.
  case callPriority = "call_priority"
  /// `interaction_id`.
  case interactionID = "interaction_id"
  /// Cost in units when `reseller_billing` is `per_minute` (reseller only).
  case resellerCost = "reseller_cost"
  /// CCV `reseller_billing` (reseller only).
  case resellerCallType = "reseller_call_type"

  /// KAZOO's 35 columns, in order.
  public static let kazoo: [CDRListingColumn] = Array(allCases.dropLast(2))

  /// KAZOO's 37 reseller columns, in order.
  public static let reseller: [CDRListingColumn] = allCases

  /// The column name (same as `rawValue`).
  public var name: String { rawValue }

  /// The column's position in `allCases` (KAZOO's order).
  var ordinal: Int {
    switch self {
    case .id: 0
    case .callID: 1
    case .callerIDNumber: 2
    case .callerIDName: 3
    case .calleeIDNumber: 4
    case .calleeIDName: 5
    case .durationSeconds: 6
    case .billingSeconds: 7
    case .timestamp: 8
    case .hangupCause: 9
    case .otherLegCallID: 10
    case .ownerID: 11
    case .to: 12
    case .from: 13
    case .direction: 14
    case .request: 15
    case .authorizingID: 16
    case .cost: 17
    case .dialedNumber: 18
    case .callingFrom: 19
    case .datetime: 20
    case .unixTimestamp: 21
    case .unixTimestampMicro: 22
    case .rfc1036: 23
    case .iso8601: 24
    case .iso8601Combined: 25
    case .callType: 26
    case .rate: 27
    case .rateName: 28
    case .bridgeID: 29
    case .recordingURL: 30
    case .mediaRecordings: 31
    case .mediaServer: 32
    case .callPriority: 33
    case .interactionID: 34
    case .resellerCost: 35
    case .resellerCallType: 36
    }
  }
}
