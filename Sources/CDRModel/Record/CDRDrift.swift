/// A value that did not have the type KAZOO's schema gives its field, and how it was read.
///
/// Real CDRs drift: webhook payloads and old documents write numbers as strings, Booleans
/// as `"true"`, and so on. KAZOO's own accessors tolerate these, and so does
/// ``CallDetailRecord``: the value is converted the way KAZOO converts it and the drift is
/// recorded here, so users can audit their data. When the record is written back, a
/// drifted field whose value was not changed is written in its original form, keeping
/// round trips lossless.
///
/// ```swift
/// let leg = try CallDetailRecord(jsonText: #"{"call_id":"a","duration_seconds":"32"}"#)
/// leg.durationSeconds            // 32
/// leg.drifts[0].path             // "/duration_seconds"
/// leg.drifts[0].kind             // .integerFromString
/// ```
public struct CDRDrift: Sendable, Hashable, CustomStringConvertible {
  /// The kinds of drift the decoder tolerates.
  public enum Kind: Sendable, Hashable {
    /// An integer field held a numeric string (`"32"`), read as its integer value.
    case integerFromString
    /// An integer field held a fraction (`1.5` or `"1.5"`), rounded half away from zero
    /// as KAZOO's integer cast does.
    case integerFromFraction
    /// A string field held a number, read as its literal text.
    case stringFromNumber
    /// A string field held a Boolean, read as `"true"` or `"false"`.
    case stringFromBoolean
    /// A Boolean field held the text `"true"` or `"false"`.
    case booleanFromString
    /// An enumerated field held a value outside the schema's enum; kept as `.other`.
    case unknownEnumValue
    /// A string-list field held a single string, read as a one-element list.
    case listFromScalar
    /// The value could not be read as the field's type; the typed property is `nil` and
    /// the original value is written back unchanged.
    case unreadable(expected: String)
    /// A key written in KAZOO's event form (`Billing-Seconds`, `Custom-Channel-Vars`) was
    /// renamed as `kz_json:normalize_jobj` renames it (`-` to `_`, lower case); the path
    /// is the new name, `originalKey` the old one. The value is unchanged, and the record
    /// is written back under the new name (the one case of reading that is not lossless).
    case keyNormalized(originalKey: String)
    /// A member whose value was `null` was dropped, as `kz_json:normalize_jobj` drops it.
    case nullMemberDropped
    /// The document was an event envelope (`{"name": ..., "args": {...}}`); the record is
    /// its `args`. The path is `""`; `original` is the envelope's name.
    case unwrappedEnvelope
    /// A webhook payload carried a channel variable (`account_id`, `owner_id`...) at the
    /// top level, flattened there by KAZOO's webhooks app; it was moved back into
    /// `custom_channel_vars`. `fromPath` is where it was.
    case movedIntoChannelVars(fromPath: String)
    /// A `timestamp` held Unix microseconds (2011-era CDR events: `"1308348044434992"`),
    /// recognised by its magnitude (over 10^14, far beyond any gregorian second) and
    /// converted to gregorian seconds (whole seconds, the fraction dropped).
    case gregorianFromUnixMicroseconds
  }

  /// A JSON Pointer (RFC 6901) to the value inside the record, e.g. `/duration_seconds`.
  public let path: String
  /// What kind of drift this is.
  public let kind: Kind
  /// The value exactly as the document held it.
  public let original: JSONValue
  /// The value as the typed property holds it, in JSON form; `nil` for ``Kind/unreadable(expected:)``.
  public let interpretedAs: JSONValue?

  /// Creates a drift note.
  public init(path: String, kind: Kind, original: JSONValue, interpretedAs: JSONValue?) {
    self.path = path
    self.kind = kind
    self.original = original
    self.interpretedAs = interpretedAs
  }

  /// A human sentence, e.g. `/duration_seconds: integer written as a string ("32"), read as 32`.
  public var message: String {
    let read = interpretedAs.map { ", read as \($0.jsonText)" } ?? ""
    switch kind {
    case .integerFromString:
      return "\(path): integer written as a string (\(original.jsonText))\(read)"
    case .integerFromFraction:
      return "\(path): integer written as a fraction (\(original.jsonText))\(read)"
    case .stringFromNumber:
      return "\(path): string written as a number (\(original.jsonText))\(read)"
    case .stringFromBoolean:
      return "\(path): string written as a Boolean (\(original.jsonText))\(read)"
    case .booleanFromString:
      return "\(path): Boolean written as a string (\(original.jsonText))\(read)"
    case .unknownEnumValue:
      return "\(path): value \(original.jsonText) is not in the schema's enum, kept as is"
    case .listFromScalar:
      return "\(path): list written as a single value (\(original.jsonText))\(read)"
    case .unreadable(let expected):
      return
        "\(path): expected \(expected), found \(original.typeName) \(original.jsonText); kept unchanged"
    case .keyNormalized(let originalKey):
      return "\(path): key \(JSONValue.string(originalKey).jsonText) normalized as KAZOO does"
    case .nullMemberDropped:
      return "\(path): null member dropped, as KAZOO's key normalization drops it"
    case .unwrappedEnvelope:
      return "event envelope \(original.jsonText) unwrapped: the record is its \"args\""
    case .movedIntoChannelVars(let fromPath):
      return
        "\(path): webhook field \(fromPath) (\(original.jsonText)) moved into the channel variables"
    case .gregorianFromUnixMicroseconds:
      return "\(path): Unix microseconds (\(original.jsonText))\(read) gregorian seconds"
    }
  }

  /// Whether writing the record back restores ``original`` when the typed value is
  /// unchanged: true for type drifts, false for the reshaping of event documents (their
  /// records are written in KAZOO's stored form).
  var restoresOriginal: Bool {
    switch kind {
    case .keyNormalized, .nullMemberDropped, .unwrappedEnvelope, .movedIntoChannelVars,
      .gregorianFromUnixMicroseconds:
      false
    default: true
    }
  }

  /// The same as ``message``.
  public var description: String { message }
}
