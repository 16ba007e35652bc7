import CDRInteractions
import CDRModel
import Foundation

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
