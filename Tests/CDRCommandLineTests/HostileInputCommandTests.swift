import CDRKit
import Testing

@testable import CDRCommandLine

/// Runs `cdr` in memory on raw bytes.
private func runTool(_ arguments: [String], bytes: [UInt8]) -> (
  code: Int32, output: String, errors: String
) {
  let context = CommandContext.inMemory(input: bytes)
  let code = CDRTool.run(arguments, context: context)
  return (code, context.output.text, context.errors.text)
}

@Suite("cdr on hostile input")
struct HostileInputCommandTests {
  @Test("cdr cat on a gzip file says it is gzip, exit 1")
  func gzipFile() {
    let path = fixturePath("bad/bridged-pair.ndjson.gz")
    let result = runTool(["cat", path], bytes: [])
    #expect(result.code == 1)
    #expect(result.output.isEmpty)
    #expect(
      result.errors
        == "\(path):1: record 0: not JSON: the input is gzip-compressed; decompress it first"
        + " (for example with gunzip)\n1 read, 0 accepted, 1 rejected\n")
  }

  @Test("cdr cat on NUL bytes: one rejection naming the byte, exit 1")
  func nulBytes() {
    let result = runTool(["cat"], bytes: [UInt8](repeating: 0, count: 4096))
    #expect(result.code == 1)
    #expect(
      result.errors
        == "<stdin>:1: record 0: malformed JSON: unexpected byte 0x0\n1 read, 0 accepted, 1 rejected\n"
    )
  }

  @Test("cdr cat and interactions: garbage lines reported by line, good legs kept")
  func garbageLines() {
    let good = [
      #"{"call_id":"a","other_leg_call_id":"b","timestamp":63746438460,"duration_seconds":60}"#,
      #"{"call_id":"b","other_leg_call_id":"a","timestamp":63746438460,"duration_seconds":60}"#,
    ]
    let text =
      "\u{FEFF}" + good[0] + "\r\n" + "\u{0}\u{0}\r\n" + #"{"call_id":"# + "\n"
      + good[1] + "\r\n"
    let cat = runTool(["cat"], bytes: Array(text.utf8))
    #expect(cat.code == 1)
    #expect(cat.output.split(separator: "\n").count == 2)
    #expect(
      cat.errors
        == """
        <stdin>:2: record 1: malformed JSON: unexpected byte 0x0
        <stdin>:3: record 2: malformed JSON: unexpected end of input
        4 read, 2 accepted, 2 rejected

        """)
    let interactions = runTool(["interactions"], bytes: Array(text.utf8))
    #expect(interactions.code == 1)
    #expect(interactions.output.split(separator: "\n").count == 1)
    #expect(interactions.errors.contains("4 read, 2 accepted, 2 rejected"))
  }
}
