import CDRModel
import CDRTime
import Foundation
import Testing

@testable import CDRPaging

@Suite struct RequestTests {
  let now = GregorianSeconds(63_700_000_000)

  func request(_ query: String) throws -> PageRequest {
    try PageRequest(query: QueryString(query), now: now)
  }

  func message(_ query: String) -> String? {
    do {
      _ = try request(query)
      return nil
    } catch { return (error as? PagingError)?.message }
  }

  @Test func defaults() throws {
    let plain = try request("")
    #expect(plain.pageSize == 50)
    #expect(plain.range == (63_700_000_000 - 2_682_000)...63_700_000_000)
    #expect(plain.direction == .descending)
    #expect(plain.paginate)
    #expect(
      try request("created_to=63600000000").range == (63_600_000_000 - 2_682_000)...63_600_000_000)
    // Non-integer or non-positive times fall back to the defaults, as in KAZOO.
    #expect(try request("created_to=abc&created_from=-3").range == plain.range)
  }

  @Test func directionRules() throws {
    #expect(try request("ascending=true").direction == .ascending)
    #expect(try request("ascending=1").direction == .ascending)
    #expect(try request("ascending=false").direction == .descending)
    #expect(try request("descending=false").direction == .descending)
    #expect(try request("ascending=true&descending=true").direction == .descending)
  }

  @Test func paginateRules() throws {
    #expect(try request("paginate=true").paginate)
    #expect(try request("paginate=1").paginate == false)
    #expect(try request("paginate=yes").paginate == false)
    #expect(try request("paginate=false").paginate == false)
  }

  @Test func errors() {
    #expect(message("page_size=0") == "page size must be at least 1")
    #expect(message("page_size=-2") == "page size must be at least 1")
    #expect(message("page_size=ten") == "invalid page size")
    #expect(
      message("created_from=63600000010&created_to=63600000000")
        == "created_to 63600000000 is prior to created_from 63600000010")
    #expect(
      message("created_from=63600000000&created_to=63602682001")
        == "created_to 63602682001 is more than 2682000 seconds from created_from 63600000000")
    #expect(message("created_from=63600000000&created_to=63602682000") == nil)
  }

  @Test func queryStringDecoding() throws {
    let query = try QueryString("?a=1+2&b=%7B%7D&c&&d=%C3%A9")
    #expect(query.pairs.map(\.key) == ["a", "b", "c", "d"])
    #expect(query.value(for: "a") == "1 2")
    #expect(query.value(for: "b") == "{}")
    #expect(query.value(for: "c") == "")
    #expect(query.value(for: "d") == "é")
    func error(_ text: String) -> String? {
      do {
        _ = try QueryString(text)
        return nil
      } catch { return error.message }
    }
    #expect(
      error("a=%4") == "malformed query string: '%' at offset 2 is not followed by two hex digits")
    #expect(
      error("ab=1&c=%zz")
        == "malformed query string: '%' at offset 7 is not followed by two hex digits")
    #expect(
      error("a=%FF") == "malformed query string: the text at offset 2 does not decode to UTF-8")
    #expect(error("a=1&=2") == "malformed query string: empty parameter name at offset 4")
  }
}

@Suite struct FilterTests {
  // crossbar_filter_tests.hrl's document.
  let document: JSONValue = [
    "foo": "bar", "level1": ["level2": ["level3": "value3"]], "pvt_created": 63_599_884_144,
    "pvt_modified": 63_599_885_144,
  ]

  func keeps(_ query: String) throws -> Bool {
    try CDRFilter(query: QueryString(query)).matches(document: document)
  }

  @Test func kazooVectors() throws {
    #expect(try keeps("filter_foo=bar"))
    #expect(try !keeps("filter_foo=baz"))
    #expect(try !keeps("filter_not_foo=bar"))
    #expect(try keeps("filter_not_foo=baz"))
    #expect(try keeps("filter_level1.level2.level3=value3"))
    #expect(try !keeps("filter_level1.level2.level3=value0"))
    #expect(try !keeps("filter_not_level1.level2.level3=value3"))
    #expect(try keeps("filter_not_level1.level2.level3=value0"))
    for path in ["foo", "level1", "level1.level2", "level1.level2.level3"] {
      #expect(try keeps("has_key=\(path)"))
      #expect(try !keeps("key_missing=\(path)"))
    }
    for path in ["not1", "level1.not2", "level1.level2.not3"] {
      #expect(try !keeps("has_key=\(path)"))
      #expect(try keeps("key_missing=\(path)"))
    }
    #expect(try !keeps("created_to=63599884143"))
    #expect(try keeps("created_to=63599884144"))
    #expect(try keeps("created_to=63599884145"))
    #expect(try keeps("created_from=63599884143"))
    #expect(try keeps("created_from=63599884144"))
    #expect(try !keeps("created_from=63599884145"))
    #expect(try !keeps("modified_to=63599885143"))
    #expect(try keeps("modified_to=63599885144"))
    #expect(try keeps("modified_from=63599885144"))
    #expect(try !keeps("modified_from=63599885145"))
    #expect(try keeps("filter_foo=bar&created_from=63599884143&created_to=63599884145"))
    #expect(try !keeps("filter_foo=bar&created_from=63599884145&created_to=63599884143"))
  }

