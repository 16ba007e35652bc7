/// Which branch's `cdrs` schema decides the set of known top-level properties.
///
/// Master's schema (`applications/crossbar/priv/couchdb/schemas/cdrs.json`, 5.0) lists fewer
/// properties than branch 4.3's, although master's cdr application writes the 4.3 extras
/// (`interaction_key`, `interaction_time`, `event_name`, …) into every CDR. The default is
/// therefore ``kazoo43``, the superset that production clusters run; choose ``master`` to
/// reproduce master's schema to the letter.
public enum CDRSchemaVersion: String, Sendable, Hashable, Codable, CaseIterable {
  /// Master's property list only.
  case master
  /// Master's list plus the twelve properties branch 4.3 adds: `channel_call_state`,
  /// `channel_name`, `channel_state`, `event_category`, `event_name`, `interaction_key`,
  /// `interaction_time` (integer), `msg_id`, `switch_hostname`, `switch_nodename`,
  /// `switch_uri`, `switch_url`.
  case kazoo43 = "4.3"
}
