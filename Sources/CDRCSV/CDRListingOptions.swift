import CDRTime

/// How ``CDRListingRow`` derives its local `datetime` column.
///
/// ```swift
/// var options = CDRListingOptions()
/// options.timeAdjustment = .fixedOffset(-18000)   // KAZOO's utc_offset=-18000
/// ```
public struct CDRListingOptions: Sendable, Hashable {
  /// The offset or zone applied to `datetime` (KAZOO's `utc_offset`); the other time
  /// columns stay UTC, as in KAZOO.
  public var timeAdjustment: TimeAdjustment
  /// The `datetime` layout (master by default).
  public var dateTimeStyle: KazooDateTimeStyle

  /// Options; by default UTC and KAZOO master's layout.
  public init(timeAdjustment: TimeAdjustment = .utc, dateTimeStyle: KazooDateTimeStyle = .master) {
    self.timeAdjustment = timeAdjustment
    self.dateTimeStyle = dateTimeStyle
  }
}
