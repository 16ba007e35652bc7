import CDRTime

// The one definition of KAZOO's listing columns (`kzd_cdrs:to_public_prop`, see
// `CDRListingRow`'s documentation for the rules). It reads a leg through a
// `_ListingSource` and hands each column's value to a `_ListingSink`, so the same rules
// feed `CDRListingRow` (a decoded record in, JSON values out) and `cdr csv`'s byte path
// (a line's bytes in, CSV cells out). Sources and sinks only fetch and write values; every
// choice (which member, which default, which derived figure) is made here.

/// The top-level string members a listing row reads.
enum _ListingText {
  case documentID, callID, callerIDNumber, callerIDName, calleeIDNumber, calleeIDName
  case hangupCause, otherLegCallID, to, from, fromURI, request, recordingURL, mediaServer
  case interactionID
  /// `call_direction`, as its text.
  case direction
}

/// The top-level integer members a listing row reads.
enum _ListingInteger {
  case durationSeconds, billingSeconds, timestamp, channelCreatedTime
}

/// The channel variables a listing row reads (the rating inputs under both spellings
/// `CallCost` looks them up by).
enum _ListingChannelVar: Int, CaseIterable {
  case accountID, authorizingID, accountBilling, resellerBilling, ownerID, rateName, bridgeID
  case callPriority, mediaRecordings
  case rate, rateHeader, rateIncrement, rateIncrementHeader, rateMinimum, rateMinimumHeader
  case surcharge, surchargeHeader, rateNoChargeTime, rateNoChargeTimeHeader
  case discountPercentage, discountPercentageHeader
  case billingSecondsOffset, billingSecondsOffsetHeader

  /// The stored key.
  var name: String {
    switch self {
    case .accountID: "account_id"
    case .authorizingID: "authorizing_id"
    case .accountBilling: "account_billing"
    case .resellerBilling: "reseller_billing"
    case .ownerID: "owner_id"
    case .rateName: "rate_name"
    case .bridgeID: "bridge_id"
    case .callPriority: "call_priority"
    case .mediaRecordings: "media_recordings"
    case .rate: "rate"
    case .rateHeader: "Rate"
    case .rateIncrement: "rate_increment"
    case .rateIncrementHeader: "Rate-Increment"
    case .rateMinimum: "rate_minimum"
    case .rateMinimumHeader: "Rate-Minimum"
    case .surcharge: "surcharge"
    case .surchargeHeader: "Surcharge"
    case .rateNoChargeTime: "rate_nocharge_time"
    case .rateNoChargeTimeHeader: "Rate-NoCharge-Time"
    case .discountPercentage: "discount_percentage"
    case .discountPercentageHeader: "Discount-Percentage"
    case .billingSecondsOffset: "billing_seconds_offset"
    case .billingSecondsOffsetHeader: "Billing-Seconds-Offset"
    }
  }
}

/// What kind of value the channel variable `rate` holds, for the `rate` column.
enum _ListingRateValue {
  /// A JSON number, as a double.
  case number(Double)
  /// A string (its integer value is read with ``_ListingSource/channelInteger(_:)``).
  case text
  /// Absent, or anything else.
  case none
}

/// A leg's direction, as the listing reads it.
enum _ListingDirection {
  case inbound, outbound, other
}

/// Where a listing row's inputs come from: a decoded record, or a line's bytes.
protocol _ListingSource {
  /// A string value (a `String`, or where its bytes are).
  associatedtype Text
  /// A stored channel variable, written as it is stored.
  associatedtype Stored

  /// A top-level string member.
  func text(_ member: _ListingText) -> Text?
  /// A top-level integer member.
  func integer(_ member: _ListingInteger) -> Int?
  /// `call_direction`; `nil` when absent.
  var direction: _ListingDirection? { get }
  /// A channel variable as text (KAZOO's to-string cast, `CustomChannelVars.text(_:)`).
  func channelText(_ name: _ListingChannelVar) -> Text?
  /// A channel variable as an integer (`CustomChannelVars.integer(_:)`).
  func channelInteger(_ name: _ListingChannelVar) -> Int?
  /// The kind of the channel variable `rate`.
  var rateValue: _ListingRateValue { get }
  /// A channel variable as stored.
  func channelStored(_ name: _ListingChannelVar) -> Stored?
  /// The text before the first `@` (all of it when there is none).
  func beforeAt(_ text: Text) -> Text
  /// Whether two texts are equal, a missing one counting as empty.
  func isEqual(_ first: Text?, _ second: Text?) -> Bool
  /// Whether a text is exactly `per_minute`.
  func isPerMinute(_ text: Text?) -> Bool
}

/// The time texts of a listing row.
enum _ListingTimeFormat {
  /// `kz_time:pretty_print_datetime/1` in a layout.
  case prettyPrinted(KazooDateTimeStyle)
  case rfc1036
  case iso8601Date
  case iso8601Combined
}

/// Where a listing row's values go, one column after another.
protocol _ListingSink {
  associatedtype Text
  associatedtype Stored

  /// A string column (`""` when missing).
  mutating func text(_ value: Text?)
  /// An integer column (`""` when missing).
  mutating func integer(_ value: Int?)
  /// A string column holding an integer's decimal text.
  mutating func decimal(_ value: Int64)
  /// A stored channel variable as it is (`""` when missing).
  mutating func stored(_ value: Stored?)
  /// A stored channel variable as a list: an array as it is, a scalar as a list of one,
  /// nothing as an empty list.
  mutating func list(_ value: Stored?)
  /// A string column holding an instant's text.
  mutating func time(_ instant: GregorianSeconds, _ format: _ListingTimeFormat)
  /// A string column holding a float in KAZOO's text (`KazooFloatText`).
  mutating func float(_ value: Double)
}

