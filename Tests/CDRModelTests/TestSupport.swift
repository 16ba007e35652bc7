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
