import CDRModel
import Foundation

/// The key that joined two legs of an interaction.
public enum InteractionLinkKind: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
  /// A leg's `other_leg_call_id` names another leg's `call_id`.
  case otherLeg = "other_leg_call_id"
  /// A leg's `custom_channel_vars.bridge_id` names a call id (the A-leg's). Legs sharing a
  /// bridge id are joined with each other and with the leg whose call id it is.
  case bridge = "bridge_id"
  /// A loopback leg's `channel_loopback_other_leg_id` names the other half of the loopback.
  case loopback = "channel_loopback_other_leg_id"
  /// Legs share an `interaction_id` (only when ``InteractionLinkOptions/interactionID`` is on).
  case interactionID = "interaction_id"

  /// Orders kinds by their JSON key, so diagnostics sort the same way everywhere.
  public static func < (lhs: InteractionLinkKind, rhs: InteractionLinkKind) -> Bool {
    lhs.rawValue < rhs.rawValue
  }
}

/// Which keys join legs into one interaction.
///
/// The default, ``default``, is `other_leg_call_id`, `bridge_id` and
/// `channel_loopback_other_leg_id`. Joining on a shared `interaction_id` is off by default
/// because KAZOO copies interaction ids across transfers and pickups loosely; turn it on
/// to reproduce KAZOO's own `interaction_listing` grouping.
///
/// ```swift
/// let grouper = InteractionGrouper(links: [.otherLeg, .bridge, .interactionID])
/// ```
public struct InteractionLinkOptions: OptionSet, Sendable, Hashable, Codable {
  /// The raw bits.
  public let rawValue: Int

  /// Creates options from raw bits.
  public init(rawValue: Int) {
    self.rawValue = rawValue
  }

  /// Join on `other_leg_call_id`.
  public static let otherLeg = InteractionLinkOptions(rawValue: 1)
  /// Join on `custom_channel_vars.bridge_id`.
  public static let bridge = InteractionLinkOptions(rawValue: 2)
  /// Join the two halves of a loopback on `channel_loopback_other_leg_id`.
  public static let loopback = InteractionLinkOptions(rawValue: 4)
  /// Join legs that share an `interaction_id`.
  public static let interactionID = InteractionLinkOptions(rawValue: 8)

  /// `other_leg_call_id`, `bridge_id` and the loopback pair.
  public static let `default`: InteractionLinkOptions = [.otherLeg, .bridge, .loopback]

  /// Parses a comma-separated list of `other-leg`, `bridge`, `loopback`, `interaction-id`.
  /// Returns `nil` when a name is unknown or the list is empty.
  public init?(names: String) {
    var options: InteractionLinkOptions = []
    for name in names.split(separator: ",") {
      switch name.trimmingCharacters(in: .whitespaces) {
      case "other-leg": options.insert(.otherLeg)
      case "bridge": options.insert(.bridge)
      case "loopback": options.insert(.loopback)
      case "interaction-id": options.insert(.interactionID)
      default: return nil
      }
    }
    guard !options.isEmpty else { return nil }
    self = options
  }
}
