import CDRModel

/// Query-string filters with crossbar's semantics (`crossbar_filter.erl`), applied to the
/// stored raw CDR document.
///
/// All clauses are ANDed; a clause that cannot be evaluated on a document (a path running
/// through a string, a non-integer time bound, a missing `pvt_created`) excludes it.
///
/// Deliberate difference: KAZOO's documentation names `missing_value`, but its code only
/// knows `value_missing` and silently ignores `missing_value`. CDRKit accepts
/// `missing_value` as an alias of `value_missing`, doing what the documentation promises.
///
/// ```swift
/// let filter = try CDRFilter(query: QueryString("filter_call_direction=inbound&has_key=custom_channel_vars.owner_id"))
/// filter.matches(record)
/// ```
public struct CDRFilter: Sendable, Hashable {
  /// One condition.
  public enum Clause: Sendable, Hashable {
    /// `filter_PATH=V`.
    case equals(path: String, value: String)
    /// `filter_not_PATH=V`.
    case notEquals(path: String, value: String)
    /// `has_key=PATH`: present (null counts).
    case hasKey(String)
    /// `key_missing=PATH`.
    case keyMissing(String)
    /// `has_value=PATH`: present and not KAZOO-empty.
    case hasValue(String)
    /// `value_missing=PATH` (and its documented alias `missing_value`).
    case valueMissing(String)
    /// `created_from=T`: `pvt_created ≥ T`. The text is kept; a non-integer excludes every doc.
    case createdFrom(String)
    /// `created_to=T`: `pvt_created ≤ T`.
    case createdTo(String)
    /// `modified_from=T`: `pvt_modified ≥ T`.
    case modifiedFrom(String)
    /// `modified_to=T`: `pvt_modified ≤ T`.
    case modifiedTo(String)
    /// Owner scope (`/users/{U}/cdrs`): `custom_channel_vars.owner_id` equals the id.
    case owner(String)

    var isTimeClause: Bool {
      switch self {
      case .createdFrom, .createdTo, .modifiedFrom, .modifiedTo: true
      default: false
      }
    }
  }

  /// The clauses, ANDed.
  public var clauses: [Clause]

  /// Creates a filter from clauses.
  public init(_ clauses: [Clause] = []) { self.clauses = clauses }

  /// Reads the filter keys of a query; other keys (paging parameters, unknown keys) are
  /// ignored as KAZOO ignores them. Applies KAZOO's CDR tweak: for a key ending in
  /// `call_id`, a value with `-` as its 7th byte loses its first 7 bytes (a CDR id
  /// `YYYYMM-<call id>` filters by the call id).
  public init(query: QueryString) {
    var clauses: [Clause] = []
    for (key, rawValue) in query.pairs {
      var value = rawValue
      let utf8 = Array(rawValue.utf8)
      if key.hasSuffix("call_id"), utf8.count > 6, utf8[6] == UInt8(ascii: "-") {
        value = String(decoding: utf8[7...], as: UTF8.self)
      }
      if key.hasPrefix("filter_not_") {
        clauses.append(.notEquals(path: String(key.dropFirst(11)), value: value))
      } else if key.hasPrefix("filter_") {
        clauses.append(.equals(path: String(key.dropFirst(7)), value: value))
      } else if key.hasPrefix("has_key") {
        clauses.append(.hasKey(value))
      } else if key.hasPrefix("key_missing") {
        clauses.append(.keyMissing(value))
      } else if key.hasPrefix("has_value") {
        clauses.append(.hasValue(value))
      } else if key.hasPrefix("value_missing") || key.hasPrefix("missing_value") {
        clauses.append(.valueMissing(value))
      } else {
        switch key {
        case "created_from": clauses.append(.createdFrom(value))
        case "created_to": clauses.append(.createdTo(value))
        case "modified_from": clauses.append(.modifiedFrom(value))
        case "modified_to": clauses.append(.modifiedTo(value))
        default: break
        }
      }
    }
    self.clauses = clauses
  }

