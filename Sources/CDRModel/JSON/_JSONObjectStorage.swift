/// A free-form JSON object's members, kept either as the bytes they were read from (a
/// ``_RawJSONObject``) or as a dictionary: the one place that holds the "raw or stored"
/// logic shared by channel variables, application variables, SIP headers and a record's
/// unknown members.
///
/// While raw, a member is decoded when it is read (``subscript(_:)``) and ``values`` builds
/// the whole dictionary on first use and keeps it (thread-safe; see
/// ``_RawJSONObject/values``). The first change moves the members into the dictionary.
/// Equality and hashing are by value: a raw object equals the same members built in code.
struct _JSONObjectStorage: Sendable, Hashable {
  /// The members as read, while they have not been changed.
  private var shared: _RawJSONObject.Shared?
  /// The members once built or changed (empty while `shared` is set).
  private var stored: [String: JSONValue]

  /// Members built in code (or by the general path).
  init(values: [String: JSONValue] = [:]) {
    self.shared = nil
    self.stored = values
  }

  /// Members kept as the bytes they were read from.
  init(raw: _RawJSONObject) {
    self.shared = _RawJSONObject.Shared(object: raw)
    self.stored = [:]
  }

  /// The raw object, while the members have not been changed.
  var raw: _RawJSONObject? { shared?.object }

  /// Every member; changing it first moves raw members into the dictionary.
  var values: [String: JSONValue] {
    get { raw?.values ?? stored }
    set {
      shared = nil
      stored = newValue
    }
    _modify {
      materialize()
      yield &stored
    }
  }

  /// One member, decoded from its bytes while raw.
  subscript(key: String) -> JSONValue? {
    get { raw.map { $0.value(key) } ?? stored[key] }
    set { values[key] = newValue }
  }

  /// Moves raw members into `stored`, before they are changed.
  private mutating func materialize() {
    guard let object = raw else { return }
    stored = object.values
    shared = nil
  }

  /// Whether both hold the same members, however they were read or built.
  static func == (left: _JSONObjectStorage, right: _JSONObjectStorage) -> Bool {
    if let leftRaw = left.raw, let rightRaw = right.raw {
      return leftRaw.hasSameValues(as: rightRaw)
    }
    return left.values == right.values
  }

  /// Hashes the members (the same hash however they were read or built).
  func hash(into hasher: inout Hasher) {
    hasher.combine(values)
  }
}
