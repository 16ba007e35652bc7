import CDRModel
import CDRTime

/// The rating of one leg, KAZOO's `kapps_call_util:calculate_call/5`, reproduced exactly.
///
/// Inputs come from the leg's channel variables (rates in units of 1/10000 dollar):
/// ``rate`` R, ``increment`` RI (0 means 60), ``minimum`` RM, ``surcharge`` Sur,
/// ``noChargeSeconds`` NC, ``discountPercentage`` D and ``billingSecondsOffset`` Off.
/// With B = billing seconds − Off:
///
/// 1. B ≤ 0 or B ≤ NC ⇒ nothing is charged.
/// 2. B ≤ RM ⇒ RM seconds, cost trunc(Sur + (RM/60)·R).
/// 3. otherwise ⇒ ⌈B/RI⌉·RI seconds, cost trunc(Sur + (RM/60)·R + ⌈(B−RM)/RI⌉·((RI/60)·R)).
/// 4. The discount trunc((D·0.01)·cost) is subtracted.
///
/// Every division is an IEEE-754 `Double` division evaluated in KAZOO's order, and the
/// result is truncated. This is deliberate: exact decimal arithmetic gives one unit more in
/// cases such as R 100, RI 10, B 21, where (10/60)·100·3 is 49.99999999999999 in doubles
/// and KAZOO bills 49 units, not 50.
///
/// ```swift
/// let cost = CallCost(rate: 100, increment: 60, minimum: 60)
/// cost.charge(billingSeconds: 61)  // CallCharge(chargedSeconds: 120, units: 200)
/// ```
public struct CallCost: Sendable, Hashable, Codable {
  /// Units (1/10000 dollar) per minute (`rate`).
  public var rate: Int64
  /// The billing increment in seconds (`rate_increment`); 0 is treated as 60.
  public var increment: Int64
  /// The minimum billed seconds (`rate_minimum`).
  public var minimum: Int64
  /// A flat surcharge in units (`surcharge`).
  public var surcharge: Int64
  /// Seconds that are free when the call is no longer (`rate_nocharge_time`).
  public var noChargeSeconds: Int64
  /// The discount in percent (`discount_percentage`).
  public var discountPercentage: Int64
  /// Seconds subtracted from billing seconds first (`billing_seconds_offset`).
  public var billingSecondsOffset: Int64

  /// Units in one dollar (`DOLLAR_TO_UNIT`).
  public static let unitsPerDollar: Int64 = 10_000

  /// A rating with explicit inputs; defaults are KAZOO's.
  public init(
    rate: Int64 = 0, increment: Int64 = 60, minimum: Int64 = 0, surcharge: Int64 = 0,
    noChargeSeconds: Int64 = 0, discountPercentage: Int64 = 0, billingSecondsOffset: Int64 = 0
  ) {
    self.rate = rate
    self.increment = increment
    self.minimum = minimum
    self.surcharge = surcharge
    self.noChargeSeconds = noChargeSeconds
    self.discountPercentage = discountPercentage
    self.billingSecondsOffset = billingSecondsOffset
  }

  /// The rating inputs of a leg's channel variables, each looked up as KAZOO's
  /// `get_integer_value/3` does: under KAZOO's header spelling first
  /// (`Rate-NoCharge-Time`), then the stored name (`rate_nocharge_time`).
  ///
  /// Difference from KAZOO: a value that is not numeric crashes KAZOO's rating (and the
  /// whole listing page); here it counts as absent (the default applies), and `cdr validate
  /// --mode lenient` warns about it.
  public init(channelVars vars: CustomChannelVars) {
    self.init(readingChannelVars: { vars.integer($0.name) })
  }

  /// The rating inputs as ``init(channelVars:)`` reads them, with `integer` giving a
  /// channel variable's integer value (`nil`: absent or not numeric): the one place that
  /// knows which variables rate a leg, under which spellings, with which defaults.
  init(readingChannelVars integer: (_ListingChannelVar) -> Int?) {
    func read(_ key: _ListingChannelVar, _ header: _ListingChannelVar, _ fallback: Int64) -> Int64 {
      (integer(header) ?? integer(key)).map(Int64.init) ?? fallback
    }
    self.init(
      rate: read(.rate, .rateHeader, 0), increment: read(.rateIncrement, .rateIncrementHeader, 60),
      minimum: read(.rateMinimum, .rateMinimumHeader, 0),
      surcharge: read(.surcharge, .surchargeHeader, 0),
      noChargeSeconds: read(.rateNoChargeTime, .rateNoChargeTimeHeader, 0),
      discountPercentage: read(.discountPercentage, .discountPercentageHeader, 0),
      billingSecondsOffset: read(.billingSecondsOffset, .billingSecondsOffsetHeader, 0))
  }

  /// Rates `billingSeconds` (the leg's `billing_seconds`).
  public func charge(billingSeconds: Int64) -> CallCharge {
    let billable = billingSeconds &- billingSecondsOffset
    if billable <= 0 || billable <= noChargeSeconds {
      return CallCharge(chargedSeconds: 0, units: 0)
    }
    let r = Double(rate)
    let sur = Double(surcharge)
    let rm = Double(minimum)
    let ri = increment == 0 ? 60 : increment
    let cost: Double
    let charged: Int64
    if billable <= minimum {
      charged = minimum
      cost = (sur + (rm / 60) * r).rounded(.towardZero)
    } else {
      let b = Double(billable)
      let riDouble = Double(ri)
      charged = Int64((b / riDouble).rounded(.up)) * ri
      cost = (sur + (rm / 60) * r + ((b - rm) / riDouble).rounded(.up) * ((riDouble / 60) * r))
        .rounded(.towardZero)
    }
    let discount = ((Double(discountPercentage) * 0.01) * cost).rounded(.towardZero)
    return CallCharge(chargedSeconds: charged, units: Self.integer(cost - discount))
  }

  /// The `base_cost` KAZOO stores on a rated call: R·(RM div 60) + Sur, with RM 0 read
  /// as 60 (integer division: `rate_minimum` 30 gives no minute).
  public var baseCost: Int64 {
    let minutes = (minimum == 0 ? 60 : minimum) / 60
    return rate &* minutes &+ surcharge
  }

  /// Units as dollars, KAZOO's `units_to_dollars`: units / 10000 as a `Double`.
  public static func dollars(units: Int64) -> Double {
    Double(units) / Double(unitsPerDollar)
  }

  /// Truncates a finite double into `Int64`, clamping out-of-range values.
  static func integer(_ value: Double) -> Int64 {
    let truncated = value.rounded(.towardZero)
    guard truncated.isFinite else { return 0 }
    if truncated >= 9.2e18 { return .max }
    if truncated <= -9.2e18 { return .min }
    return Int64(truncated)
  }
}

/// The result of rating a leg: seconds charged and the cost in units.
public struct CallCharge: Sendable, Hashable, Codable {
  /// Seconds billed after minimum and increment rounding.
  public var chargedSeconds: Int64
  /// The cost in units of 1/10000 dollar.
  public var units: Int64

  /// A charge.
  public init(chargedSeconds: Int64, units: Int64) {
    self.chargedSeconds = chargedSeconds
    self.units = units
  }

  /// The cost in dollars (units / 10000).
  public var dollars: Double { CallCost.dollars(units: units) }

  /// The dollars as KAZOO prints them (`0.01`, `0.0`).
  public var dollarsText: String { KazooFloatText.format(dollars) }
}
