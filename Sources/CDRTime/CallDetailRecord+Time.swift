import CDRModel

extension CallDetailRecord {
  /// The leg's hangup time (`timestamp`), or `nil` when the document has none.
  public var hangupTime: GregorianSeconds? {
    timestamp.map { GregorianSeconds(Int64($0)) }
  }

  /// The leg's start as KAZOO's listings compute it: `timestamp − duration_seconds`, with
  /// a missing `timestamp` or duration counted as 0 (so a document with neither starts
  /// at gregorian second 0, as in KAZOO). The subtraction saturates at the limits of
  /// `Int64` instead of trapping on hostile values.
  ///
  /// Every time column of KAZOO's normalised rows (`timestamp`, `datetime`,
  /// `unix_timestamp`, `rfc_1036`, `iso_8601`...) is computed from this instant.
  public var listingStartTime: GregorianSeconds {
    let duration = Int64(durationSeconds ?? 0)
    // -Int64.min does not exist; a duration that long saturates like any other.
    return GregorianSeconds(Int64(timestamp ?? 0)).adding(duration == .min ? .max : -duration)
  }

  /// When the media server created the channel (`channel_created_time`, Unix
  /// microseconds), truncated to the second; `nil` when absent.
  public var channelCreatedGregorianSeconds: GregorianSeconds? {
    channelCreatedTime.map { GregorianSeconds(unixMicroseconds: Int64($0)) }
  }
}
