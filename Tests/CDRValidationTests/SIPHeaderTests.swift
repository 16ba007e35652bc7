import CDRModel
import CDRTestSupport
import CDRValidation
import Testing

/// `custom_sip_headers`: the key pattern as written, the `anyOf`, strict mode and the builder.
@Suite struct SIPHeaderTests {
  /// Wraps headers in a document; `in` puts them in the inbound object, where the pattern
  /// is enforced (a flat map passes through the second `anyOf` alternative whatever it holds).
  func document(inbound name: String, value: String = "\"v\"") -> String {
    #"{"call_id":"a","custom_sip_headers":{"in":{"# + JSONValue.string(name).jsonText + ":" + value
      + "}}}"
  }

  @Test(arguments: ["[", "\\", "]", "^", "_", "`"])
  func theAzRangeAdmitsSixPunctuationCharacters(_ character: String) throws {
    let name = "X" + character + "1"
    #expect(SIPHeaderName(name) != nil)
    #expect(try verdict(document(inbound: name), .exact) == [])
  }

  @Test(arguments: [".", " ", ":", "@", "{", "é", "/", "+"])
  func charactersOutsideThePatternAreRejected(_ character: String) throws {
    let name = "X" + character + "1"
    #expect(SIPHeaderName(name) == nil)
    let pointer = "/custom_sip_headers/in/" + JSONPointer.escape(name)
    #expect(
      try verdict(document(inbound: name), .exact)
        == ["error /custom_sip_headers anyOf", "error \(pointer) additionalProperties"])
  }

  @Test func lettersDigitsUnderscoreAndHyphenMatch() throws {
    #expect(SIPHeaderName("AZaz09_-") != nil)
    #expect(SIPHeaderName("-") != nil)
    #expect(SIPHeaderName("") == nil)
    #expect(
      try verdict(document(inbound: ""), .exact) == [
        "error /custom_sip_headers anyOf", "error /custom_sip_headers/in/ additionalProperties",
      ])
  }

  @Test func dollarAnchorsAtTheVeryEndSoATrailingNewlineFails() throws {
    #expect(SIPHeaderName("X-Foo") != nil)
    #expect(SIPHeaderName("X-Foo\n") == nil)
    #expect(SIPHeaderName("\nX-Foo") == nil)
    #expect(
      try verdict(document(inbound: "X-Foo\n"), .exact) == [
        "error /custom_sip_headers anyOf",
        "error /custom_sip_headers/in/X-Foo\n additionalProperties",
      ])
  }

  @Test func flatMapOfStringsIsValid() throws {
    #expect(
      try verdict(#"{"call_id":"a","custom_sip_headers":{"X-A":"1","x_b":"2"}}"#, .exact) == [])
  }

  @Test func secondAlternativeAdmitsAnyFlatMembersWithoutInOrOut() throws {
    // Alternative 1 fails (bad name, non-string value), alternative 2 has nothing to check.
    #expect(
      try verdict(#"{"call_id":"a","custom_sip_headers":{"bad name":5,"x.y":{}}}"#, .exact) == [])
    // Flat headers mixed with in/out validate through alternative 2.
    #expect(
      try verdict(
        #"{"call_id":"a","custom_sip_headers":{"X-A":"1","in":{"X-B":"2"},"out":{}}}"#, .exact)
        == [])
    // A string "in" is an ordinary header for alternative 1.
    #expect(try verdict(#"{"call_id":"a","custom_sip_headers":{"in":"x"}}"#, .exact) == [])
  }

  @Test func anyOfFailsOnlyWhenBothAlternativesFail() throws {
    #expect(
      try verdict(#"{"call_id":"a","custom_sip_headers":{"in":5}}"#, .exact) == [
        "error /custom_sip_headers anyOf", "error /custom_sip_headers/in type",
      ])
    #expect(
      try verdict(#"{"call_id":"a","custom_sip_headers":{"out":{"X":1}}}"#, .exact) == [
        "error /custom_sip_headers anyOf", "error /custom_sip_headers/out/X type",
      ])
    #expect(
      try verdict(#"{"call_id":"a","custom_sip_headers":["X"]}"#, .exact) == [
        "error /custom_sip_headers type"
      ])
  }

  @Test func strictModeAddsTokenAndInjectionRules() throws {
    // KAZOO's pattern admits "[", RFC 3261 does not.
    let bracket = #"{"call_id":"a","custom_sip_headers":{"X[1]":"v"}}"#
    #expect(try verdict(bracket, .exact) == [])
    #expect(try verdict(bracket, .strict) == ["error /custom_sip_headers/X[1] strict.headerName"])
    // CR LF in a value: header injection, accepted by KAZOO.
    let injection =
      #"{"call_id":"a","custom_sip_headers":{"in":{"X-A":"a\r\nVia: evil"},"out":{"X-B":"b\u0000"}}}"#
    #expect(try verdict(injection, .exact) == [])
    #expect(
      try verdict(injection, .strict) == [
        "error /custom_sip_headers/in/X-A strict.headerValue",
        "error /custom_sip_headers/out/X-B strict.headerValue",
      ])
    // What alternative 2 lets through, strict rejects.
    let loophole = #"{"call_id":"a","custom_sip_headers":{"bad name":5}}"#
    #expect(try verdict(loophole, .exact) == [])
    #expect(
      try verdict(loophole, .strict) == [
        "error /custom_sip_headers/bad name strict.headerName",
        "error /custom_sip_headers/bad name strict.headerType",
      ])
    let stringIn = #"{"call_id":"a","custom_sip_headers":{"in":"x"}}"#
    #expect(try verdict(stringIn, .exact) == [])
    #expect(try verdict(stringIn, .strict) == ["error /custom_sip_headers/in strict.headerType"])
    // Where exact already reports a path, strict does not repeat it.
    let dotted = document(inbound: "X.1")
    #expect(try verdict(dotted, .strict) == verdict(dotted, .exact))
    // Strict is exact plus: the other rules still apply.
    #expect(try verdict(#"{"call_id":"a","timestamp":"1"}"#, .strict) == ["error /timestamp type"])
  }

  /// Every character RFC 3261 leaves out of a header value, or that reads as a line end.
  static let refusedInValues: [(text: String, name: String)] = [
    ("\u{0B}", "U+000B"), ("\u{0C}", "U+000C"), ("\u{1B}", "U+001B"), ("\u{7F}", "U+007F"),
    ("\u{85}", "U+0085"), ("\u{80}", "U+0080"), ("\u{9F}", "U+009F"), ("\u{2028}", "U+2028"),
    ("\u{2029}", "U+2029"), ("\u{01}", "U+0001"), ("\u{1F}", "U+001F"), ("\r", "CR"),
    ("\n", "LF"), ("\u{0}", "NUL"),
  ]

  @Test("strict mode and SIPHeaderValue refuse every control but tab, DEL, C1, U+2028/9")
  func strictValueCharacters() throws {
    for (text, name) in Self.refusedInValues {
      #expect(SIPHeaderValue("a" + text + "b") == nil, "\(name)")
      let document = JSONValue.object([
        "call_id": "a", "custom_sip_headers": .object(["X-A": .string("v" + text)]),
      ])
      #expect(CDRValidator(mode: .exact).validate(document).isValid, "\(name)")
      let report = CDRValidator(mode: .strict).validate(document)
      #expect(report.errors.map(\.rule) == [.strictHeaderValue], "\(name)")
      #expect(
        report.errors.first?.message
          == "header value contains \(name), which RFC 3261 does not allow (header injection);"
          + " KAZOO's schema accepts it")
    }
    // Tab (linear white space), printable ASCII and other non-ASCII text stay allowed.
    for allowed in ["a\tb", "plain; p=1", "Zoë 日本 🙂", "\u{A0}nbsp", "\u{2027}", "\u{202A}"] {
      #expect(SIPHeaderValue(allowed) != nil, "\(allowed)")
      let document = JSONValue.object([
        "call_id": "a", "custom_sip_headers": .object(["X-A": .string(allowed)]),
      ])
      #expect(CDRValidator(mode: .strict).validate(document).isValid, "\(allowed)")
    }
  }

  @Test func tokenNames() {
    #expect(SIPHeaderName(token: "X-Account_ID`") != nil)
    #expect(SIPHeaderName(token: "X[1]") == nil)
    #expect(SIPHeaderName(token: "X.1") == nil)  // a token, but outside KAZOO's pattern
    #expect(SIPHeaderName.isToken("X.1!%*+'~"))
    #expect(!SIPHeaderName.isToken("X^1"))
    #expect(SIPHeaderName("X^1")?.isToken == false)
    #expect(SIPHeaderValue("plain value; with=params") != nil)
    #expect(SIPHeaderValue("a\rb") == nil)
    #expect(SIPHeaderValue("a\nb") == nil)
    #expect(SIPHeaderValue("a\u{0}b") == nil)
  }

  @Test func builderWritesFlatOrInOutFormsAsKazooMergesThem() throws {
    var builder = CustomSIPHeadersBuilder()
    #expect(builder.isEmpty)
    let account = try #require(SIPHeaderName(token: "X-Account"))
    let only = try #require(SIPHeaderName(token: "X-Out-Only"))
    let a1 = try #require(SIPHeaderValue("a1"))
    let a2 = try #require(SIPHeaderValue("a2"))
    builder.set(account, a1)
    #expect(builder.build().rawValue == ["X-Account": "a1"])
    builder.set(only, a1, direction: .outbound)
    builder.set(account, a2, direction: .inbound)
    let headers = builder.build()
    #expect(
      headers.rawValue == [
        "in": ["X-Account": "a2"], "out": ["X-Account": "a1", "X-Out-Only": "a1"],
      ])
    #expect(headers.inbound == ["X-Account": "a2"])
    #expect(headers.outbound == ["X-Account": "a1", "X-Out-Only": "a1"])
    builder.remove(only, direction: .outbound)
    builder.remove(account, direction: .inbound)
    #expect(builder.build().rawValue == ["X-Account": "a1"])
    // A header named "in" cannot stay flat: KAZOO's merge would not treat it as a header.
    builder.set(try #require(SIPHeaderName("in")), a2)
    #expect(
      builder.build().rawValue == [
        "in": ["X-Account": "a1", "in": "a2"], "out": ["X-Account": "a1", "in": "a2"],
      ])
  }

  /// Random names and values, filtered through the failable initialisers: whatever the
  /// builder makes validates (exact always; strict when every name is a token).
  @Test func builderOutputIsAlwaysValid() throws {
    var random = SeededGenerator(seed: 0x5EED_0003)
    let alphabet = Array("aZ09_-[]^`\\.: \n\r\u{0}éin+out".unicodeScalars)
    func text() -> String {
      var result = String.UnicodeScalarView()
      for _ in 0..<random.below(5) { result.append(alphabet[random.below(alphabet.count)]) }
      return String(result)
    }
    var built = 0
    for _ in 0..<400 {
      var builder = CustomSIPHeadersBuilder()
      var allTokens = true
      for _ in 0..<random.below(6) {
        guard let name = SIPHeaderName(text()), let value = SIPHeaderValue(text()) else { continue }
        allTokens = allTokens && name.isToken
        let direction = CustomSIPHeadersBuilder.Direction.allCases[random.below(3)]
        builder.set(name, value, direction: direction)
        built += 1
      }
      let document = JSONValue.object([
        "call_id": "a", "custom_sip_headers": .object(builder.build().rawValue),
      ])
      #expect(CDRValidator(mode: .exact).validate(document).violations == [])
      if allTokens {
        #expect(CDRValidator(mode: .strict).validate(document).violations == [])
      }
    }
    #expect(built > 200)
  }
}
