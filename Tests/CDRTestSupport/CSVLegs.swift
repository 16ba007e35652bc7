// Seeded NDJSON for tests that compare `cdr csv`'s byte path with its record path.

/// Seeded NDJSON legs with every case a listing row's cells depend on: plain values, and
/// values the byte path must leave to the full reader.
public enum CSVLegs {
  /// `count` lines: mostly plain legs, with escapes, non-ASCII text, missing members,
  /// numbers written as strings, floats, negative start times, `per_minute` billing,
  /// `media_recordings` arrays and scalars, formula-like cells, commas and quotes, repeated
  /// and escaped keys, webhook and listing-row shapes, blank, CRLF and broken lines.
  public static func ndjson(seed: UInt64, count: Int) -> [UInt8] {
    var random = SeededGenerator(seed: seed)
    var text = ""
    for number in 0..<count {
      var line = self.line(&random, number: number)
      if random.below(30) == 0 { line = mutated(line, &random) }
      text += line
      text += random.below(15) == 0 ? "\r\n" : "\n"
      if random.below(40) == 0 { text += random.below(2) == 0 ? "\n" : "  \n" }
    }
    return Array(text.utf8)
  }

  /// One leg as a JSON object's text.
  public static func line(_ random: inout SeededGenerator, number: Int) -> String {
    func pick(_ values: [String]) -> String { values[random.below(values.count)] }
    func maybe(_ oneIn: Int) -> Bool { random.below(oneIn) == 0 }
    // A third of the legs have values the byte path leaves to the reader; the others are
    // plain throughout (formula-like, comma and number-like texts included).
    let hostile = maybe(3)
    func odd(_ oneIn: Int) -> Bool { hostile && maybe(oneIn) }
    var members: [String] = []
    let plainTexts = [
      "\"plain\"", "\"+14155550100\"", "\"Alice, A.\"", "\"=1+2\"", "\"-5\"", "\"@SUM(A1)\"",
      "\"\"", "\"0.01\"", "\"-0.5x\"", "\"+1 415\"", "\"a@b@c\"",
    ]
    let texts = [
      "\"plain\"", "\"+14155550100\"", "\"Alice, A.\"", "\"said \\\"hi\\\"\"", "\"=1+2\"",
      "\"-5\"", "\"@SUM(A1)\"", "\"caf\u{E9}\"", "\"tab\\there\"", "\"\\u0041BC\"", "\"\"",
      "\"0.01\"", "\"-0.5x\"", "\"line\\nbreak\"", "\"+1 415\"", "5551234", "null",
    ]
    func plainMostly() -> String {
      random.below(3) > 0 ? "\"v\(random.below(1000))\"" : pick(hostile ? texts : plainTexts)
    }
    if !maybe(5) { members.append("\"_id\":\(plainMostly())") }
    if !odd(20) {
      members.append(odd(10) ? "\"call_id\":\"c\\u0031-\(number)\"" : "\"call_id\":\"c-\(number)\"")
    }
    let direction = pick(["inbound", "outbound", "outbound", "inbound"])
    switch hostile ? random.below(10) : 9 {
    case 0: break
    case 1: members.append("\"call_direction\":\"sideways\"")
    case 2: members.append("\"call_direction\":5")
    default: members.append("\"call_direction\":\"\(direction)\"")
    }
    for key in [
      "caller_id_number", "caller_id_name", "callee_id_number", "callee_id_name", "hangup_cause",
      "other_leg_call_id", "recording_url", "media_server", "interaction_id",
    ] where !maybe(4) {
      members.append("\"\(key)\":\(plainMostly())")
    }
    for key in ["to", "from", "request", "from_uri"] where !maybe(5) {
      let user = pick(["+16505550007", "=cmd", "-12", "200", "a,b", hostile ? "caf\u{E9}" : "x"])
      let value =
        odd(6)
        ? pick(texts) : "\"\(user)\(maybe(4) ? "" : "@example.com")\(maybe(8) ? "@x" : "")\""
      members.append("\"\(key)\":\(value)")
    }
    let timestamp = 63_746_438_400 + random.below(1_000_000)
    switch random.below(12) {
    case 0: break
    case 1 where hostile: members.append("\"timestamp\":\"\(timestamp)\"")
    case 2 where hostile: members.append("\"timestamp\":\(timestamp).5")
    case 3: members.append("\"timestamp\":-\(random.below(100))")
    default: members.append("\"timestamp\":\(timestamp)")
    }
    switch random.below(10) {
    case 0: break
    case 1 where hostile: members.append("\"duration_seconds\":\"\(random.below(600))\"")
    case 2: members.append("\"duration_seconds\":9223372036854775807")
    default: members.append("\"duration_seconds\":\(random.below(600))")
    }
    switch random.below(10) {
    case 0: break
    case 1 where hostile: members.append("\"billing_seconds\":\"\(random.below(600))\"")
    case 2 where hostile: members.append("\"billing_seconds\":\(random.below(600)).0")
    default: members.append("\"billing_seconds\":\(random.below(600))")
    }
    switch random.below(6) {
    case 0: break
    case 1 where hostile: members.append("\"channel_created_time\":\"1579219201000001\"")
    default:
      members.append("\"channel_created_time\":\(1_579_219_200_000_000 + random.below(1 << 40))")
    }
    if !maybe(8) {
      members.append("\"custom_channel_vars\":{\(channelVars(&random, hostile: hostile))}")
    }
    switch hostile ? random.below(20) : 7 + random.below(2) {
    case 0: members.append("\"hook_event\":\"channel_destroy\",\"account_id\":\"acc1\"")
    case 1: members.append("\"transfer_history\":{\"1\":\"x\"}")
    case 2: members.append("\"media_recordings\":[\"top.mp3\"]")
    case 3: members.append("\"billing_seconds\":7")
    case 4: members.append("\"\\u0074o\":\"escaped-key@x\"")
    case 5:
      members = [
        "\"call_id\":\"row-\(number)\"", "\"datetime\":\"2020-01-17_00:00:00\"",
        "\"unix_timestamp\":\"1579219200\"", "\"calling_from\":\"+1\"",
      ]
    case 6: members.append("\"app_name\":5")
    case 7: members.append("\"pvt_extra\":{\"deep\":[1,{\"x\":\"y\"}]}")
    default: break
    }
    for _ in 0..<random.below(members.count + 1) {
      members.swapAt(random.below(members.count), random.below(members.count))
    }
    let separator = maybe(10) ? ", " : ","
    let colon = maybe(10) ? ": " : ":"
    return "{" + members.joined(separator: separator).replacingColons(colon) + "}"
  }

