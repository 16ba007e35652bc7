extension CallDetailRecord {
  /// The columns of KAZOO's listing row (`GET /cdrs`, `kzd_cdrs:to_public_prop`) that are
  /// derived for the listing and never stored in a CDR document.
  static let listingOnlyColumns = [
    "datetime", "unix_timestamp", "unix_timestamp_micro", "rfc_1036", "iso_8601",
    "iso_8601_combined", "dialed_number", "calling_from", "direction", "call_type",
  ]

  /// Whether this "record" is really one of KAZOO's listing rows (a summary row of
  /// `GET /cdrs`, `/users/{USER_ID}/cdrs` or `/cdrs/interaction`) rather than a stored
  /// CDR document.
  ///
  /// The rule: a listing row has neither `call_direction` nor `custom_channel_vars` (it
  /// renames the first `direction` and flattens the channel variables into columns), and
  /// it has at least three of the columns KAZOO derives only for the listing
  /// (`datetime`, `unix_timestamp`, `unix_timestamp_micro`, `rfc_1036`, `iso_8601`,
  /// `iso_8601_combined`, `dialed_number`, `calling_from`, `direction`, `call_type`). Every
  /// KAZOO version's rows have at least eight of those (4.2 rows too); a stored document,
  /// a webhook payload or a `CHANNEL_DESTROY` event has none of them. Most stored
  /// documents are cleared by the first test alone, so the check costs next to nothing.
  ///
  /// Such a row's times describe the leg's start, its `timestamp` is text, it has no
  /// channel variables and no account: read as a leg it would be wrong in every derived
  /// figure. ``CDRReader`` rejects it (``CDRRecordError/kazooListingRow``), so it never
  /// reaches grouping.
  public var isKazooListingRow: Bool {
    if callDirection != nil || customChannelVars != nil { return false }
    var found = 0
    for column in Self.listingOnlyColumns where otherField(column) != nil {
      found += 1
      if found == 3 { return true }
    }
    return false
  }
}