/// The figures of one leg that several columns share, and each column's rule.
struct _ListingDerivation<Source: _ListingSource> {
  let source: Source
  let options: CDRListingOptions
  /// S = timestamp − duration_seconds (missing values count as 0).
  let start: GregorianSeconds
  let accountPerMinute: Bool
  let resellerPerMinute: Bool
  /// The leg's cost in units, when a billing mode is `per_minute` (else 0).
  let units: Int64

  init(_ source: Source, options: CDRListingOptions) {
    self.source = source
    self.options = options
    let duration = Int64(source.integer(.durationSeconds) ?? 0)
    // -Int64.min does not exist; a duration that long saturates like any other.
    start = GregorianSeconds(Int64(source.integer(.timestamp) ?? 0))
      .adding(duration == .min ? .max : -duration)
    accountPerMinute = source.isPerMinute(source.channelText(.accountBilling))
    resellerPerMinute = source.isPerMinute(source.channelText(.resellerBilling))
    // Rating reads seven channel variables; do it only when a cost column needs it.
    if accountPerMinute || resellerPerMinute {
      let cost = CallCost(readingChannelVars: source.channelInteger)
      units = cost.charge(billingSeconds: Int64(source.integer(.billingSeconds) ?? 0)).units
    } else {
      units = 0
    }
  }

  /// Writes the value of `column` to `sink`.
  @inline(__always)
  func emit<Sink: _ListingSink>(_ column: CDRListingColumn, into sink: inout Sink)
  where Sink.Text == Source.Text, Sink.Stored == Source.Stored {
    switch column {
    case .id: sink.text(source.text(.documentID))
    case .callID: sink.text(source.text(.callID))
    case .callerIDNumber: sink.text(source.text(.callerIDNumber))
    case .callerIDName: sink.text(source.text(.callerIDName))
    case .calleeIDNumber: sink.text(source.text(.calleeIDNumber))
    case .calleeIDName: sink.text(source.text(.calleeIDName))
    case .durationSeconds: sink.integer(source.integer(.durationSeconds))
    case .billingSeconds: sink.integer(source.integer(.billingSeconds))
    case .timestamp: sink.decimal(start.rawValue)
    case .hangupCause: sink.text(source.text(.hangupCause))
    case .otherLegCallID: sink.text(source.text(.otherLegCallID))
    case .ownerID: sink.stored(source.channelStored(.ownerID))
    case .to: sink.text(source.text(.to))
    case .from: sink.text(source.text(.from))
    case .direction: sink.text(source.text(.direction))
    case .request: sink.text(source.text(.request))
    case .authorizingID:
      let authorizing = source.channelText(.authorizingID)
      sink.text(source.isEqual(authorizing, source.channelText(.accountID)) ? nil : authorizing)
    case .cost: sink.decimal(accountPerMinute ? units : 0)
    case .dialedNumber:
      switch source.direction {
      case .inbound: sink.text(source.text(.request).map(source.beforeAt))
      case .outbound: sink.text(source.text(.to).map(source.beforeAt))
      case .other, .none: sink.text(nil)
      }
    case .callingFrom:
      switch source.direction {
      case .inbound: sink.text(source.text(.callerIDNumber))
      case .outbound: sink.text(source.text(.fromURI).map(source.beforeAt))
      case .other, .none: sink.text(nil)
      }
    case .datetime:
      sink.time(
        options.timeAdjustment.localTime(start), .prettyPrinted(options.dateTimeStyle))
    case .unixTimestamp: sink.decimal(start.unixSeconds)
    case .unixTimestampMicro:
      let microseconds =
        source.integer(.channelCreatedTime).map(Int64.init)
        ?? start.unixSeconds.multipliedReportingOverflow(by: 1_000_000).partialValue
      sink.float(kazooUnixTimestampMicroValue(microseconds))
    case .rfc1036: sink.time(start, .rfc1036)
    case .iso8601: sink.time(start, .iso8601Date)
    case .iso8601Combined: sink.time(start, .iso8601Combined)
    case .callType: sink.stored(source.channelStored(.accountBilling))
    case .rate: sink.float(CallCost.dollars(units: rateUnits))
    case .rateName: sink.stored(source.channelStored(.rateName))
    case .bridgeID: sink.stored(source.channelStored(.bridgeID))
    case .recordingURL: sink.text(source.text(.recordingURL))
    case .mediaRecordings: sink.list(source.channelStored(.mediaRecordings))
    case .mediaServer: sink.text(source.text(.mediaServer))
    case .callPriority: sink.stored(source.channelStored(.callPriority))
    case .interactionID: sink.text(source.text(.interactionID))
    case .resellerCost: sink.decimal(resellerPerMinute ? units : 0)
    case .resellerCallType: sink.stored(source.channelStored(.resellerBilling))
    }
  }

  /// The `rate` column's units: CCV `rate` only; a JSON number truncated toward zero, text
  /// parsed and rounded, anything else (or nothing) 0.
  var rateUnits: Int64 {
    switch source.rateValue {
    case .number(let value): CallCost.integer(value)
    case .text: source.channelInteger(.rate).map(Int64.init) ?? 0
    case .none: 0
    }
  }
}