  @Test func jsonValuesArraysAndEmptiness() throws {
    let doc: JSONValue = [
      "direction": "inbound", "list": ["a", ["x": "deep"]], "zero": "0", "n": 0, "text": "s",
      "none": nil,
    ]
    func keeps(_ query: String) throws -> Bool {
      try CDRFilter(query: QueryString(query)).matches(document: doc)
    }
    // The value is the JSON array ["outbound","inbound"], percent-encoded.
    #expect(try keeps("filter_direction=%5B%22outbound%22%2C%22inbound%22%5D"))
    #expect(try keeps("filter_direction=%22inbound%22"))
    #expect(try keeps("filter_list.1=a"))
    #expect(try keeps("filter_list.2.x=deep"))
    #expect(try keeps("key_missing=list.3"))
    #expect(try keeps("filter_missing="))
    #expect(try keeps("filter_not_missing=x"))
    #expect(try !keeps("has_value=zero"))
    #expect(try !keeps("has_value=n"))
    #expect(try keeps("has_value=text"))
    #expect(try keeps("has_key=none"))
    #expect(try keeps("value_missing=none"))
    #expect(try keeps("missing_value=zero"))  // documented alias, accepted
    #expect(try !keeps("missing_value=text"))
    // A path through a string cannot be evaluated: the doc is excluded, whatever the clause.
    #expect(try !keeps("key_missing=text.a"))
    #expect(try !keeps("filter_not_text.a=b"))
    #expect(try !keeps("created_from=abc"))
  }

  @Test func callIDTweakAndOwner() throws {
    let doc: JSONValue = ["call_id": "abc-123", "custom_channel_vars": ["owner_id": "u1"]]
    #expect(
      try CDRFilter(query: QueryString("filter_call_id=202001-abc-123")).matches(document: doc))
    #expect(try CDRFilter(query: QueryString("filter_call_id=abc-123")).matches(document: doc))
    #expect(CDRFilter([.owner("u1")]).matches(document: doc))
    #expect(!CDRFilter([.owner("u2")]).matches(document: doc))
    #expect(try CDRFilter(query: QueryString("page_size=3&created_to=5")).isOnlyTimeFilter)
  }
}

/// Issue "KAZOO fidelity", item 7: query values as KAZOO's integer cast and web server read
/// them.
@Suite struct KazooQueryReadingTests {
  @Test func integerCastRoundsErlangFloats() {
    #expect(PageRequest.kazooInteger("42") == 42)
    #expect(PageRequest.kazooInteger("-7") == -7)
    #expect(PageRequest.kazooInteger("1.5") == 2)
    #expect(PageRequest.kazooInteger("2.4") == 2)
    #expect(PageRequest.kazooInteger("-2.5") == -3)
    #expect(PageRequest.kazooInteger("1.0e3") == 1000)
    #expect(PageRequest.kazooInteger("63746438400.6") == 63_746_438_401)
    for refused in ["1e3", ".5", "5.", "abc", "", "1.5x", "9.9e30"] {
      #expect(PageRequest.kazooInteger(refused) == nil, "\(refused)")
    }
  }

  @Test func bareFlagsMeanTrue() throws {
    let query = try QueryString("paginate&descending&ascending=true&empty=")
    #expect(query.isFlag("paginate"))
    #expect(!query.isFlag("empty"))
    #expect(query.kazooValue(for: "empty") == "")
    #expect(query.kazooValue(for: "descending") == "true")
    let request = try PageRequest(query: query, now: GregorianSeconds(63_746_438_400))
    #expect(request.paginate)
    #expect(request.direction == .descending)
    let off = try PageRequest(
      query: try QueryString("paginate="), now: GregorianSeconds(63_746_438_400))
    #expect(!off.paginate)
    var merged = QueryString()
    merged.append(contentsOf: query)
    #expect(merged == query)
  }
}
