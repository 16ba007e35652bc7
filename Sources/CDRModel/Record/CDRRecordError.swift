/// Why a JSON value cannot be a ``CallDetailRecord``.
///
/// Only two things make a record unreadable: it is not a JSON object, or it has no
/// string `call_id` (the one property KAZOO's schema requires). Everything else that
/// deviates from the schema is tolerated and reported as a ``CDRDrift``.
public enum CDRRecordError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The value is not a JSON object; `found` names its JSON type.
  case notAnObject(found: String)
  /// The object has no `call_id` member.
  case missingCallID
  /// The object's `call_id` is not a string; `found` names its JSON type.
  case callIDNotAString(found: String)
  /// The object is one of KAZOO's listing rows (a `/cdrs` summary row), not a stored CDR
  /// (see ``CallDetailRecord/isKazooListingRow``).
  case kazooListingRow
  /// The object is a KAZOO event other than the end of a call leg (`CHANNEL_CREATE`,
  /// `CHANNEL_ANSWER`, a webhook's `channel_create`...): KAZOO builds CDRs only from
  /// `CHANNEL_DESTROY` (and, in 2011, from the `call_detail`/`cdr` event). `event` names
  /// it as the document does (`call_event/CHANNEL_CREATE`, `webhook channel_create`).
  case notAnEndOfLegEvent(event: String)

  /// A human sentence explaining the problem and what a CDR needs.
  public var message: String {
    switch self {
    case .notAnObject(let found):
      "a CDR must be a JSON object, found \(CDRRecordError.withArticle(found))"
    case .missingCallID:
      "missing required \"call_id\""
    case .callIDNotAString(let found):
      "\"call_id\" must be a string, found \(CDRRecordError.withArticle(found))"
    case .kazooListingRow:
      "this is a KAZOO listing row (a /cdrs summary row: derived columns, no channel variables), "
        + "not a stored CDR; fetch full documents with 'cdr fetch' (without --rows) "
        + "or GET /cdrs/legs/{INTERACTION_ID}"
    case .notAnEndOfLegEvent(let event):
      "this is the KAZOO event \(event), not the end of a call leg; "
        + "a CDR is built only from CHANNEL_DESTROY (or a 2011 call_detail/cdr event)"
    }
  }

  static func withArticle(_ typeName: String) -> String {
    typeName == "array" || typeName == "object" ? "an \(typeName)" : "a \(typeName)"
  }

  /// The same as ``message``.
  public var description: String { message }
}
