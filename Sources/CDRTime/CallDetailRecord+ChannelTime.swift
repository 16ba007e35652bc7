import CDRModel

extension CallDetailRecord {
  /// The leg's channel time in Unix **microseconds**, as KAZOO's interaction views key it,
  /// but in one unit.
  ///
  /// KAZOO uses `channel_created_time` (Unix µs) when it is JavaScript-truthy, else
  /// `timestamp − duration_seconds` (gregorian **seconds**) and compares the two raw
  /// numbers, so a leg without `channel_created_time` always sorts first. CDRKit converts
  /// the fallback to Unix microseconds instead — `(timestamp − duration_seconds −
  /// 62167219200) × 10⁶` — so legs compare by the instant they started. Missing
  /// `timestamp` or duration count as 0, as in KAZOO.
  public var channelTimeMicroseconds: Int64 {
    if let created = channelCreatedTime, created != 0 { return Int64(created) }
    let startSeconds = listingStartTime.unixSeconds
    let (micros, overflow) = startSeconds.multipliedReportingOverflow(by: 1_000_000)
    if overflow { return startSeconds < 0 ? .min : .max }
    return micros
  }

  /// The leg's start in gregorian seconds: ``channelTimeMicroseconds`` truncated to the
  /// second.
  public var channelStartTime: GregorianSeconds {
    GregorianSeconds(unixMicroseconds: channelTimeMicroseconds)
  }

  /// The leg's end: `timestamp` when present, else its start plus `duration_seconds`.
  public var channelEndTime: GregorianSeconds {
    hangupTime ?? channelStartTime.adding(Int64(durationSeconds ?? 0))
  }

  /// KAZOO's leg marker: `channel_loopback_leg` (`A`, `B`, ...), or `_` when absent.
  /// Compared as text, so `A` < `B` < `_`: loopback A, then loopback B, then ordinary legs.
  public var loopbackLegMarker: String {
    channelLoopbackLeg?.rawValue ?? "_"
  }
}
