/// The rule a ``CDRViolation`` breaks, as a stable identifier.
///
/// The first six are JSON Schema draft-4 keywords of KAZOO's schema; the `strict.*` rules exist
/// only in ``CDRValidationMode/strict``; ``unreadable`` is used by tools for records that could
/// not be read at all.
public enum CDRValidationRule: String, Sendable, Hashable, Codable, CaseIterable {
  /// A value has the wrong JSON type (`"12"` where an integer is required). Lenient mode also
  /// uses it for the fields outside the schema that KAZOO writes as Booleans
  /// (`channel_is_loopback`, `is_conference`, …).
  case type
  /// A value is not one of the schema's enumerated values (`call_direction`).
  case `enum`
  /// A required property (`call_id`) is missing.
  case required
  /// A property the schema does not list; at the top level, or a header name that does not
  /// match the header pattern `^[a-zA-z0-9_\-]+$`.
  case additionalProperties
  /// `custom_sip_headers` matches neither the flat header map nor the `in`/`out` object.
  case anyOf
  /// Strict mode: a header name is not an RFC 3261 token, or is outside KAZOO's pattern
  /// where KAZOO's `anyOf` lets it through.
  case strictHeaderName = "strict.headerName"
  /// Strict mode: a header value is not a string where KAZOO's `anyOf` lets it through.
  case strictHeaderType = "strict.headerType"
  /// Strict mode: a header value contains a character RFC 3261 does not allow there: a
  /// control character other than tab (CR, LF, NUL, VT, FF, ESC...), DEL, a C1 control
  /// (U+0085 among them) or U+2028/U+2029 (header injection).
  case strictHeaderValue = "strict.headerValue"
  /// Lenient mode: a value KAZOO's listing (`GET /cdrs`, its CSV) cannot handle. A
  /// non-numeric `rate`, `rate_increment` or other rating input, or a leg that starts before
  /// year 0 (`timestamp − duration_seconds` < 0), makes KAZOO fail the whole page, where
  /// CDRKit renders the row (default rate, proleptic calendar); a `rate` between 0 and 1
  /// (`"0.0120"`: dollars where KAZOO stores units of 1/10000 dollar) reads as 0, so the leg
  /// is likely billed 0. A warning, never an error.
  case listing = "lenient.listing"
  /// The record could not be read (malformed JSON, not an object, no `call_id`).
  case unreadable
}
