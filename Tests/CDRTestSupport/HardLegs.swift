// Seeded NDJSON for tests that compare the leg table with the record path.

/// Seeded NDJSON with every hard case the table must get right.
public enum HardLegs {
  /// `calls` calls of one to four legs, with rejected, blank and CRLF lines among them.
  public static func ndjson(seed: UInt64, calls: Int) -> [UInt8] {
    var random = SeededGenerator(seed: seed)
    var lines: [String] = []
    func pick<T>(_ values: [T]) -> T { values[random.below(values.count)] }
    for call in 0..<calls {
      let legCount = 1 + random.below(4)
      let base = 1_700_000_000_000_000 + random.below(50) * 1_000_000
      let aLeg = "c\(call)-0"
      let shared = "i\(call % 97)"
      for legNumber in 0..<legCount {
        var callID = "c\(call)-\(legNumber)"
        if random.below(20) == 0 { callID = aLeg }  // a duplicate call id
        if random.below(40) == 0 { callID = "cé\(call)-\(legNumber)" }  // not ASCII
        var members: [String] = []
        if random.below(25) == 0 {
          // The same call id, escaped: decoded to the same text.
          members.append("\"call_id\":\"c\\u0030\(callID.dropFirst(2))\"")
        } else {
          members.append("\"call_id\":\"\(callID)\"")
        }
        switch random.below(8) {
        case 0: members.append("\"other_leg_call_id\":\"\(aLeg)\"")
        case 1: members.append("\"other_leg_call_id\":\"missing-\(call)\"")
        case 2: members.append("\"other_leg_call_id\":\"\(callID)\"")
        case 3: members.append("\"other_leg_call_id\":\"\"")
        case 4: members.append("\"other_leg_call_id\":null")
        default: break
        }
        var vars: [String] = []
        switch random.below(4) {
        case 0: vars.append("\"bridge_id\":\"\(aLeg)\"")
        case 1: vars.append("\"bridge_id\":\"\(callID)\"")
        default: break
        }
        if random.below(3) > 0 {
          vars.append("\"account_id\":\"\(pick(["acc1", "acc2", "äcc"]))\"")
        }
        if random.below(2) == 0 { vars.append("\"owner_id\":\"\(pick(["own1", "own2"]))\"") }
        if random.below(10) == 0 { vars.append("\"owner_id\":5") }
        if random.below(6) == 0 { vars.append("\"other\":{\"deep\":[1,2,{\"x\":\"y\"}]}") }
        if !vars.isEmpty || random.below(3) == 0 {
          members.append("\"custom_channel_vars\":{\(vars.joined(separator: ","))}")
        }
        if random.below(4) == 0 { members.append("\"pvt_account_id\":\"pvt\(call % 3)\"") }
        if random.below(5) == 0 {
          members.append("\"channel_loopback_leg\":\"\(pick(["A", "B", "C"]))\"")
          members.append(
            "\"channel_loopback_other_leg_id\":\"\(pick([aLeg, callID, "lb\(call)"]))\"")
        }
        switch random.below(6) {
        case 0: members.append("\"interaction_id\":\"\(shared)\"")
        case 1: members.append("\"interaction_id\":\"\(shared)-\(legNumber)\"")
        case 2: members.append("\"interaction_id\":\"\"")
        default: break
        }
        let created = base + pick([0, 0, 1, 500_000, 2_000_000])
        switch random.below(6) {
        case 0: break
        case 1: members.append("\"channel_created_time\":\"\(created)\"")
        case 2: members.append("\"channel_created_time\":0")
        default: members.append("\"channel_created_time\":\(created)")
        }
        let timestamp = 63_870_000_000 + random.below(100)
        members.append(
          random.below(8) == 0 ? "\"timestamp\":\"\(timestamp)\"" : "\"timestamp\":\(timestamp)")
        if random.below(5) > 0 { members.append("\"duration_seconds\":\(random.below(300))") }
        switch random.below(5) {
        case 0: members.append("\"billing_seconds\":\"\(random.below(100))\"")
        case 1: break
        default:
          members.append("\"billing_seconds\":\(random.below(3) == 0 ? 0 : random.below(200))")
        }
        if random.below(2) == 0 { members.append("\"ringing_seconds\":\(random.below(30))") }
        switch random.below(6) {
        case 0: members.append("\"caller_id_number\":5551234")
        case 1: members.append("\"caller_id_name\":\"Zoë \\\"Z\\\"\"")
        default:
          members.append("\"caller_id_number\":\"+1555\(random.below(10000))\"")
          members.append("\"caller_id_name\":\"Caller \(call)\"")
        }
        if random.below(2) == 0 { members.append("\"callee_id_number\":\"200\(legNumber)\"") }
        if random.below(3) == 0 { members.append("\"callee_id_name\":\"Desk \(legNumber)\"") }
        members.append(
          "\"call_direction\":\"\(pick(["inbound", "outbound", "outbound", "sideways"]))\"")
        switch random.below(8) {
        case 0: members.append("\"disposition\":\"ATTENDED_TRANSFER\"")
        case 1: members.append("\"disposition\":\"blind_transfer\"")
        case 2: members.append("\"transfer_history\":{\"1\":{\"t\":1},\"2\":{\"t\":2}}")
        default: members.append("\"disposition\":\"SUCCESS\"")
        }
        if random.below(3) > 0 { members.append("\"_id\":\"202401-\(callID)\"") }
        if random.below(4) == 0 { members.append("\"media_server\":\"fs\(call % 4)\"") }
        if random.below(30) == 0 { members.append("\"billing_seconds\":7") }  // repeated key
        members.shuffle(using: &random)
        let line = "{" + members.joined(separator: ",") + "}"
        lines.append(line)
        if random.below(30) == 0 { lines.append(line) }  // an exact duplicate document
      }
      switch random.below(40) {
      case 0: lines.append("{not json")
      case 1: lines.append("[1,2]")
      case 2: lines.append("{\"no_call_id\":1}")
      case 3: lines.append("{\"call_id\":5}")
      case 4: lines.append("")
      case 5: lines.append("   ")
      case 6: lines.append("{\"call_id\":\"bad\",}")
      default: break
      }
    }
    var text = ""
    for line in lines {
      text += line
      text += random.below(10) == 0 ? "\r\n" : "\n"
    }
    return Array(text.utf8)
  }
}
