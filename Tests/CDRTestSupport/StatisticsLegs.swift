// Seeded NDJSON for tests that compare statistics from the leg table with the record path.

/// Seeded NDJSON with the cases call KPIs and their groupings must get right, beyond
/// ``HardLegs``' grouping cases: labels `String` holds equal with different bytes (NFC and
/// NFD, the Kelvin sign and `K`), raw and escaped; the literal `(none)`; ringing and billed
/// seconds at the limits of `Int` (sums that saturate, in an order-dependent way for
/// negative ringing); starts around daylight-saving transitions, local midnights and far
/// from the present; transfer histories and dispositions; duplicate call ids and documents.
public enum StatisticsLegs {
  /// `calls` calls of one to four legs, with a few rejected lines among them.
  public static func ndjson(seed: UInt64, calls: Int) -> [UInt8] {
    var random = SeededGenerator(seed: seed)
    func pick<T>(_ values: [T]) -> T { values[random.below(values.count)] }
    // (raw JSON text, escaped JSON text) of each label.
    let accounts: [(String, String)] = [
      ("acc1", "acc1"), ("acc2", "acc2"), ("\u{E4}cc", "\\u00e4cc"), ("a\u{308}cc", "a\\u0308cc"),
      ("\u{212A}", "\\u212a"), ("K", "\\u004b"), ("(none)", "(none)"), ("", ""),
    ]
    let owners: [(String, String)] = [
      ("own1", "own1"), ("own2", "own2"), ("\u{F3}wn", "\\u00f3wn"), ("o\u{301}wn", "o\\u0301wn"),
      ("(none)", "(none)"), ("", ""),
    ]
    let directions: [(String, String)] = [
      ("inbound", "inbound"), ("outbound", "outbound"), ("outbound", "outbound"),
      ("sid\u{E9}", "sid\\u00e9"), ("side\u{301}", "side\\u0301"), ("sideways", "sideways"),
    ]
    func label(_ value: (String, String)) -> String {
      "\"" + (random.below(3) == 0 ? value.1 : value.0) + "\""
    }
    // Unix seconds: New York's 2024 transitions (07:00Z on March 10, 06:00Z on November 3),
    // UTC midnight, New York and Kolkata midnights, 1970, 1900, and 2100.
    let instants: [Int] = [
      1_710_053_999, 1_710_054_000, 1_710_057_600, 1_730_613_599, 1_730_613_600,
      1_730_617_200, 1_704_067_200, 1_704_085_200, 1_704_047_400, 0, -2_208_988_800,
      4_102_444_800,
    ]
    let extremes = [Int.max, Int.min, Int.max / 2 + 1, -(Int.max / 2), -5, 0]
    var lines: [String] = []
    for call in 0..<calls {
      let legCount = 1 + random.below(4)
      let aLeg = "s\(call)-0"
      let base = pick(instants) + random.below(3) * 1800 - 1800
      for legNumber in 0..<legCount {
        var callID = "s\(call)-\(legNumber)"
        if random.below(15) == 0 { callID = aLeg }  // a duplicate call id
        var members = ["\"call_id\":\"\(callID)\""]
        if legNumber > 0 {
          members.append(
            random.below(2) == 0
              ? "\"other_leg_call_id\":\"\(aLeg)\""
              : "\"custom_channel_vars\":{\"bridge_id\":\"\(aLeg)\"}")
        }
        var vars: [String] = []
        if random.below(4) > 0 { vars.append("\"account_id\":\(label(pick(accounts)))") }
        switch random.below(6) {
        case 0: break
        case 1: vars.append("\"owner_id\":null")
        default: vars.append("\"owner_id\":\(label(pick(owners)))")
        }
        if !vars.isEmpty {
          if let bridge = members.firstIndex(where: { $0.hasPrefix("\"custom_channel_vars\"") }) {
            members[bridge] =
              "\"custom_channel_vars\":{\"bridge_id\":\"\(aLeg)\"," + vars.joined(separator: ",")
              + "}"
          } else {
            members.append("\"custom_channel_vars\":{" + vars.joined(separator: ",") + "}")
          }
        }
        if random.below(3) == 0 { members.append("\"pvt_account_id\":\(label(pick(accounts)))") }
        if random.below(6) > 0 {
          members.append("\"call_direction\":\(label(pick(directions)))")
        }
        let start = base + random.below(40)
        switch random.below(10) {
        case 0: break
        case 1: members.append("\"channel_created_time\":\(pick([1, -5_000_000_000_000_000]))")
        case 2: members.append("\"channel_created_time\":9000000000000000000")
        default:
          members.append("\"channel_created_time\":\(start * 1_000_000 + random.below(1_000_000))")
        }
        let duration = random.below(600)
        if random.below(5) > 0 { members.append("\"duration_seconds\":\(duration)") }
        if random.below(10) > 0 {
          members.append("\"timestamp\":\(start + 62_167_219_200 + duration)")
        } else if random.below(2) == 0 {
          members.append("\"timestamp\":\(Int.max)")
        }
        switch random.below(12) {
        case 0: members.append("\"ringing_seconds\":\(pick(extremes))")
        case 1: members.append("\"ringing_seconds\":\"\(random.below(30))\"")
        case 2: break
        default: members.append("\"ringing_seconds\":\(random.below(30))")
        }
        switch random.below(12) {
        case 0: members.append("\"billing_seconds\":\(pick(extremes))")
        case 1: members.append("\"billing_seconds\":\"\(random.below(300))\"")
        case 2, 3: members.append("\"billing_seconds\":0")
        default: members.append("\"billing_seconds\":\(random.below(600))")
        }
        switch random.below(10) {
        case 0: members.append("\"disposition\":\"ATTENDED_TRANSFER\"")
        case 1: members.append("\"disposition\":\"tran\u{17F}fer\"")  // ſ: TRANSFER upper-cased
        case 2:
          let entries = (0..<(1 + random.below(3))).map { "\"\($0)\":{\"t\":\($0)}" }
          members.append("\"transfer_history\":{" + entries.joined(separator: ",") + "}")
        default: members.append("\"disposition\":\"SUCCESS\"")
        }
        if random.below(5) == 0 {
          members.append("\"channel_loopback_leg\":\"\(pick(["A", "B"]))\"")
          members.append("\"channel_loopback_other_leg_id\":\"\(aLeg)\"")
        }
        if random.below(2) == 0 { members.append("\"interaction_id\":\"si\(call % 31)\"") }
        members.append("\"_id\":\"doc-\(callID)-\(random.below(3))\"")
        members.shuffle(using: &random)
        let line = "{" + members.joined(separator: ",") + "}"
        lines.append(line)
        if random.below(25) == 0 { lines.append(line) }  // an exact duplicate document
      }
      switch random.below(30) {
      case 0: lines.append("{\"call_id\":7}")
      case 1: lines.append("not json")
      case 2: lines.append("")
      default: break
      }
    }
    return Array((lines.joined(separator: "\n") + "\n").utf8)
  }
}
