/// Disjoint sets over dense integer ids: iterative find with path compression, union by
/// size. Near-linear; no recursion.
struct _UnionFind {
  private var parent: [Int32] = []
  private var size: [Int32] = []

  init(capacity: Int = 0) {
    parent.reserveCapacity(capacity)
    size.reserveCapacity(capacity)
  }

  /// `count` singleton sets, numbered `0..<count`.
  init(singletons count: Int) {
    parent = (0..<Int32(truncatingIfNeeded: count)).map { $0 }
    size = [Int32](repeating: 1, count: count)
  }

  var count: Int { parent.count }

  /// Adds a new singleton set and returns its id.
  mutating func makeSet() -> Int32 {
    let id = Int32(truncatingIfNeeded: parent.count)
    parent.append(id)
    size.append(1)
    return id
  }

  /// Makes room for `count` sets in all.
  mutating func reserveCapacity(_ count: Int) {
    parent.reserveCapacity(count)
    size.reserveCapacity(count)
  }

  /// Adds singleton sets until there are `count` (nothing when there are as many).
  mutating func addSingletons(upTo count: Int) {
    guard count > parent.count else { return }
    parent.append(
      contentsOf: Int32(truncatingIfNeeded: parent.count)..<Int32(truncatingIfNeeded: count))
    size.append(contentsOf: repeatElement(1, count: count - size.count))
  }

  /// The representative of `node`'s set, without compressing the path (for sets shared
  /// with others: a find that writes would copy them).
  func root(_ node: Int32) -> Int32 {
    var root = node
    while parent[Int(root)] != root { root = parent[Int(root)] }
    return root
  }

  /// The representative of `node`'s set, compressing the path on the way.
  mutating func find(_ node: Int32) -> Int32 {
    var root = node
    while parent[Int(root)] != root { root = parent[Int(root)] }
    var current = node
    while parent[Int(current)] != root {
      let next = parent[Int(current)]
      parent[Int(current)] = root
      current = next
    }
    return root
  }

  /// Hands over the set sizes, which only ``union(_:_:)`` needs, as room for `count`
  /// values all set to `value`, for a caller done joining sets (``find(_:)`` still works;
  /// ``union(_:_:)`` must not be called again). Reusing it spares touching as much fresh
  /// memory.
  mutating func takeSizes(filledWith value: Int32) -> [Int32] {
    var room: [Int32] = []
    swap(&room, &size)
    room.withUnsafeMutableBufferPointer { $0.update(repeating: value) }
    return room
  }

  /// Joins the sets of `a` and `b`; the larger set's root stays the root.
  mutating func union(_ a: Int32, _ b: Int32) {
    var rootA = find(a)
    var rootB = find(b)
    guard rootA != rootB else { return }
    if size[Int(rootA)] < size[Int(rootB)] { swap(&rootA, &rootB) }
    parent[Int(rootB)] = rootA
    size[Int(rootA)] += size[Int(rootB)]
  }
}
