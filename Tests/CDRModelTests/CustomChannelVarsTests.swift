import Foundation
import Testing

@testable import CDRModel

/// The channel variables of the first record of one NDJSON line, read on the byte-level
/// path (where they are kept as bytes until used).
private func readVars(_ varsText: String) throws -> CustomChannelVars {
  let line = #"{"call_id":"c","custom_channel_vars":"# + varsText + "}\n"
  let record = try #require(readAll(line).records.first)
  return try #require(record.customChannelVars)
}

@Suite("Channel variables kept as bytes until read")
struct CustomChannelVarsTests {
  @Test("each variable reads as the general parser reads it, with KAZOO's casts")
  func variablesReadOneByOne() throws {
    let vars = try readVars(
      #"{"account_id":"7f89","rate":"100","rate_minimum":60,"global_resource":"true","#
        + #""note":"caf\u00e9 \"x\"","nested":{"a":[1,2.5,null]},"bridge_id":"b-1"}"#)
    #expect(vars.accountID == "7f89")
    #expect(vars.rate == 100)
    #expect(vars.rateMinimum == 60)
    #expect(vars.globalResource == true)
    #expect(vars.text("note") == "café \"x\"")
    #expect(vars["nested"] == ["a": [1, 2.5, nil]])
    #expect(vars.text("nested") == nil)
    #expect(vars.bridgeID == "b-1")
    #expect(vars["absent"] == nil)
    #expect(vars.text("rate_minimum") == "60")
    #expect(
      vars.values == [
        "account_id": "7f89", "rate": "100", "rate_minimum": 60, "global_resource": "true",
        "note": "café \"x\"", "nested": ["a": [1, 2.5, nil]], "bridge_id": "b-1",
      ])
  }

  @Test("a repeated variable: the last one counts, as in the dictionary")
  func repeatedVariable() throws {
    let vars = try readVars(#"{"owner_id":"first","x":1,"owner_id":"second"}"#)
    #expect(vars.ownerID == "second")
    #expect(vars.values["owner_id"] == "second")
    #expect(vars.values.count == 2)
  }

  @Test("escaped or non-ASCII names are found by their decoded text")
  func escapedNames() throws {
    let vars = try readVars(#"{"bridge\u005fid":"b","caf\u00e9":"1","é2":"2"}"#)
    #expect(vars.bridgeID == "b")
    #expect(vars.text("café") == "1")
    #expect(vars.text("é2") == "2")
    #expect(vars.values.count == 3)
  }

  @Test("equal to the same variables built from a dictionary, with the same hash")
  func equalityAndHash() throws {
    let read = try readVars(#"{ "b" : "2", "a":"1" }"#)
    let spaced = try readVars(#"{"a":"1","b":"2"}"#)
    let built = CustomChannelVars(values: ["a": "1", "b": "2"])
    #expect(read == built)
    #expect(built == read)
    #expect(read == spaced)
    #expect(read.hashValue == built.hashValue)
    #expect(read.hashValue == spaced.hashValue)
    #expect(read != CustomChannelVars(values: ["a": "1"]))
    #expect(Set([read, built, spaced]).count == 1)
  }

  @Test("changing a read variable keeps the others and leaves copies alone")
  func changesAfterReading() throws {
    let original = try readVars(#"{"account_id":"a","rate":"100"}"#)
    var changed = original
    changed.rate = 250
    changed.ownerID = "o"
    changed["account_id"] = nil
    #expect(changed.values == ["rate": "250", "owner_id": "o"])
    #expect(original.values == ["account_id": "a", "rate": "100"])
    #expect(original.rate == 100)
    var replaced = original
    replaced.values = ["x": true]
    #expect(replaced.boolean("x") == true)
    #expect(replaced.accountID == nil)
  }

  @Test("a record's variables are written back as they were read")
  func writtenBack() throws {
    let line = #"{"call_id":"c","custom_channel_vars":{"z":"1","a":{"b":[true]}}}"# + "\n"
    let record = try #require(readAll(line).records.first)
    let general = try CallDetailRecord(json: try JSONValue(parsing: Array(line.utf8.dropLast())))
    #expect(record.json == general.json)
    #expect(record == general)
    let encoded = try JSONEncoder().encode(try #require(record.customChannelVars))
    let decoded = try JSONDecoder().decode(CustomChannelVars.self, from: encoded)
    #expect(decoded == record.customChannelVars)
  }

  @Test("reading from many tasks at once builds one consistent dictionary")
  func concurrentReads() async throws {
    let vars = try readVars(#"{"a":"1","b":[2],"c":{"d":null}}"#)
    let expected: [String: JSONValue] = ["a": "1", "b": [2], "c": ["d": nil]]
    let results = await withTaskGroup(of: Bool.self) { group in
      for _ in 0..<16 {
        group.addTask { vars.values == expected && vars.text("a") == "1" }
      }
      var all: [Bool] = []
      for await result in group { all.append(result) }
      return all
    }
    #expect(results == Array(repeating: true, count: 16))
  }
}
