/// How strictly ``CDRValidator`` applies KAZOO's `cdrs` schema.
///
/// | Mode | Unknown top-level keys | Numeric strings in integer fields | Header names |
/// |---|---|---|---|
/// | ``exact`` | error (`additionalProperties`) | error (`type`) | KAZOO's pattern, through the `anyOf` |
/// | ``lenient`` | allowed | warning | KAZOO's pattern, through the `anyOf` |
/// | ``strict`` | error | error | also RFC 3261 tokens; values without controls (tab excepted), DEL, C1, U+2028/9 |
///
/// ```swift
/// let report = CDRValidator(mode: .lenient).validate(document)
/// ```
public enum CDRValidationMode: String, Sendable, Hashable, Codable, CaseIterable {
  /// KAZOO's draft-4 schema exactly as written, after stripping private keys (`_…`, `pvt_…`)
  /// from the top level as KAZOO's public view does.
  case exact
  /// For real stored documents: unknown keys allowed, and the drifts KAZOO's own readers
  /// tolerate (numeric strings in integer fields, numbers in string fields, `"true"` and
  /// `"false"` in Boolean fields, non-string values in `custom_channel_vars`, a call
  /// direction in the wrong case) reported as warnings instead of errors.
  case lenient
  /// ``exact`` plus header safety beyond KAZOO: every `custom_sip_headers` name (flat, `in`
  /// or `out`) must match KAZOO's pattern *and* be an RFC 3261 token, every value must be a
  /// string without control characters (tab excepted), DEL, C1 controls or U+2028/U+2029
  /// (see ``SIPHeaderValue``). Violations that only strict mode reports have rule ids
  /// starting with `strict.`; they mark exactly where strict and KAZOO-exact verdicts differ.
  case strict
}
