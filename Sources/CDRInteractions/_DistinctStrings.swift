/// Distinct strings in insertion order: a linear scan while small, a hash set once large,
/// so a few legs cost no hashing and a huge interaction stays linear.
struct _DistinctStrings {
  private(set) var items: [String] = []
  private var lookup: Set<String>?

  /// Adds `value`; returns whether it was new.
  @discardableResult
  mutating func insert(_ value: String) -> Bool {
    if lookup != nil {
      guard lookup?.insert(value).inserted == true else { return false }
    } else {
      guard !items.contains(value) else { return false }
      if items.count >= 8 { lookup = Set(items + [value]) }
    }
    items.append(value)
    return true
  }

  var count: Int { items.count }
}
