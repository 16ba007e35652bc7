import CDRModel
import CDRTime
import Foundation

/// How ``InteractionStatistics`` are broken down.
public enum StatisticsDimension: Sendable, Hashable {
  /// By the representative leg's account id.
  case account
  /// By owner id; an interaction with legs of several owners counts once for each, as it
  /// appears in each user's KAZOO listing.
  case owner
  /// By the representative leg's `call_direction`.
  case direction
  /// By the local calendar day (`YYYY-MM-DD`) of the interaction's start in a time zone.
  case day(TimeZone)

  /// The group label used when an interaction has no value for the dimension.
  public static let noValue = "(none)"

  /// The group labels of `interaction`.
  public func keys(of interaction: Interaction) -> [String] {
    switch self {
    case .account: [interaction.accountID ?? Self.noValue]
    case .owner: interaction.ownerIDs.isEmpty ? [Self.noValue] : interaction.ownerIDs
    case .direction: [interaction.direction?.rawValue ?? Self.noValue]
    case .day(let zone): [Self.localDay(interaction.start, in: zone)]
    }
  }

  /// The group labels of a raw leg.
  public func keys(of leg: CallDetailRecord) -> [String] {
    switch self {
    case .account: [leg.customChannelVars?.accountID ?? leg.privateAccountID ?? Self.noValue]
    case .owner: [leg.customChannelVars?.ownerID ?? Self.noValue]
    case .direction: [leg.callDirection?.rawValue ?? Self.noValue]
    case .day(let zone): [Self.localDay(leg.channelStartTime, in: zone)]
    }
  }

  /// `YYYY-MM-DD` of `time` in `zone`, using the zone's UTC offset at that instant.
  public static func localDay(_ time: GregorianSeconds, in zone: TimeZone) -> String {
    localDay(local: time.adding(Int64(zone.secondsFromGMT(for: time.date))))
  }

  /// `YYYY-MM-DD` of a local time (an instant moved by its zone's offset).
  static func localDay(local time: GregorianSeconds) -> String {
    let local = time.dateTime
    let year = String(local.year)
    let paddedYear = String(repeating: "0", count: max(0, 4 - year.count)) + year
    let month = local.month < 10 ? "0\(local.month)" : "\(local.month)"
    let day = local.day < 10 ? "0\(local.day)" : "\(local.day)"
    return "\(paddedYear)-\(month)-\(day)"
  }
}

extension InteractionStatistics {
  /// Statistics of `interactions` per group label of `dimension`, sorted by label.
  public static func grouped(
    _ interactions: some Sequence<Interaction>, by dimension: StatisticsDimension
  ) -> [(key: String, statistics: InteractionStatistics)] {
    var groups: [String: InteractionStatistics] = [:]
    for interaction in interactions {
      for key in dimension.keys(of: interaction) { groups[key, default: .init()].add(interaction) }
    }
    return groups.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
      .map { (key: $0.key, statistics: $0.value) }
  }

  /// KAZOO-style statistics of raw `legs` per group label of `dimension`, sorted by label.
  public static func grouped(
    legs: some Sequence<CallDetailRecord>, by dimension: StatisticsDimension
  ) -> [(key: String, statistics: InteractionStatistics)] {
    var groups: [String: InteractionStatistics] = [:]
    for leg in legs {
      for key in dimension.keys(of: leg) { groups[key, default: .init()].add(leg: leg) }
    }
    return groups.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
      .map { (key: $0.key, statistics: $0.value) }
  }
}
