import CDRKit
import Testing

@testable import CDRCommandLine

@Suite("cdr on hostile input")
struct HostileInputCommandTests {
  @Test("cdr cat on a gzip file says it is gzip, exit 1")
  func gzipFile() {
    let path = fixturePath("bad/bridged-pair.ndjson.gz")
    let result = runTool(["cat", path], bytes: [])
    #expect(result.code == 1)
    #expect(result.output.isEmpty)
    #expect(
      result.errors
        == "\(path):1: record 0: not JSON: the input is gzip-compressed; decompress it first"
        + " (for example with gunzip)\n1 read, 0 accepted, 1 rejected\n")
  }

  @Test("cdr cat on NUL bytes: one rejection naming the byte, exit 1")
  func nulBytes() {
    let result = runTool(["cat"], bytes: [UInt8](repeating: 0, count: 4096))
    #expect(result.code == 1)
    #expect(
      result.errors
        == "<stdin>:1: record 0: malformed JSON: unexpected byte 0x0\n1 read, 0 accepted, 1 rejected\n"
    )
  }

  @Test("cdr cat and interactions: garbage lines reported by line, good legs kept")
  func garbageLines() {
    let good = [
      #"{"call_id":"a","other_leg_call_id":"b","timestamp":63746438460,"duration_seconds":60}"#,
      #"{"call_id":"b","other_leg_call_id":"a","timestamp":63746438460,"duration_seconds":60}"#,
    ]
    let text =
      "\u{FEFF}" + good[0] + "\r\n" + "\u{0}\u{0}\r\n" + #"{"call_id":"# + "\n"
      + good[1] + "\r\n"
    let cat = runTool(["cat"], bytes: Array(text.utf8))
    #expect(cat.code == 1)
    #expect(cat.output.split(separator: "\n").count == 2)
    #expect(
      cat.errors
        == """
        <stdin>:2: record 1: malformed JSON: unexpected byte 0x0
        <stdin>:3: record 2: malformed JSON: unexpected end of input
        4 read, 2 accepted, 2 rejected

        """)
    let interactions = runTool(["interactions"], bytes: Array(text.utf8))
    #expect(interactions.code == 1)
    #expect(interactions.output.split(separator: "\n").count == 1)
    #expect(interactions.errors.contains("4 read, 2 accepted, 2 rejected"))
  }
}

/// Records whose integer fields sit at the limits of `Int64`, in both orders.
private func extremeLegs(_ first: Int64, _ second: Int64) -> String {
  func leg(_ id: String, _ other: String, _ big: Int64, _ small: Int64) -> String {
    """
    {"call_id":"\(id)","other_leg_call_id":"\(other)","timestamp":\(big),\
    "duration_seconds":\(small),"billing_seconds":\(big),"ringing_seconds":\(small),\
    "channel_created_time":\(small),"interaction_time":\(big),"pvt_created":\(big),\
    "pvt_modified":\(small),"custom_channel_vars":{"bridge_id":"a","owner_id":"o",\
    "account_id":"acc","rate":\(big),"rate_increment":\(small),"rate_minimum":\(big),\
    "surcharge":\(big)}}
    """
  }
  return leg("a", "b", first, second) + "\n" + leg("b", "a", second, first) + "\n"
}

@Suite("cdr on integers at the limits of Int64")
struct ExtremeIntegerTests {
  static let limits: [(Int64, Int64)] = [
    (.max, .min), (.min, .max), (.max, .max), (.min, .min), (0, .min), (.min, 0), (1, .min),
  ]

  /// Every command that does arithmetic on seconds, on legs at the limits. Before the
  /// saturating fixes, csv, interactions, stats and page trapped on arithmetic overflow,
  /// and so did page with a page size of Int.max.
  @Test(
    "no command traps on Int64.min or Int64.max in integer fields",
    arguments: [
      ["legs", "a"], ["interactions"], ["interactions", "--stream"],
      ["interactions", "--format", "table"], ["csv"], ["csv", "--columns", "reseller"],
      ["csv", "--utc-offset", "-50400"], ["stats"], ["stats", "--by", "day"],
      ["stats", "--by", "owner"], ["validate"], ["page"], ["page", "--sort", "start"],
      ["page", "--interactions"], ["page", "--ascending"],
      ["page", "--page-size", "9223372036854775807"],
      ["page", "--page-size", "9223372036854775807", "--interactions"],
    ])
  func noTrap(arguments: [String]) {
    for (first, second) in Self.limits {
      let result = runTool(arguments, bytes: Array(extremeLegs(first, second).utf8))
      #expect(result.code <= 1, "\(arguments) on \(first), \(second): \(result.errors)")
      #expect(result.errors.contains("2 read, 2 accepted, 0 rejected"))
    }
  }

  @Test("the fixed spots saturate at the limits")
  func saturation() throws {
    var leg = CallDetailRecord(callID: "a")
    leg.timestamp = 0
    leg.durationSeconds = .min
    // timestamp − duration = 0 − Int64.min, which saturates.
    #expect(leg.listingStartTime == GregorianSeconds(rawValue: .max))

    var early = CallDetailRecord(callID: "e")
    early.timestamp = .min
    early.otherLegCallID = "l"
    var late = CallDetailRecord(callID: "l")
    late.timestamp = .max
    late.otherLegCallID = "e"
    let interactions = InteractionGrouper().group([early, late]).interactions
    #expect(interactions.count == 1)
    #expect(interactions.first?.durationSeconds == .max)

    var statistics = InteractionStatistics()
    var billed = CallDetailRecord(callID: "b")
    billed.billingSeconds = .max
    billed.ringingSeconds = .max
    statistics.add(leg: billed)
    statistics.add(leg: billed)
    #expect(statistics.billingSeconds == .max && statistics.ringingSeconds == .max)

    let request = try PageRequest(query: QueryString(""), now: GregorianSeconds(rawValue: .min))
    #expect(request.range == Int64.min...Int64.min)
  }
}
