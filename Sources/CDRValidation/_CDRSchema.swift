/// The declared type of a top-level property in KAZOO's `cdrs` schema.
enum _FieldKind: Sendable {
  case string
  case integer
  case object
  case callDirection
  case customChannelVars
  case customSIPHeaders
}

/// KAZOO's `cdrs` schema (facts 1.1): property names and declared types.
enum _CDRSchema {
  /// Properties of master's schema.
  static let master: [String: _FieldKind] = {
    var fields: [String: _FieldKind] = [:]
    for name in [
      "app_name", "app_version", "call_id", "callee_id_name", "callee_id_number",
      "caller_id_name", "caller_id_number", "digits_dialed", "disposition", "fax_bad_rows",
      "fax_ecm_used", "fax_result_code", "fax_result_text", "fax_success", "fax_total_pages",
      "fax_transfer_rate", "fax_transferred_pages", "from", "from_tag", "from_uri",
      "hangup_cause", "hangup_code", "interaction_id", "local_sdp", "media_server", "node",
      "other_leg_call_id", "other_leg_caller_id_name", "other_leg_caller_id_number",
      "other_leg_destination_number", "other_leg_direction", "presence_id", "remote_sdp",
      "request", "to", "to_tag", "to_uri", "user_agent",
    ] {
      fields[name] = .string
    }
    for name in [
      "billing_seconds", "channel_created_time", "duration_seconds", "ringing_seconds",
      "timestamp",
    ] {
      fields[name] = .integer
    }
    fields["call_direction"] = .callDirection
    fields["custom_application_vars"] = .object
    fields["custom_channel_vars"] = .customChannelVars
    fields["custom_sip_headers"] = .customSIPHeaders
    return fields
  }()

  /// Properties of branch 4.3's schema: master's plus twelve.
  static let kazoo43: [String: _FieldKind] = {
    var fields = master
    for name in [
      "channel_call_state", "channel_name", "channel_state", "event_category", "event_name",
      "interaction_key", "msg_id", "switch_hostname", "switch_nodename", "switch_uri",
      "switch_url",
    ] {
      fields[name] = .string
    }
    fields["interaction_time"] = .integer
    return fields
  }()

  static func fields(_ version: CDRSchemaVersion) -> [String: _FieldKind] {
    switch version {
    case .master: master
    case .kazoo43: kazoo43
    }
  }

  /// The only enum in the schema.
  static let callDirections: Set<String> = ["inbound", "outbound"]

  /// Top-level fields outside the schema that KAZOO writes as Booleans (facts 1.4); lenient
  /// mode checks them.
  static let booleanExtras: Set<String> = [
    "channel_is_loopback", "channel_loopback_bowout", "channel_loopback_bowout_execute",
    "is_conference", "interaction_is_root",
  ]

  /// KAZOO's private-key test (`kz_doc:is_private_key`): a leading `_` or `pvt_`,
  /// case-sensitive.
  static func isPrivateKey(_ key: String) -> Bool {
    key.hasPrefix("_") || key.hasPrefix("pvt_")
  }

  /// ``isPrivateKey(_:)`` on a plain key's bytes (ASCII without controls, where every byte
  /// is a character, so a byte prefix is a character prefix).
  @inline(__always)
  static func isPrivateKey(plain key: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let first = key.first else { return false }
    return first == UInt8(ascii: "_")
      || (key.count >= 4 && first == UInt8(ascii: "p") && key[1] == UInt8(ascii: "v")
        && key[2] == UInt8(ascii: "t") && key[3] == UInt8(ascii: "_"))
  }
}