  /// A `custom_channel_vars` object's members.
  static func channelVars(_ random: inout SeededGenerator, hostile: Bool) -> String {
    func pick(_ values: [String]) -> String { values[random.below(values.count)] }
    func maybe(_ oneIn: Int) -> Bool { random.below(oneIn) == 0 }
    func pick(_ plain: [String], _ others: [String]) -> String {
      hostile && maybe(2) ? pick(others) : pick(plain)
    }
    var vars: [String] = []
    if !maybe(4) {
      vars.append(
        "\"account_billing\":\(pick(["\"per_minute\"", "\"per_minute\"", "\"flat_rate\""], ["5"]))")
    }
    if maybe(3) {
      vars.append(
        "\"reseller_billing\":\(pick(["\"per_minute\"", "\"limits\"", "\"per_minute\""]))")
    }
    let account = pick(["\"acc1\"", "\"acc2\""], ["\"\u{E4}cc\"", "7"])
    if !maybe(4) { vars.append("\"account_id\":\(account)") }
    if !maybe(3) {
      vars.append("\"authorizing_id\":\(maybe(2) ? account : pick(["\"dev1\"", "\"\""]))")
    }
    let numbers = ["\"100\"", "100", "\"-20\"", "12345678901234567", "\"60\"", "0", "-3"]
    let oddNumbers = [
      "\"0.01\"", "0.5", "\"abc\"", "\"007\"", "\" 5\"", "\"+5\"", "1e2", "null", "\"\"",
    ]
    if !maybe(4) {
      vars.append("\"rate\":\(maybe(2) ? "\"\(random.below(500))\"" : pick(numbers, oddNumbers))")
    }
    for key in [
      "rate_increment", "rate_minimum", "surcharge", "rate_nocharge_time", "discount_percentage",
      "billing_seconds_offset", "Rate", "Rate-Increment", "Rate-Minimum",
    ] where maybe(4) {
      vars.append("\"\(key)\":\(maybe(2) ? "\"\(random.below(120))\"" : pick(numbers, oddNumbers))")
    }
    for key in ["owner_id", "rate_name", "bridge_id", "call_priority"] where !maybe(3) {
      vars.append(
        "\"\(key)\":\(pick(["\"o1\"", "\"a,b\"", "\"=x\"", "3", "\"-7\""], ["true", "null", "\"\u{E9}\"", "\"q\\\"\""]))"
      )
    }
    switch random.below(hostile ? 8 : 4) {
    case 0: vars.append("\"media_recordings\":[\"a.mp3\",\"b.mp3\"]")
    case 1: vars.append("\"media_recordings\":\"only.mp3\"")
    case 2: vars.append("\"media_recordings\":[]")
    case 3: vars.append("\"media_recordings\":[ \"a.mp3\" , \"=b\" ]")
    case 4: vars.append("\"media_recordings\":[ \"\u{E9}.mp3\" , \"=b\" ]")
    case 5: vars.append("\"media_recordings\":[1,\"x\"]")
    default: break
    }
    switch hostile ? random.below(25) : 2 + random.below(20) {
    case 0: vars.append("\"account_billing\":\"per_minute\"")
    case 1: vars.append("\"rat\\u0065\":\"300\"")
    case 2: vars.append("\"nested\":{\"a\":[1,2]}")
    default: break
    }
    return vars.joined(separator: ",")
  }

  /// The line with one byte deleted, replaced or doubled, or cut short.
  static func mutated(_ line: String, _ random: inout SeededGenerator) -> String {
    var bytes = Array(line.utf8)
    guard bytes.count > 2 else { return line }
    let position = 1 + random.below(bytes.count - 2)
    switch random.below(4) {
    case 0: bytes.remove(at: position)
    case 1: bytes[position] = Array("\",:{}[]0a\\".utf8)[random.below(10)]
    case 2: bytes.insert(bytes[position], at: position)
    default: bytes.removeSubrange(position...)
    }
    return String(decoding: bytes, as: UTF8.self)
  }
}

extension String {
  /// The text with every `":` between a key and its value spelled `colon` instead.
  fileprivate func replacingColons(_ colon: String) -> String {
    colon == ":"
      ? self
      : split(separator: "\":", omittingEmptySubsequences: false).joined(
        separator: "\"" + colon)
  }
}
