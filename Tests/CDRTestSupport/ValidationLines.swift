import Foundation

// Seeded NDJSON lines for tests that hold `cdr validate`'s byte-level verdict to the
// validator: legs valid in every mode, and the same legs with mutations aimed at each
// thing the byte-level check must notice (types, keys, enums, headers, escapes, private
// and repeated keys, broken JSON).

/// Seeded record lines, valid or mutated.
public enum ValidationLines {
  /// A leg shaped like KAZOO's stored CDRs, valid in exact, lenient and strict mode for
  /// both schema versions, as a list of `"key":value` members.
  public static func validMembers(_ random: inout SeededGenerator, number: Int) -> [String] {
    func pick<T>(_ values: [T]) -> T { values[random.below(values.count)] }
    let callID = "\(pick(["673e29cb", "99506761", "a0b1c2d3"]))-\(number)-\(random.below(1000))"
    var members = [
      "\"_id\":\"202001-\(callID)\"",
      "\"billing_seconds\":\(random.below(600))",
      "\"call_direction\":\"\(pick(["inbound", "outbound"]))\"",
      "\"call_id\":\"\(callID)\"",
      "\"callee_id_number\":\"+1650555\(1000 + random.below(9000))\"",
      "\"caller_id_name\":\"Caller \(random.below(100))\"",
      "\"channel_created_time\":\(1_579_219_201_000_000 + random.below(1_000_000))",
      "\"custom_channel_vars\":{\"account_id\":\"0000000000000011\",\"bridge_id\":\"\(callID)\","
        + "\"rate\":\"\(pick(["100", "0", "12"]))\",\"rate_increment\":\"60\",\"owner_id\":\"o1\"}",
      "\"duration_seconds\":\(random.below(700))",
      "\"hangup_cause\":\"NORMAL_CLEARING\"",
      "\"interaction_id\":\"63746438401-\(random.below(99999))\"",
      "\"pvt_created\":63746438673",
      "\"pvt_type\":\"cdr\"",
      "\"timestamp\":\(63_746_438_672 + random.below(1000))",
    ]
    if random.below(3) == 0 {
      members.append(
        pick([
          "\"custom_sip_headers\":{\"X-Account-ID\":\"abc\",\"X_B\":\"1\"}",
          "\"custom_sip_headers\":{\"in\":{\"X-A\":\"1\"},\"out\":{\"X-B\":\"2\"}}",
          "\"custom_sip_headers\":{}",
        ]))
    }
    if random.below(3) == 0 { members.append("\"custom_application_vars\":{\"k\":[1,{\"a\":2}]}") }
    if random.below(3) == 0 { members[5] = "\"caller_id_name\":\"Jos\\u00e9 \\\"J\\\"\"" }
    if random.below(4) == 0 { members.append("\"_rev\":\"1-abc\"") }
    return members
  }

  /// Members that each break, or may break, the verdict somewhere (a mode, a schema
  /// version, the reader).
  public static let extraMembers = [
    "\"foo\":1", "\"_private\":{\"x\":[1,2]}", "\"pvt_x\":\"y\"", "\"pvt_vsn\":\"2\"",
    "\"channel_is_loopback\":true", "\"channel_is_loopback\":\"true\"",
    "\"is_conference\":false", "\"interaction_is_root\":1", "\"interaction_is_root\":true",
    "\"hook_event\":\"channel_destroy\"", "\"hook_event\":\"channel_create\"",
    "\"interaction_time\":5", "\"interaction_time\":\"5\"", "\"event_name\":\"x\"",
    "\"event_category\":\"call_event\"", "\"call_direction\":\"INBOUND\"",
    "\"call_id\":\"dup\"", "\"billing_seconds\":1", "\"\\u0062illing_seconds\":1",
    "\"\\u005fid\":\"x\"", "\"é\":1", "\"caller_id_name\":\"José\"", "\"from\":null",
    "\"datetime\":\"x\",\"unix_timestamp\":1,\"rfc_1036\":\"y\",\"dialed_number\":\"1\"",
    "\"custom_application_vars\":[1]", "\"recording_url\":5", "\"media_recordings\":[\"a\"]",
    "\"custom_sip_headers\":{\"X[1]\":\"v\"}", "\"custom_sip_headers\":{\"X.A\":\"v\"}",
    "\"custom_sip_headers\":{\"X-A\":\"a\\r\\nb\"}",
    "\"custom_sip_headers\":{\"X-A\":\"a\u{7F}b\"}",
    "\"custom_sip_headers\":{\"in\":\"x\"}", "\"custom_sip_headers\":{\"in\":{\"X Y\":\"1\"}}",
    "\"custom_sip_headers\":{\"X-Foo\\n\":\"1\"}", "\"custom_sip_headers\":{\"X-A\":1}",
    "\"custom_sip_headers\":{\"in\":{\"X-A\":1},\"Y.B\":\"2\"}",
    "\"custom_sip_headers\":{\"X-A\":\"\\u2028\"}", "\"custom_sip_headers\":{\"X-A\":\"é\"}",
    "\"custom_sip_headers\":{\"X`A\":\"1\"}", "\"custom_sip_headers\":{\"in\":{},\"out\":{}}",
    "\"custom_sip_headers\":{\"X-A\":\"1\",\"X-A\":2}", "\"custom_sip_headers\":{\"\\u0069n\":5}",
    "\"custom_sip_headers\":{\"in\":{\"X\\u002dA\":\"1\"}}", "\"custom_sip_headers\":[]",
    "\"custom_sip_headers\":{\"out\":{\"X-A\":\"\\u0085\"},\"in\":{\"X-B\":\"\u{C2}\u{85}\"}}",
  ]

