/// A position in a listing's sort order: a time in gregorian seconds, then an id that makes
/// keys unique (a document id for legs, an interaction key for interactions).
///
/// Keys compare by time, then by the id's UTF-8 bytes (CouchDB's raw collation for ids
/// made of ASCII).
public struct PageKey: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
  /// The sort time, gregorian seconds.
  public var time: Int64
  /// The tie-breaking id.
  public var id: String

  /// Creates a key.
  public init(time: Int64, id: String) {
    self.time = time
    self.id = id
  }

  /// Time first, then the id's UTF-8 bytes.
  public static func < (lhs: PageKey, rhs: PageKey) -> Bool {
    if lhs.time != rhs.time { return lhs.time < rhs.time }
    return lhs.id.utf8.lexicographicallyPrecedes(rhs.id.utf8)
  }

  /// `[time, "id"]`.
  public var description: String { "[\(time), \"\(id)\"]" }
}

/// Which way a listing runs. KAZOO's default is ``descending`` (newest first).
public enum PageDirection: String, Sendable, Hashable, Codable, CaseIterable {
  /// Oldest first.
  case ascending
  /// Newest first (KAZOO's default).
  case descending
}

/// Where a page starts, as a point in key space.
///
/// CDRKit's own cursors are *exclusive* (the page starts strictly after the last key the
/// previous page returned), so a leg inserted anywhere ahead is still found and nothing is
/// repeated. KAZOO's keys are *inclusive* (the page starts at the first key it did not
/// return); they are read with that meaning.
public struct PageBound: Sendable, Hashable {
  /// How the id part of the bound compares with real ids.
  public enum IDBound: Sendable, Hashable {
    /// Below every id: KAZOO's `[t]`.
    case lowest
    /// Exactly this id.
    case id(String)
    /// Above every id: KAZOO's `[t, {}]`.
    case highest
  }

  /// The time part.
  public var time: Int64
  /// The id part.
  public var id: IDBound
  /// Whether a key equal to the bound belongs to the page.
  public var inclusive: Bool

  /// Creates a bound.
  public init(time: Int64, id: IDBound, inclusive: Bool) {
    self.time = time
    self.id = id
    self.inclusive = inclusive
  }

  /// The bound just after `key` (exclusive).
  public static func after(_ key: PageKey) -> PageBound {
    PageBound(time: key.time, id: .id(key.id), inclusive: false)
  }

  /// Whether `key` lies at or beyond this bound in `direction`, i.e. belongs to a page
  /// starting here.
  public func admits(_ key: PageKey, direction: PageDirection) -> Bool {
    let order = compare(key)
    if order == 0 { return inclusive }
    return direction == .ascending ? order > 0 : order < 0
  }

  /// -1, 0 or 1 as `key` sorts before, equal to, or after the bound.
  func compare(_ key: PageKey) -> Int {
    if key.time != time { return key.time < time ? -1 : 1 }
    switch id {
    case .lowest: return 1
    case .highest: return -1
    case .id(let bound):
      if key.id == bound { return 0 }
      return key.id.utf8.lexicographicallyPrecedes(bound.utf8) ? -1 : 1
    }
  }
}
