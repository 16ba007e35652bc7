import CDRModel

/// The package root, found from this file's path (Tests/CDRModelTests/TestSupport.swift).
let packageRoot: String = {
  var components = #filePath.split(separator: "/", omittingEmptySubsequences: false)
  components.removeLast(3)
  return components.joined(separator: "/")
}()

/// The path of a file under Fixtures/.
func fixturePath(_ relative: String) -> String {
  packageRoot + "/Fixtures/" + relative
}

/// Reads everything from in-memory text.
func readAll(_ text: String, options: CDRReader.Options = CDRReader.Options()) -> CDRReadResult {
  CDRReader(bytes: Array(text.utf8), sourceName: "test", options: options).readAll()
}

/// SplitMix64: a small seeded generator so randomized tests are repeatable.
struct SeededGenerator: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var value = state
    value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
    value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
    return value ^ (value >> 31)
  }
}

/// Follows a JSON Pointer into a value (independent of the reader's own navigation).
func resolve(_ pointer: String, in value: JSONValue) -> JSONValue? {
  guard let tokens = JSONPointer.tokens(pointer) else { return nil }
  var current = value
  for token in tokens {
    switch current {
    case .array(let elements):
      guard let index = Int(token), elements.indices.contains(index) else { return nil }
      current = elements[index]
    case .object(let members):
      guard let next = members[token] else { return nil }
      current = next
    default: return nil
    }
  }
  return current
}
