import CDRKit

/// A small, fast, seeded pseudo-random generator (SplitMix64), so every run of a
/// benchmark works on the same data.
struct SeededGenerator: RandomNumberGenerator {
  private var state: UInt64

  init(seed: UInt64) {
    self.state = seed
  }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var value = state
    value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
    value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
    return value ^ (value >> 31)
  }
}

/// Generates realistic KAZOO legs shaped like the fixtures: bridged pairs, ring-group
/// forks with losing legs, transfers, single unanswered legs, in time order.
struct LegGenerator {
  var random: SeededGenerator
  var clock: Int64 = 63_746_438_400  // 2020-01-17T00:00:00Z in gregorian seconds
  var serial = 0
  let accounts = (0..<20).map { String(format: "%032x", $0 &* 0x9E37_79B9 + 17) }

  init(seed: UInt64 = 42) {
    self.random = SeededGenerator(seed: seed)
  }

  mutating func callID() -> String {
    serial += 1
    let high = random.next()
    return String(
      format: "%08x-%04x-4%03x-8%03x-%012x", UInt32(truncatingIfNeeded: high),
      UInt16(truncatingIfNeeded: high >> 32), serial & 0xFFF, (serial >> 12) & 0xFFF, serial)
  }

  /// The legs of one call (1 to 5 legs).
  mutating func nextCall() -> [CallDetailRecord] {
    clock += Int64.random(in: 0...2, using: &random)
    let account = accounts[Int.random(in: 0..<accounts.count, using: &random)]
    let interactionID =
      "\(clock)-" + String(format: "%08x", UInt32(truncatingIfNeeded: random.next()))
    let aLeg = callID()
    let duration = Int.random(in: 0...600, using: &random)
    let ringing = Int.random(in: 0...20, using: &random)
    let answered = Int.random(in: 0..<10, using: &random) < 8
    let billing = answered ? max(0, duration - ringing) : 0
    let shape = Int.random(in: 0..<10, using: &random)
    let calleeCount = shape < 6 ? 1 : (shape < 8 ? 3 : (shape < 9 ? 0 : 2))
    var legs: [CallDetailRecord] = []
    var first = makeLeg(
      aLeg, direction: .inbound, account: account, interaction: interactionID, bridge: aLeg,
      duration: duration, billing: billing, ringing: ringing)
    var calleeIDs: [String] = []
    for index in 0..<calleeCount {
      let id = callID()
      calleeIDs.append(id)
      let winner = index == 0 && answered
      var leg = makeLeg(
        id, direction: .outbound, account: account, interaction: interactionID, bridge: aLeg,
        duration: winner ? max(0, duration - 1) : ringing, billing: winner ? billing : 0,
        ringing: ringing)
      if winner { leg.otherLegCallID = aLeg }
      if !winner { leg.hangupCause = "LOSE_RACE" }
      legs.append(leg)
    }
    if answered, let winner = calleeIDs.first { first.otherLegCallID = winner }
    if !answered { first.hangupCause = "ORIGINATOR_CANCEL" }
    legs.insert(first, at: 0)
    return legs
  }

  mutating func makeLeg(
    _ id: String, direction: CallDirection, account: String, interaction: String, bridge: String,
    duration: Int, billing: Int, ringing: Int
  ) -> CallDetailRecord {
    var leg = CallDetailRecord(callID: id)
    let end = Int(clock) + duration
    leg.documentID = "202001-\(id)"
    leg.callDirection = direction
    leg.timestamp = end
    leg.durationSeconds = duration
    leg.billingSeconds = billing
    leg.ringingSeconds = ringing
    leg.channelCreatedTime = (Int(clock) - 62_167_219_200) * 1_000_000 + Int(serial % 1_000_000)
    leg.interactionID = interaction
    leg.callerIDNumber = "+1415555\(String(format: "%04d", serial % 10000))"
    leg.callerIDName = "Caller \(serial % 977)"
    leg.calleeIDNumber = "+1650555\(String(format: "%04d", (serial * 7) % 10000))"
    leg.request = "\(leg.calleeIDNumber!)@example.com"
    leg.to = leg.request
    leg.from = "\(leg.callerIDNumber!)@example.com"
    leg.hangupCause = "NORMAL_CLEARING"
    leg.hangupCode = "sip:200"
    leg.mediaServer = "fs\(serial % 4).example.com"
    leg.privateType = "cdr"
    leg.privateCreated = end + 1
    var vars = CustomChannelVars()
    vars.accountID = account
    vars.bridgeID = bridge
    vars.ownerID = String(format: "%032x", serial % 500)
    vars.accountBilling = "per_minute"
    vars.rate = 100
    vars.rateIncrement = 60
    vars.rateMinimum = 60
    leg.customChannelVars = vars
    return leg
  }

  /// At least `count` legs, whole calls only, in time order.
  mutating func legs(count: Int) -> [CallDetailRecord] {
    var result: [CallDetailRecord] = []
    result.reserveCapacity(count + 5)
    while result.count < count { result.append(contentsOf: nextCall()) }
    return result
  }

  /// The legs as NDJSON bytes.
  static func ndjson(_ legs: [CallDetailRecord]) -> [UInt8] {
    var bytes: [UInt8] = []
    for leg in legs {
      leg.json.write(to: &bytes)
      bytes.append(0x0A)
    }
    return bytes
  }
}