  /// Whether there are no clauses.
  public var isEmpty: Bool { clauses.isEmpty }

  /// Whether every clause is a `created_*`/`modified_*` bound (KAZOO's leg listings then
  /// rely on the view range and skip document filtering).
  public var isOnlyTimeFilter: Bool { clauses.allSatisfy(\.isTimeClause) }

  /// Whether a record passes every clause.
  public func matches(_ record: CallDetailRecord) -> Bool {
    matches(document: record.json)
  }

  /// Whether a raw document passes every clause.
  public func matches(document: JSONValue) -> Bool {
    clauses.allSatisfy { Self.evaluate($0, on: document) ?? false }
  }

  /// `nil` when evaluation "throws" in KAZOO's terms.
  static func evaluate(_ clause: Clause, on document: JSONValue) -> Bool? {
    switch clause {
    case .equals(let path, let value):
      return equals(lookup(path, in: document), value)
    case .notEquals(let path, let value):
      return equals(lookup(path, in: document), value).map { !$0 }
    case .hasKey(let path):
      return lookup(path, in: document).map { $0 != nil }
    case .keyMissing(let path):
      return lookup(path, in: document).map { $0 == nil }
    case .hasValue(let path):
      return lookup(path, in: document).map { $0.map { !isEmpty($0) } ?? false }
    case .valueMissing(let path):
      return lookup(path, in: document).map { $0.map(isEmpty) ?? true }
    case .createdFrom(let text): return compare("pvt_created", text, in: document, >=)
    case .createdTo(let text): return compare("pvt_created", text, in: document, <=)
    case .modifiedFrom(let text): return compare("pvt_modified", text, in: document, >=)
    case .modifiedTo(let text): return compare("pvt_modified", text, in: document, <=)
    case .owner(let owner):
      return equals(lookup("custom_channel_vars.owner_id", in: document), owner)
    }
  }

  /// `.some(nil)` for an absent value, `nil` when the path cannot be followed.
  /// Array segments are 1-based indexes, as in kz_json.
  static func lookup(_ path: String, in document: JSONValue) -> JSONValue?? {
    var current: JSONValue = document
    for segment in path.split(separator: ".", omittingEmptySubsequences: false) {
      switch current {
      case .object(let members):
        guard let next = members[String(segment)] else { return .some(nil) }
        current = next
      case .array(let elements):
        guard let index = Int(segment) else { return nil }
        guard index >= 1, index <= elements.count else { return .some(nil) }
        current = elements[index - 1]
      default:
        return nil
      }
    }
    return .some(current)
  }

  private static func equals(_ found: JSONValue??, _ expected: String) -> Bool? {
    guard let found else { return nil }
    let text: String
    switch found {
    case nil: text = ""
    case .null?: text = "null"
    case let value?:
      guard let scalar = value.textValue else { return nil }
      text = scalar
    }
    if text == expected { return true }
    guard let decoded = try? JSONValue(parsing: expected) else { return false }
    switch decoded {
    case .array(let elements): return elements.contains(.string(text))
    case .string(let string): return string == text
    default: return false
    }
  }

  private static func compare(
    _ key: String, _ bound: String, in document: JSONValue, _ relation: (Int64, Int64) -> Bool
  ) -> Bool? {
    guard let limit = Int64(bound), let value = document[key]?.numberValue?.int64Value else {
      return nil
    }
    return relation(value, limit)
  }

  /// KAZOO's `kz_term:is_empty`.
  static func isEmpty(_ value: JSONValue) -> Bool {
    switch value {
    case .null: return true
    case .string(let text): return ["", "0", "NULL", "undefined"].contains(text)
    case .number(let number): return number.doubleValue == 0
    case .array(let elements): return elements.isEmpty
    case .object(let members): return members.isEmpty
    case .bool: return false
    }
  }
}
