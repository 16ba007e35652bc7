import CDRKit
import Foundation
import Testing

@testable import CDRCommandLine

@Suite("cdr's human-readable output escapes record strings")
struct HumanOutputTests {
  @Test("validate text: a call_id cannot forge a result line or drive the terminal")
  func validateText() {
    let input =
      #"{"call_id":"x): valid\n<stdin>:9: record 9 (y\u001b[2J","custom_sip_headers":{"X-A":"v\u000b"}}"#
      + "\n"
    let result = runTool(["validate", "--mode", "strict"], input: input)
    #expect(result.code == 1)
    #expect(
      result.output == #"""
        <stdin>:1: record 0 (x): valid\n<stdin>:9: record 9 (y\u{1B}[2J): invalid
          error /custom_sip_headers/X-A [strict.headerValue] header value contains U+000B, which RFC 3261 does not allow (header injection); KAZOO's schema accepts it

        """#)
    // The NDJSON format keeps the exact string.
    let ndjson = runTool(["validate", "--format", "ndjson"], input: input)
    #expect(ndjson.output.contains(#""call_id":"x): valid\n<stdin>:9: record 9 (y\u001b[2J""#))
  }

  @Test("interactions table: cells escaped, columns padded to the escaped width")
  func table() throws {
    let input = """
      {"call_id":"a\\n\\u202eb","caller_id_number":"\\u001b[2J","callee_id_number":"x","timestamp":63746438460,"duration_seconds":60}
      {"call_id":"c","caller_id_number":"+15550100","callee_id_number":"y","timestamp":63746438460,"duration_seconds":60}

      """
    let result = runTool(["interactions", "--format", "table"], input: input)
    #expect(result.code == 0)
    let lines = result.output.split(separator: "\n").map(String.init)
    #expect(
      lines == [
        "ID                                    START (UTC)          LEGS  DURATION  BILLED  ANSWERED  CALLER            CALLEE",
        #"63746438400-a\n\u{202E}b              2020-01-17 00:00:00  1     60        0       no        \u{1B}[2J         x"#,
        "63746438400-c                         2020-01-17 00:00:00  1     60        0       no        +15550100         y",
      ])
    // CALLEE starts at the same column on every line.
    let column = try #require(lines[0].range(of: "CALLEE")).lowerBound.utf16Offset(in: lines[0])
    #expect(lines.allSatisfy { $0.count == column + ($0 == lines[0] ? 6 : 1) })
  }

  @Test("messages on standard error: rejections, paths, ids and arguments are escaped")
  func standardErrorMessages() {
    let missing = runTool(["cat", "/nonexistent\n1 read, 1 accepted, 0 rejected"])
    #expect(missing.code == 3)
    #expect(
      missing.errors.hasPrefix(
        #"cdr: cannot open /nonexistent\n1 read, 1 accepted, 0 rejected: No such file"#))
    let duplicate =
      #"{"_id":"202001-a\u001b[31m","call_id":"a","pvt_created":63746438400,"pvt_type":"cdr","custom_channel_vars":{}}"#
      + "\n"
    let page = runTool(["page"], input: duplicate + duplicate)
    #expect(
      page.errors.contains(
        #"cdr page: leg 202001-a\u{1B}[31m not listed: an earlier leg has the same key"#))
    let option = runTool(["cat", "--x\u{1B}[2J"])
    #expect(option.code == 2)
    #expect(option.errors.hasPrefix(#"cdr cat: unknown option --x\u{1B}[2J"#))
    let legs = runTool(["legs", "id\u{202E}"], input: #"{"call_id":"a"}"#)
    #expect(legs.errors.contains(#"cdr legs: bad identifier 'id\u{202E}'"#))
  }
}

@Suite("cdr's arguments: ranges, messages, version")
struct ArgumentCheckTests {
  @Test(
    "--utc-offset beyond ±18 hours is a usage error",
    arguments: [
      ["csv", "--utc-offset", "9223372036854775807"], ["csv", "--utc-offset", "-64801"],
      ["time", "63746438400", "--utc-offset", "64801"],
      ["csv", "--utc-offset", "99999999999999999999"],
    ])
  func utcOffsetRange(arguments: [String]) {
    let result = runTool(arguments, input: #"{"call_id":"a"}"#)
    #expect(result.code == 2)
    #expect(result.output.isEmpty)
    #expect(
      result.errors.hasPrefix(
        "cdr \(arguments[0]): utc_offset must be between -64800 and 64800 seconds"
          + " (18 hours either side of UTC), got \(arguments.last!)\n"))
  }

  @Test func utcOffsetAtTheLimit() {
    let result = runTool(["time", "63746438400", "--utc-offset", "64800"])
    #expect(result.code == 0)
    #expect(result.output.contains(#""datetime":"2020-01-17_18:00:00""#))
  }

  @Test(
    "a --start-key of an unused KAZOO shape is shown in Erlang notation",
    arguments: [
      ("g2gCYQFhAg", "{1,2}"),  // the tuple {1,2}
      ("g2wAAAACYQFkAANmb29q", "[1,foo]"),  // a list holding an atom
      ("g20AAAAC_xs", "<<255,27>>"),  // a binary that is not UTF-8 text
    ])
  func startKeyShape(key: String, shown: String) {
    let result = runTool(["page", "--start-key", key], input: #"{"call_id":"a"}"#)
    #expect(result.code == 2)
    #expect(
      result.errors.contains(
        "cdr page: start_key has a KAZOO key shape this listing does not use: \(shown)\n"))
    #expect(!result.errors.contains("ErlangTerm"))
  }

  @Test("cdr --version and cdr version print the library's version")
  func version() {
    for arguments in [["--version"], ["version"]] {
      let result = runTool(arguments)
      #expect(result.code == 0)
      #expect(result.output == "cdr (CDRKit) \(CDRKitVersion.current)\n")
      #expect(result.errors.isEmpty)
    }
    #expect(runTool(["version", "extra"]).code == 2)
    let parts = CDRKitVersion.current.split(separator: ".", omittingEmptySubsequences: false)
    #expect(parts.count == 3 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isNumber) })
  }

  @Test("cdr --help lists every exit status")
  func helpExitStatus() {
    let help = runTool(["--help"]).output
    for line in [
      "  0    all records accepted (or valid)", "  2    usage error",
      "  4    standard output could not be written", "  141  standard output was closed",
    ] {
      #expect(help.contains(line), "\(line)")
    }
    #expect(help.contains("cdr --version"))
  }

  @Test("cdr csv: the formula guard is the default, plain numbers pass, --no-safe-formulas")
  func csvGuard() {
    let input =
      #"{"call_id":"=cmd","caller_id_number":"+14155550100","caller_id_name":"-5","callee_id_name":"@x"}"#
      + "\n"
    let columns = ["--columns", "call_id,caller_id_number,caller_id_name,callee_id_name"]
    let guarded = runTool(["csv", "--no-header"] + columns, input: input)
    #expect(guarded.output == "'=cmd,+14155550100,-5,'@x\r\n")
    let raw = runTool(["csv", "--no-header", "--no-safe-formulas"] + columns, input: input)
    #expect(raw.output == "=cmd,+14155550100,-5,@x\r\n")
    #expect(runTool(["csv", "--safe-formulas", "--no-safe-formulas"], input: input).code == 2)
    let empty = runTool(["csv", "--columns", "hangup_cause"], input: input)
    #expect(empty.output == "hangup_cause\r\n\"\"\r\n")
  }
}