  /// Channel variables that break, or may break, the verdict.
  public static let extraChannelVars = [
    "\"rate\":\"0.5\"", "\"Rate\":\"abc\"", "\"rate\":5", "\"x\":true", "\"rate\":\"007\"",
    "\"rate_increment\":\" 60\"", "\"r\\u0061te\":\"0.5\"", "\"surcharge\":\"1.25\"",
    "\"Rate-Minimum\":\"\"", "\"é\":\"1\"", "\"y\":null", "\"z\":{\"a\":1}", "\"w\":\"\\n\"",
    "\"billing_seconds_offset\":\"-5\"", "\"rate\":\"100\",\"rate\":\"0.1\"",
  ]

  /// Replacements for a typed member's value.
  public static let drifts: [(key: String, values: [String])] = [
    ("billing_seconds", ["\"266\"", "12.0", "1e2", "null", "true", "-0", "12345678901234567890"]),
    ("timestamp", ["5", "-1", "\"63746438672\"", "0"]),
    ("call_direction", ["\"Inbound\"", "5", "\"in\\u0062ound\""]),
    ("hangup_cause", ["5", "true", "\"a\\u0000b\"", "\"\u{1B}[2J\""]),
    ("call_id", ["5", "\"a\\\"b\"", "\"ca\u{7F}ll\"", "\"c\u{202E}d\"", "\"ü\""]),
    ("custom_channel_vars", ["[]", "\"x\"", "{}"]),
    ("duration_seconds", ["\"7\"", "7.5", "1000000000000000000000"]),
  ]

  /// One line: a valid leg, mutated in 0 to 3 ways (a few lines are broken JSON, blank,
  /// or not a record at all).
  public static func line(_ random: inout SeededGenerator, number: Int) -> String {
    func pick<T>(_ values: [T]) -> T { values[random.below(values.count)] }
    switch random.below(40) {
    case 0: return pick(["", "   ", "\t"])
    case 1: return pick(["[1,2]", "{}", "{\"call_id\":5}", "\"x\"", "{\"data\":[]}", "nul"])
    case 2: return "\u{FEFF}{\"call_id\":\"bom\",\"call_direction\":\"inbound\"}"
    default: break
    }
    var members = validMembers(&random, number: number)
    for _ in 0..<random.below(4) {
      switch random.below(4) {
      case 0:
        members.insert(pick(extraMembers), at: random.below(members.count + 1))
      case 1:
        let (key, values) = pick(drifts)
        if let position = members.firstIndex(where: { $0.hasPrefix("\"\(key)\":") }) {
          members[position] = "\"\(key)\":" + pick(values)
        }
      case 2:
        if let position = members.firstIndex(where: { $0.hasPrefix("\"custom_channel_vars\":{") }) {
          var text = members[position]
          text.insert(
            contentsOf: pick(extraChannelVars) + ",", at: text.index(text.startIndex, offsetBy: 23))
          members[position] = text
        }
      default:
        // Listing-row candidates and missing members.
        members.removeAll {
          $0.hasPrefix(
            pick(["\"call_direction\"", "\"custom_channel_vars\"", "\"call_id\"", "\"timestamp\""]))
        }
      }
    }
    var text = "{" + members.joined(separator: pick([",", ", ", " ,"])) + "}"
    switch random.below(30) {
    case 0: text.removeLast()  // a missing brace
    case 1: text += "x"  // trailing content
    case 2: text += "{}"  // two objects on one line
    case 3: text = String(text.prefix(random.below(text.count)))  // cut short
    case 4: text = " " + text + " \r"  // whitespace and CRLF
    case 5: text = text.replacingFirst("\":", with: "\" :")
    case 6: text = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
    case 7: text = text.replacingFirst("\"pvt_type\":\"cdr\"", with: "\"pvt_type\":\"c\u{FFFD}\"")
    case 8:
      text = text.replacingFirst(
        "}",
        with: ",\"deep\":" + String(repeating: "[", count: 40) + String(repeating: "]", count: 40)
          + "}")
    case 9: text = text.replacingFirst("\"caller_id_name\"", with: "\"caller_id_name\u{0}\"")
    case 10: text += String(repeating: " ", count: 3000)  // over a small record limit
    default: break
    }
    return text
  }

  /// `lines` seeded lines as NDJSON bytes (a few with CRLF, one invalid UTF-8 byte now and
  /// then), ending with a newline or not.
  public static func ndjson(seed: UInt64, lines: Int) -> [UInt8] {
    var random = SeededGenerator(seed: seed)
    var bytes: [UInt8] = []
    for number in 0..<lines {
      var line = Array(line(&random, number: number).utf8)
      if random.below(60) == 0, line.count > 10 { line[random.below(line.count)] = 0xFF }
      bytes += line
      bytes += random.below(20) == 0 ? [0x0D, 0x0A] : [0x0A]
    }
    if random.below(2) == 0, bytes.last == 0x0A { bytes.removeLast() }
    return bytes
  }
}

extension String {
  /// The string with the first occurrence of `target` replaced (unchanged without one).
  fileprivate func replacingFirst(_ target: String, with replacement: String) -> String {
    guard let range = range(of: target) else { return self }
    return replacingCharacters(in: range, with: replacement)
  }
}
