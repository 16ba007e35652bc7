import CDRCommandLine
import Foundation
import Testing

/// `cdr validate`: results per record, formats, modes and exit codes.
@Suite struct ValidateCommandTests {
  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")

  func run(_ arguments: [String], input: String = "") -> (
    code: Int32, output: String, errors: String
  ) {
    let context = CommandContext.inMemory(input: Array(input.utf8))
    let code = CDRTool.run(["validate"] + arguments, context: context)
    return (code, context.output.text, context.errors.text)
  }

  static let input = """
    {"call_id":"a","duration_seconds":12}
    {"call_id":"b","duration_seconds":"12"}
    {"call_id":"c","pvt_type":"cdr","custom_sip_headers":{"X[1]":"v"}}

    """

  @Test func exactTextByDefault() {
    let result = run([], input: Self.input)
    #expect(result.code == 1)
    #expect(
      result.output == """
        <stdin>:1: record 0 (a): valid
        <stdin>:2: record 1 (b): invalid
          error /duration_seconds [type] expected an integer, found string "12"
        <stdin>:3: record 2 (c): valid

        """)
    #expect(result.errors == "3 read, 3 accepted, 0 rejected; 2 valid, 1 invalid\n")
  }

  @Test func lenientTurnsTheDriftIntoAWarning() {
    let result = run(["--mode", "lenient"], input: Self.input)
    #expect(result.code == 0)
    #expect(
      result.output.contains("<stdin>:2: record 1 (b): valid\n  warning /duration_seconds [type]"))
  }

  @Test func strictRejectsANonTokenHeaderName() {
    let result = run(["--mode=strict", "--format", "ndjson"], input: Self.input)
    #expect(result.code == 1)
    let lines = result.output.split(separator: "\n").map(String.init)
    #expect(lines.count == 3)
    #expect(
      lines[0]
        == #"{"file":"<stdin>","line":1,"index":0,"call_id":"a","valid":true,"violations":[]}"#)
    #expect(
      lines[2].hasPrefix(
        #"{"file":"<stdin>","line":3,"index":2,"call_id":"c","valid":false,"violations":[{"path":"/custom_sip_headers/X[1]","rule":"strict.headerName","message":"#
      ))
  }

  @Test func ndjsonLinesAreJSONWithTheDocumentedKeys() throws {
    let result = run(["--format", "ndjson"], input: Self.input + "{\"no_call_id\":1}\nnot json\n")
    #expect(result.code == 1)
    let lines = result.output.split(separator: "\n")
    #expect(lines.count == 5)
    for line in lines {
      let object = try #require(
        try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
      #expect(Set(object.keys) == ["file", "line", "index", "call_id", "valid", "violations"])
    }
    let second = try #require(
      try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: Any])
    let violations = try #require(second["violations"] as? [[String: Any]])
    #expect(violations.count == 1)
    #expect(violations[0]["path"] as? String == "/duration_seconds")
    #expect(violations[0]["rule"] as? String == "type")
    #expect(second["valid"] as? Bool == false)
    #expect(second["line"] as? Int == 2)
    // Unreadable records count as invalid, with call_id null.
    let fourth = try #require(
      try JSONSerialization.jsonObject(with: Data(lines[3].utf8)) as? [String: Any])
    #expect(fourth["call_id"] is NSNull)
    #expect((fourth["violations"] as? [[String: Any]])?.first?["rule"] as? String == "unreadable")
    #expect(result.errors.hasSuffix("5 read, 3 accepted, 2 rejected; 2 valid, 3 invalid\n"))
  }

  @Test func filesAndExitCodes() {
    let valid = Self.fixtures.appendingPathComponent("calls/bridged-pair.ndjson").path
    let webhook = Self.fixtures.appendingPathComponent(
      "realdata/kazoo-webhooks-channel_destroy-sample.json"
    ).path
    #expect(run([valid]).code == 0)
    #expect(run([valid, "--schema", "master"]).code == 1)
    #expect(run([valid, webhook]).code == 1)
    #expect(run([webhook, "--mode", "lenient"]).code == 0)
    #expect(run([valid, "/nonexistent/file.ndjson"]).code == 3)
    #expect(run(["--mode", "loose"]).code == 2)
    #expect(run(["--format", "csv"]).code == 2)
  }
}
