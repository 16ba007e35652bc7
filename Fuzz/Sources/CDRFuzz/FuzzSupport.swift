import CDRKit

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The C callback libFuzzer calls with each input.
typealias FuzzCallback = @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32

/// Copies libFuzzer's input into an array.
func inputBytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
  guard let data, size > 0 else { return [] }
  return Array(UnsafeBufferPointer(start: data, count: size))
}

/// Each line of `data` followed by its canonical form when it reads as a record: inputs in
/// which the copying and lazy paths meet lines they can take as they are.
func withCanonicalLines(_ data: [UInt8]) -> [UInt8] {
  var input: [UInt8] = []
  for line in data.split(separator: 0x0A, omittingEmptySubsequences: false) {
    input += line
    input.append(0x0A)
    if let record = try? CallDetailRecord(jsonBytes: Array(line)) {
      record.json.write(to: &input)
      input.append(0x0A)
    }
  }
  return input
}

/// Every target, by the name given as the driver's first argument.
let fuzzTargets: [(name: String, callback: FuzzCallback)] = [
  (
    "json",
    { data, size in
      JSONTarget.run(inputBytes(data, size))
      return 0
    }
  ),
  (
    "reader",
    { data, size in
      ReaderTarget.run(inputBytes(data, size))
      return 0
    }
  ),
  (
    "cursor",
    { data, size in
      CursorTarget.run(inputBytes(data, size))
      return 0
    }
  ),
  (
    "query",
    { data, size in
      QueryTarget.run(inputBytes(data, size))
      return 0
    }
  ),
  (
    "sipheaders",
    { data, size in
      SIPHeadersTarget.run(inputBytes(data, size))
      return 0
    }
  ),
  (
    "csv",
    { data, size in
      CSVTarget.run(inputBytes(data, size))
      return 0
    }
  ),
  (
    "resync",
    { data, size in
      ResyncTarget.run(inputBytes(data, size))
      return 0
    }
  ),
  (
    "copy",
    { data, size in
      CopyTarget.run(inputBytes(data, size))
      return 0
    }
  ),
  (
    "validatebytes",
    { data, size in
      ValidateBytesTarget.run(inputBytes(data, size))
      return 0
    }
  ),
  (
    "lazy",
    { data, size in
      LazyTarget.run(inputBytes(data, size))
      return 0
    }
  ),
  (
    "legtable",
    { data, size in
      LegTableTarget.run(inputBytes(data, size))
      return 0
    }
  ),
]

/// Writes a line to standard error.
func printError(_ message: String) {
  let bytes = Array((message + "\n").utf8)
  var written = 0
  while written < bytes.count {
    let count = bytes[written...].withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    if count <= 0 { return }
    written += count
  }
}

/// A property every input must satisfy. A failure prints the property and aborts, which
/// libFuzzer reports as a crash and saves the input as a `crash-...` artifact.
func require(
  _ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
  file: StaticString = #fileID, line: UInt = #line
) {
  if !condition() {
    printError("PROPERTY FAILED (\(file):\(line)): \(message())")
    abort()
  }
}

/// Shows bytes for a failure message: UTF-8 text when they are, the byte values otherwise.
func show(_ bytes: some Collection<UInt8>) -> String {
  if let text = String(validating: Array(bytes), as: UTF8.self) {
    return "text \(text.debugDescription)"
  }
  return "bytes \(Array(bytes))"
}
