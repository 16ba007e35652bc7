import CDRKit
import Testing

@testable import CDRCommandLine

let packageRoot: String = {
  var components = #filePath.split(separator: "/", omittingEmptySubsequences: false)
  components.removeLast(3)
  return components.joined(separator: "/")
}()

func fixturePath(_ relative: String) -> String { packageRoot + "/Fixtures/" + relative }

/// Runs `cdr` in memory and returns its exit code and outputs.
func runTool(_ arguments: [String], input: String = "") -> (
  code: Int32, output: String, errors: String
) {
  runTool(arguments, bytes: Array(input.utf8))
}

/// Runs `cdr` in memory with `input` as its standard input and returns its exit code and
/// outputs.
func runTool(_ arguments: [String], bytes input: [UInt8]) -> (
  code: Int32, output: String, errors: String
) {
  let context = CommandContext.inMemory(input: input)
  let code = CDRTool.run(arguments, context: context)
  return (code, context.output.text, context.errors.text)
}

@Suite("cdr cat and the tool's dispatch")
struct CatCommandTests {
  @Test("stdin NDJSON: accepted lines on stdout, rejections and summary on stderr, exit 1")
  func standardInput() {
    let input =
      #"{"call_id":"a","duration_seconds":"3"}"# + "\nnot json\n" + #"{"call_id":"b"}"# + "\n"
    let result = runTool(["cat"], input: input)
    #expect(result.code == 1)
    #expect(
      result.output == #"{"call_id":"a","duration_seconds":"3"}"# + "\n" + #"{"call_id":"b"}"#
        + "\n")
    #expect(
      result.errors
        == "<stdin>:2: record 1: malformed JSON: unexpected character 'o'\n3 read, 2 accepted, 1 rejected\n"
    )
  }

  @Test("a clean fixture: exit 0, one line per leg, '-' reads stdin")
  func cleanFixture() {
    let result = runTool(
      ["cat", fixturePath("calls/ring-group-fork.ndjson"), "-"], input: #"{"call_id":"z"}"#)
    #expect(result.code == 0)
    #expect(result.output.split(separator: "\n").count == 5)
    #expect(result.errors == "5 read, 5 accepted, 0 rejected\n")
  }

  @Test("a missing file: exit 3, the other files still read")
  func missingFile() {
    let result = runTool(["cat", "/nonexistent.ndjson", fixturePath("calls/fax.ndjson")])
    #expect(result.code == 3)
    #expect(result.output.split(separator: "\n").count == 1)
    #expect(
      result.errors.hasPrefix("cdr: cannot open /nonexistent.ndjson: No such file or directory\n"))
  }

  @Test(
    "usage errors exit 2 with a hint",
    arguments: [["cat", "--bogus"], ["nope"], [], ["cat", "--max-record-bytes", "x"]])
  func usage(arguments: [String]) {
    let result = runTool(arguments)
    #expect(result.code == 2)
    #expect(!result.errors.isEmpty)
  }

  @Test("help for the tool and for cat")
  func help() {
    let tool = runTool(["--help"])
    #expect(tool.code == 0)
    #expect(tool.output.contains("cat"))
    let cat = runTool(["cat", "--help"])
    #expect(cat.code == 0)
    #expect(cat.output.hasPrefix("USAGE: cdr cat"))
  }
}

/// Issue "No silent loss", cases 2 and 4, through the tool: one bad row of an envelope
/// and one broken record of a pretty array cost only themselves.
@Suite("cdr on broken envelopes and arrays")
struct BrokenContainerCommandTests {
  @Test func anEnvelopeLosesOnlyItsBadRow() {
    let result = runTool(
      ["cat"], input: #"{"data":[{"call_id":"a"},{"call_id":"bad\q"},{"call_id":"b"}]}"#)
    #expect(result.code == 1)
    #expect(result.output == #"{"call_id":"a"}"# + "\n" + #"{"call_id":"b"}"# + "\n")
    #expect(
      result.errors
        == "<stdin>:1: record 1 at /data/1: malformed JSON: invalid escape sequence in string\n"
        + "3 read, 2 accepted, 1 rejected\n")
  }

  @Test func aMissingBraceCostsOneRecord() {
    let input = """
      [
        {
          "call_id": "a"
        },
        {
          "call_id": "b",
          "custom_channel_vars": {
            "account_id": "x"
        },
        {
          "call_id": "c"
        }
      ]
      """
    let result = runTool(["cat"], input: input)
    #expect(result.code == 1)
    #expect(result.output == #"{"call_id":"a"}"# + "\n" + #"{"call_id":"c"}"# + "\n")
    #expect(
      result.errors
        == "<stdin>:10: record 1 at /1: malformed JSON: expected a string key in the record "
        + "that starts at line 5; read on from line 10, where the next record starts\n"
        + "3 read, 2 accepted, 1 rejected\n")
  }
}
