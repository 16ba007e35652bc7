import CDRModel

extension ErlangTerm {
  /// The term read as kz_json reads it: integers → numbers, binaries → strings, lists →
  /// arrays, `{[{K, V}, ...]}` → objects (so `{[]}` → `{}`), atoms `true`/`false`/`null` →
  /// JSON literals. `nil` for anything else (other atoms, maps, invalid UTF-8 binaries).
  public var json: JSONValue? {
    switch self {
    case .integer(let value):
      return .number(JSONNumber(value))
    case .binary(let bytes):
      return String(validating: bytes, as: UTF8.self).map(JSONValue.string)
    case .atom("true"): return .bool(true)
    case .atom("false"): return .bool(false)
    case .atom("null"): return .null
    case .atom, .map: return nil
    case .list(let elements):
      var array: [JSONValue] = []
      for element in elements {
        guard let value = element.json else { return nil }
        array.append(value)
      }
      return .array(array)
    case .tuple(let elements):
      guard elements.count == 1, case .list(let pairs) = elements[0] else { return nil }
      var object: [String: JSONValue] = [:]
      for pair in pairs {
        guard case .tuple(let parts) = pair, parts.count == 2,
          case .binary(let keyBytes) = parts[0],
          let key = String(validating: keyBytes, as: UTF8.self), let value = parts[1].json
        else { return nil }
        object[key] = value
      }
      return .object(object)
    }
  }

  /// The term kz_json would hold for a JSON value (the inverse of ``json``). Object keys
  /// are written in sorted order. `nil` for non-integer numbers, which view keys never hold.
  public init?(json: JSONValue) {
    switch json {
    case .null: self = .atom("null")
    case .bool(let value): self = .atom(value ? "true" : "false")
    case .number(let number):
      guard let value = number.int64Value else { return nil }
      self = .integer(value)
    case .string(let text): self = .binary(text)
    case .array(let elements):
      var terms: [ErlangTerm] = []
      for element in elements {
        guard let term = ErlangTerm(json: element) else { return nil }
        terms.append(term)
      }
      self = .list(terms)
    case .object(let members):
      var pairs: [ErlangTerm] = []
      for key in members.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
        guard let value = members[key], let term = ErlangTerm(json: value) else { return nil }
        pairs.append(.tuple([.binary(key), term]))
      }
      self = .tuple([.list(pairs)])
    }
  }
}
