import CDRModel
import Testing

@testable import CDRCSV

@Suite("Call cost (facts 7.3)")
struct CallCostTests {
  struct Example: Sendable, CustomTestStringConvertible {
    let number: Int
    let rate, increment, minimum, surcharge, noCharge, discount, offset, billing: Int64
    let charged, units: Int64
    let dollars: String
    var testDescription: String { "example \(number)" }
  }

  static let examples: [Example] = [
    Example(
      number: 1, rate: 100, increment: 60, minimum: 60, surcharge: 0, noCharge: 0, discount: 0,
      offset: 0, billing: 45, charged: 60, units: 100, dollars: "0.01"),
    Example(
      number: 2, rate: 100, increment: 60, minimum: 60, surcharge: 0, noCharge: 0, discount: 0,
      offset: 0, billing: 61, charged: 120, units: 200, dollars: "0.02"),
    Example(
      number: 3, rate: 100, increment: 6, minimum: 30, surcharge: 500, noCharge: 0, discount: 0,
      offset: 0, billing: 47, charged: 48, units: 580, dollars: "0.058"),
    Example(
      number: 4, rate: 100, increment: 10, minimum: 0, surcharge: 0, noCharge: 0, discount: 0,
      offset: 0, billing: 21, charged: 30, units: 49, dollars: "0.0049"),
    Example(
      number: 5, rate: 100, increment: 60, minimum: 60, surcharge: 0, noCharge: 5, discount: 0,
      offset: 0, billing: 5, charged: 0, units: 0, dollars: "0.0"),
    Example(
      number: 6, rate: 100, increment: 60, minimum: 60, surcharge: 0, noCharge: 5, discount: 0,
      offset: 0, billing: 6, charged: 60, units: 100, dollars: "0.01"),
    Example(
      number: 7, rate: 100, increment: 60, minimum: 60, surcharge: 0, noCharge: 0, discount: 10,
      offset: 0, billing: 61, charged: 120, units: 180, dollars: "0.018"),
    Example(
      number: 8, rate: 100, increment: 60, minimum: 60, surcharge: 0, noCharge: 0, discount: 0,
      offset: 30, billing: 100, charged: 120, units: 200, dollars: "0.02"),
    Example(
      number: 9, rate: 100, increment: 0, minimum: 0, surcharge: 0, noCharge: 0, discount: 0,
      offset: 0, billing: 61, charged: 120, units: 200, dollars: "0.02"),
    Example(
      number: 10, rate: 600, increment: 60, minimum: 0, surcharge: 0, noCharge: 0, discount: 0,
      offset: 0, billing: 1, charged: 60, units: 600, dollars: "0.06"),
    Example(
      number: 11, rate: 0, increment: 60, minimum: 60, surcharge: 500, noCharge: 0, discount: 0,
      offset: 0, billing: 10, charged: 60, units: 500, dollars: "0.05"),
    Example(
      number: 12, rate: 250, increment: 60, minimum: 60, surcharge: 0, noCharge: 0, discount: 0,
      offset: 0, billing: 125, charged: 180, units: 750, dollars: "0.075"),
    Example(
      number: 13, rate: 100, increment: 6, minimum: 6, surcharge: 0, noCharge: 0, discount: 0,
      offset: 0, billing: 7, charged: 12, units: 20, dollars: "0.002"),
    Example(
      number: 14, rate: 5, increment: 10, minimum: 0, surcharge: 0, noCharge: 0, discount: 0,
      offset: 0, billing: 171, charged: 180, units: 14, dollars: "0.0014"),
  ]

  @Test(arguments: examples)
  func workedExample(_ example: Example) {
    let cost = CallCost(
      rate: example.rate, increment: example.increment, minimum: example.minimum,
      surcharge: example.surcharge, noChargeSeconds: example.noCharge,
      discountPercentage: example.discount, billingSecondsOffset: example.offset)
    let charge = cost.charge(billingSeconds: example.billing)
    #expect(charge.chargedSeconds == example.charged)
    #expect(charge.units == example.units)
    #expect(charge.dollarsText == example.dollars)
  }

  @Test(arguments: examples)
  func workedExampleFromChannelVars(_ example: Example) {
    // KAZOO stores rate CCVs as text; example 6 also uses KAZOO's header spelling.
    var values: [String: JSONValue] = [
      "rate": .string(String(example.rate)), "rate_increment": .string(String(example.increment)),
      "rate_minimum": .string(String(example.minimum)),
      "surcharge": .string(String(example.surcharge)),
      "discount_percentage": .string(String(example.discount)),
      "billing_seconds_offset": .string(String(example.offset)),
    ]
    values[example.number == 6 ? "Rate-NoCharge-Time" : "rate_nocharge_time"] = .string(
      String(example.noCharge))
    let charge = CallCost(channelVars: CustomChannelVars(values: values)).charge(
      billingSeconds: example.billing)
    #expect(charge.units == example.units)
  }

  @Test func exactMathWouldDiffer() {
    // (10/60)·100 in doubles is 16.666666666666664; times 3 is just under 50.
    #expect((10.0 / 60) * 100 * 3 < 50)
    #expect(CallCost(rate: 100, increment: 10).charge(billingSeconds: 21).units == 49)
  }

  @Test func baseCost() {
    #expect(CallCost(rate: 100, minimum: 30, surcharge: 500).baseCost == 500)
    #expect(CallCost(rate: 100, minimum: 0, surcharge: 500).baseCost == 600)
    #expect(CallCost(rate: 100, minimum: 90, surcharge: 500).baseCost == 600)
  }

  @Test func defaultsAndBadInput() {
    #expect(CallCost(channelVars: CustomChannelVars()) == CallCost())
    let bad = CustomChannelVars(values: ["rate": "abc", "rate_increment": "6"])
    #expect(CallCost(channelVars: bad) == CallCost(increment: 6))
    #expect(CallCost(rate: 100).charge(billingSeconds: 0).units == 0)
    #expect(CallCost(rate: 100).charge(billingSeconds: -5).units == 0)
  }
}
