import CDRInteractions
import CDRModel
import Foundation

/// SplitMix64: a seeded generator so randomized tests are reproducible.
struct SeededRandom: RandomNumberGenerator {
  private var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var value = state
    value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
    value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
    return value ^ (value >> 31)
  }
}

enum Fixtures {
  static let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// The records of `Fixtures/calls/NAME.ndjson`.
  static func calls(_ name: String) throws -> [CallDetailRecord] {
    let path = root.appendingPathComponent("Fixtures/calls/\(name).ndjson").path
    let reader = try CDRReader(contentsOfFile: path)
    return reader.compactMap(\.record)
  }

  static let shapes = [
    "bridged-pair", "ring-group-fork", "attended-transfer", "loopback", "unanswered",
    "other-leg-missing", "voicemail", "fax", "legacy-string-typed",
  ]

  static func all() throws -> [CallDetailRecord] {
    try shapes.flatMap { try calls($0) }
  }
}

/// A bare leg for synthetic graphs.
func makeLeg(
  _ callID: String, created: Int? = nil, otherLeg: String? = nil, bridge: String? = nil,
  interactionID: String? = nil, timestamp: Int = 63_746_438_500, duration: Int = 60
) -> CallDetailRecord {
  var leg = CallDetailRecord(callID: callID)
  leg.channelCreatedTime = created
  leg.otherLegCallID = otherLeg
  leg.interactionID = interactionID
  leg.timestamp = timestamp
  leg.durationSeconds = duration
  if let bridge {
    var vars = CustomChannelVars()
    vars.bridgeID = bridge
    leg.customChannelVars = vars
  }
  return leg
}
