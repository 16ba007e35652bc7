/// The layout of KAZOO's `datetime` listing column, which changed across releases.
///
/// - ``master``: `YYYY-MM-DD_HH:MM:SS` (`kz_time:pretty_print_datetime/1`, KAZOO 5.x).
/// - ``kazoo43``: `YYYY-MM-DD HH:MM:SS` (branch 4.3, a space between date and time).
/// - ``kazoo42``: `YYYY-MM-DD_HH-MM-SS` (branch 4.2, dashes in the time).
public enum KazooDateTimeStyle: String, Sendable, Hashable, Codable, CaseIterable {
  /// `2020-01-17_00:00:00` (master).
  case master
  /// `2020-01-17 00:00:00` (4.3).
  case kazoo43 = "4.3"
  /// `2020-01-17_00-00-00` (4.2).
  case kazoo42 = "4.2"
}
