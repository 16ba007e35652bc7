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
///
/// With `unknownMembers` (opt-in) every leg also carries members that have no typed
/// property, as KAZOO webhook payloads and FreeSWITCH JSON CDRs do (see
/// Fixtures/realdata): webhook flags and ids, `channel_data`, a `variables` object of
/// some thirty SIP and channel variables, and a `callflow` array. They come from a random
/// source of their own, so the legs are otherwise the same as without the option; the
/// default output is unchanged.
struct LegGenerator {
  var random: SeededGenerator
  var clock: Int64 = 63_746_438_400  // 2020-01-17T00:00:00Z in gregorian seconds
  var serial = 0
  let accounts = (0..<20).map { String(format: "%032x", $0 &* 0x9E37_79B9 + 17) }
  /// Whether legs carry the unknown members described above.
  let unknownMembers: Bool
  /// The random source of the unknown members only.
  private var unknownRandom: SeededGenerator

  init(seed: UInt64 = 42, unknownMembers: Bool = false) {
    self.random = SeededGenerator(seed: seed)
    self.unknownMembers = unknownMembers
    self.unknownRandom = SeededGenerator(seed: seed ^ 0x5DEE_CE66_D1CE_4E5B)
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
    if unknownMembers { addUnknownMembers(to: &leg, account: account, bridge: bridge) }
    return leg
  }

  /// Adds webhook and FreeSWITCH members with no typed property (see the type's comment).
  mutating func addUnknownMembers(to leg: inout CallDetailRecord, account: String, bridge: String) {
    let caller = leg.callerIDNumber ?? ""
    let callee = leg.calleeIDNumber ?? ""
    let callerUser = String(caller.dropFirst())
    let calleeUser = String(callee.dropFirst())
    let id = leg.callID
    let owner = String(format: "%032x", serial % 500)
    let device = String(format: "%032x", (serial * 31) % 900 + 7)
    let server = leg.mediaServer ?? "fs0.example.com"
    let address =
      "10.\(serial % 200).\((serial / 200) % 250).\(Int.random(in: 2...254, using: &unknownRandom))"
    let port = String(Int.random(in: 5060...5090, using: &unknownRandom))
    let microseconds = (Int(clock) - 62_167_219_200) * 1_000_000
    let created = String(microseconds + Int.random(in: 0..<1_000_000, using: &unknownRandom))
    let answered = String(microseconds + (leg.ringingSeconds ?? 0) * 1_000_000)
    let hangup = String(microseconds + (leg.durationSeconds ?? 0) * 1_000_000)
    let tag = String(format: "%016llx", unknownRandom.next())
    let variables: [String: JSONValue] = [
      "uuid": .string(id),
      "session_id": .string(String(serial)),
      "sip_from_user": .string(callerUser),
      "sip_from_uri": .string("\(callerUser)@example.com"),
      "sip_from_host": "example.com",
      "channel_name": .string("sofia/sipinterface_1/\(callerUser)@example.com"),
      "ep_codec_string":
        "CORE_PCM_MODULE.PCMU@8000h@20i@64000b,CORE_PCM_MODULE.PCMA@8000h@20i@64000b",
      "sip_network_ip": .string(address),
      "sip_network_port": .string(port),
      "sip_received_ip": .string(address),
      "sip_received_port": .string(port),
      "sip_via_protocol": "udp",
      "sip_req_user": .string(calleeUser),
      "sip_req_uri": .string("\(calleeUser)@example.com"),
      "sip_to_user": .string(calleeUser),
      "sip_to_uri": .string("\(calleeUser)@example.com"),
      "sip_contact_params": "transport=udp;registering_acc=example_com",
      "sip_contact_uri": .string("\(callerUser)@\(address):\(port)"),
      "sip_full_from": .string(
        "\"\(leg.callerIDName ?? "")\" <sip:\(callerUser)@example.com>;tag=\(tag)"),
      "sip_full_to": .string("<sip:\(calleeUser)@example.com>"),
      "sip_user_agent": "Yealink SIP-T46S 66.86.0.15",
      "presence_id": .string("\(callerUser)@example.com"),
      "max_forwards": "69",
      "DP_MATCH": .string("ARRAY::\(calleeUser)|:\(calleeUser)"),
      "call_uuid": .string(id),
      "call_timeout": "30",
      "current_application": "bridge",
      "current_application_data": .string("sofia/sipinterface_1/\(calleeUser)@example.com"),
      "ecallmgr_Account-ID": .string(account),
      "ecallmgr_Bridge-ID": .string(bridge),
      "ecallmgr_Owner-ID": .string(owner),
      "hangup_cause": .string(leg.hangupCause ?? "NORMAL_CLEARING"),
      "start_epoch": .string(String(Int(clock) - 62_167_219_200)),
      "billsec": .string(String(leg.billingSeconds ?? 0)),
    ]
    let profile: [String: JSONValue] = [
      "username": .string(callerUser),
      "dialplan": "XML",
      "caller_id_name": .string(leg.callerIDName ?? ""),
      "caller_id_number": .string(caller),
      "network_addr": .string(address),
      "destination_number": .string(calleeUser),
      "uuid": .string(id),
      "source": "mod_sofia",
      "context": "context_2",
      "chan_name": .string("sofia/sipinterface_1/\(callerUser)@example.com"),
    ]
    let callflow: JSONValue = [
      [
        "dialplan": "XML",
        "profile_index": "1",
        "extension": [
          "name": "kazoo_bridge",
          "number": .string(calleeUser),
          "applications": [
            ["app_name": "set", "app_data": "ringback=%(2000,4000,440,480)"],
            ["app_name": "set", "app_data": "call_timeout=30"],
            [
              "app_name": "bridge",
              "app_data": .string("sofia/sipinterface_1/\(calleeUser)@example.com"),
            ],
          ],
        ],
        "caller_profile": .object(profile),
        "times": [
          "created_time": .string(created),
          "profile_created_time": .string(created),
          "answered_time": .string(leg.billingSeconds == 0 ? "0" : answered),
          "hangup_time": .string(hangup),
          "transfer_time": "0",
        ],
      ]
    ]
    leg.otherFields = [
      "hook_event": "channel_destroy",
      "account_id": .string(account),
      "owner_id": .string(owner),
      "reseller_id": .string(accounts[0]),
      "authorizing_id": .string(device),
      "authorizing_type": "device",
      "call_forwarded": false,
      "emergency_resource_used": false,
      "is_internal_leg": .bool(leg.callDirection == .outbound),
      "local_resource_used": .bool(Int.random(in: 0..<4, using: &unknownRandom) == 0),
      "core-uuid": .string(String(format: "%08x-d9eb-4f8f-80c3-1a4042aabe31", serial % 4)),
      "switchname": .string(server),
      "channel_data": [
        "state": "CS_REPORTING",
        "state_number": "11",
        "flags": "0=1;1=1;3=1;20=1;37=1;38=1;40=1;43=1;48=1;53=1;75=1;98=1;112=1;113=1",
        "caps": "1=1;2=1;3=1;4=1;5=1;6=1",
      ],
      "variables": .object(variables),
      "callflow": callflow,
    ]
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
