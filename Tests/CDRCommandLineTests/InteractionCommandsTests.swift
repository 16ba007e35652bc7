import CDRCommandLine
import CDRKit
import Foundation
import Testing

@Suite("cdr interactions, legs, stats")
struct InteractionCommandsTests {
  static let calls = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures/calls")

  func fixture(_ name: String) -> String { Self.calls.appendingPathComponent(name).path }

  func bytes(_ names: String...) throws -> [UInt8] {
    try names.flatMap { Array(try Data(contentsOf: Self.calls.appendingPathComponent($0))) }
  }

  func lines(_ text: String) throws -> [[String: Any]] {
    try text.split(separator: "\n").map {
      try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
    }
  }

  /// The grouping commands hand what they read to `keepUntilExit` (the process context
  /// then skips freeing it); output and exit code are the same either way.
  @Test(
    "interactions, legs and stats hand their legs to keepUntilExit",
    arguments: [
      ["interactions"], ["legs", "3a1f0c2e-9b7d-4c1e-8f00-123456789abc", "--graph"], ["stats"],
    ])
  func keepUntilExit(_ arguments: [String]) throws {
    final class Kept: @unchecked Sendable {
      let lock = NSLock()
      var values: [any Sendable] = []
    }
    let kept = Kept()
    let input = try bytes("bridged-pair.ndjson", "unanswered.ndjson")
    let plain = CommandContext.inMemory(input: input)
    let keeping = CommandContext(
      output: CommandOutput(), errors: CommandOutput(),
      standardInput: { CDRReader(bytes: input, sourceName: "<stdin>", options: $0) },
      keepUntilExit: { value in
        kept.lock.lock()
        kept.values.append(value)
        kept.lock.unlock()
      })
    let plainCode = CDRTool.run(arguments, context: plain)
    let keepingCode = CDRTool.run(arguments, context: keeping)
    #expect(plainCode == keepingCode)
    #expect(plain.output.text == keeping.output.text)
    if arguments == ["interactions"] || arguments == ["stats"] {
      // Batch NDJSON and statistics group from the leg table: that is what is kept (with
      // its partition, for statistics).
      let tables = kept.values.compactMap { $0 as? CDRLegTable }
      #expect(tables.map(\.count) == [4])
      let partitions = kept.values.compactMap { $0 as? LegPartition }
      #expect(partitions.map(\.legCount) == (arguments == ["stats"] ? [4] : []))
      #expect(kept.values.count == (arguments == ["stats"] ? 2 : 1))
    } else {
      let legs = kept.values.compactMap { $0 as? [CallDetailRecord] }
      #expect(legs.map(\.count) == [4])
      #expect(kept.values.count == 2)
    }
  }

  @Test func interactionsNDJSONHasTheRequiredKeys() throws {
    let context = CommandContext.inMemory(
      input: try bytes("bridged-pair.ndjson", "ring-group-fork.ndjson", "unanswered.ndjson"))
    let code = CDRTool.run(["interactions"], context: context)
    #expect(code == 0)
    let rows = try lines(context.output.text)
    #expect(rows.count == 3)
    for key in [
      "id", "call_ids", "first_call_id", "legs", "start", "end", "duration_seconds",
      "billing_seconds", "answered", "diagnostics",
    ] {
      #expect(rows.allSatisfy { $0[key] != nil }, "missing \(key)")
    }
    #expect(
      rows.map { $0["id"] as? String } == [
        "63746438400-1a2b3c4d", "63746442000-5e6f7a8b", "63746460000-4e5f6a7b",
      ])
    #expect((rows[1]["call_ids"] as? [String])?.count == 4)
    #expect(rows[2]["answered"] as? Bool == false)
    #expect(context.errors.text.contains("8 read, 8 accepted, 0 rejected"))
    #expect(context.errors.text.contains("3 interactions, 8 legs"))
  }

  @Test func ownerFilterAndLinkOption() throws {
    let context = CommandContext.inMemory(input: try bytes("loopback.ndjson"))
    let code = CDRTool.run(
      [
        "interactions", "--link", "other-leg,bridge", "--owner", "user2000000000000000000000000001",
      ],
      context: context)
    #expect(code == 0)
    let rows = try lines(context.output.text)
    #expect(rows.count == 1)
    #expect((rows.first?["legs"] as? [String])?.count == 2)
  }

  @Test func streamingReportsLateLegs() throws {
    // A-leg of the bridged pair, then a call hours later, then the B-leg: late with 60 s.
    let pair: [[UInt8]] = try bytes("bridged-pair.ndjson").split(separator: 0x0A).map { Array($0) }
    let other: [[UInt8]] = try bytes("unanswered.ndjson").split(separator: 0x0A).map { Array($0) }
    var input: [UInt8] = []
    for line in [pair[0], other[0], pair[1], other[1]] { input += line + [0x0A] }
    let context = CommandContext.inMemory(input: input)
    let code = CDRTool.run(["interactions", "--stream", "--window", "60"], context: context)
    #expect(code == 0)
    #expect(try lines(context.output.text).count == 2)
    #expect(
      context.errors.text.contains(
        "late leg 7d2e9f10-1c3b-4a5d-9e8f-abcdef012345: belongs to emitted interaction 63746438400-1a2b3c4d"
      ))
    #expect(context.errors.text.contains("2 interactions, 3 legs, 1 late"))
  }

  @Test func windowWithoutStreamIsAUsageError() {
    let context = CommandContext.inMemory()
    #expect(CDRTool.run(["interactions", "--window", "5"], context: context) == 2)
    #expect(CDRTool.run(["interactions", "--link", "nonsense"], context: context) == 2)
  }

  @Test func legsByDocumentIDInOrder() throws {
    let context = CommandContext.inMemory()
    let code = CDRTool.run(
      ["legs", "202001-b2000000-0000-4000-8000-000000000002", fixture("loopback.ndjson")],
      context: context)
    #expect(code == 0)
    let documents = try lines(context.output.text)
    // KAZOO's order: channel time, ties by document id (the loopback marker plays no part).
    #expect(
      documents.map { $0["call_id"] as? String } == [
        "b2000000-0000-4000-8000-000000000001", "b2000000-0000-4000-8000-0000000000aa",
        "b2000000-0000-4000-8000-0000000000bb", "b2000000-0000-4000-8000-000000000002",
      ])
    // KAZOO's public document: no _id, _rev or pvt_* key, and the id added.
    for document in documents {
      #expect(document["id"] is String)
      #expect(!document.keys.contains { $0.hasPrefix("_") || $0.hasPrefix("pvt_") })
    }
    #expect(documents.first?["id"] as? String == "202001-b2000000-0000-4000-8000-000000000001")
    // The graph's view orders loopback legs A, B before the ordinary legs at equal times.
    let graph = CommandContext.inMemory()
    #expect(
      CDRTool.run(
        [
          "legs", "202001-b2000000-0000-4000-8000-000000000002", fixture("loopback.ndjson"),
          "--graph",
        ],
        context: graph) == 0)
    #expect(
      try lines(graph.output.text).map { $0["call_id"] as? String } == [
        "b2000000-0000-4000-8000-0000000000aa", "b2000000-0000-4000-8000-0000000000bb",
        "b2000000-0000-4000-8000-000000000001", "b2000000-0000-4000-8000-000000000002",
      ])
    #expect(try lines(graph.output.text).allSatisfy { $0["_id"] is String })
  }

  @Test func legsOfUnknownIDFails() {
    for (arguments, message) in [
      (["legs", "nope"], "bad identifier 'nope'"),
      (["legs", "202001-nope"], "could not find legs for supplied id '202001-nope'"),
      (["legs", "63746438400-nope"], "could not find legs for supplied id '63746438400-nope'"),
      (["legs", "nope", "--graph"], "no interaction holds 'nope'"),
    ] {
      let context = CommandContext.inMemory()
      let code = CDRTool.run(arguments + [fixture("bridged-pair.ndjson")], context: context)
      #expect(code == 1)
      #expect(context.output.text.isEmpty)
      #expect(context.errors.text.contains(message), "\(arguments)")
    }
  }

  /// KAZOO's `legs/{ID}` (`cb_cdrs:load_legs/2`): every listed document with that
  /// interaction id, linked or not; a CDR id stands for its document's interaction id.
  @Test func legsFollowInteractionIDNotLinks() throws {
    let input = [
      #"{"_id":"202001-x2","call_id":"x2","interaction_id":"63746438400-k","pvt_type":"cdr","timestamp":63746438460,"duration_seconds":30}"#,
      #"{"_id":"202001-x1","call_id":"x1","interaction_id":"63746438400-k","pvt_type":"cdr","timestamp":63746438460,"duration_seconds":30}"#,
      #"{"_id":"202001-x0","call_id":"x0","interaction_id":"63746438400-k","pvt_type":"cdr","timestamp":63746438500,"duration_seconds":90}"#,
      #"{"_id":"202001-x3","call_id":"x3","interaction_id":"63746438400-k","pvt_type":"cdr","pvt_deleted":true,"timestamp":63746438460,"duration_seconds":30}"#,
      #"{"_id":"202001-x4","call_id":"x4","interaction_id":"63746438400-k","timestamp":63746438460,"duration_seconds":30}"#,
      #"{"_id":"202001-y1","call_id":"y1","other_leg_call_id":"x1","interaction_id":"63746438400-other","pvt_type":"cdr"}"#,
      #"{"_id":"202001-z1","call_id":"z1","pvt_type":"cdr"}"#,
    ].joined(separator: "\n")
    for id in ["63746438400-k", "202001-x1"] {
      let context = CommandContext.inMemory(input: Array(input.utf8))
      #expect(CDRTool.run(["legs", id], context: context) == 0)
      // x0 started first (timestamp − duration); x1 and x2 tie and go by document id.
      #expect(
        try lines(context.output.text).map { $0["id"] as? String } == [
          "202001-x0", "202001-x1", "202001-x2",
        ])
      #expect(context.errors.text.contains("2 legs with interaction_id"))
    }
    let noInteraction = CommandContext.inMemory(input: Array(input.utf8))
    #expect(CDRTool.run(["legs", "202001-z1"], context: noInteraction) == 1)
    #expect(
      noInteraction.errors.text.contains(
        "bad identifier '202001-z1': that document has no interaction_id"))
  }

  @Test func statsByDirection() throws {
    let context = CommandContext.inMemory()
    let code = CDRTool.run(
      ["stats", "--by", "direction", fixture("bridged-pair.ndjson"), fixture("unanswered.ndjson")],
      context: context)
    #expect(code == 0)
    let object = try #require(try lines(context.output.text).first)
    let interactions = try #require(object["interactions"] as? [String: Any])
    #expect(interactions["calls"] as? Int == 2)
    #expect(interactions["answered_calls"] as? Int == 1)
    #expect(interactions["asr"] as? Double == 0.5)
    #expect(interactions["acd_seconds"] as? Double == 121)
    let legs = try #require(object["legs"] as? [String: Any])
    #expect(legs["calls"] as? Int == 4)
    #expect(legs["billing_seconds"] as? Int == 238)
    let groups = try #require(object["groups"] as? [[String: Any]])
    // Interactions are inbound (their first leg); the raw legs split 2 inbound, 2 outbound.
    #expect(groups.map { $0["key"] as? String } == ["inbound", "outbound"])
    let outbound = try #require(groups.last)
    #expect((outbound["interactions"] as? [String: Any])?["calls"] as? Int == 0)
    #expect((outbound["legs"] as? [String: Any])?["calls"] as? Int == 2)
  }

  @Test func statsRejectsUnknownTimeZone() {
    let context = CommandContext.inMemory()
    #expect(
      CDRTool.run(["stats", "--by", "day", "--time-zone", "Mars/Olympus"], context: context) == 2)
  }

  /// Enough calls for the writer to render several rounds on several cores: the output is
  /// in start order, in every format, with the owner filter applied per interaction.
  @Test func manyInteractionsAreWrittenInOrderInEveryFormat() throws {
    let count = 9_000
    var input = ""
    for call in 0..<count {
      let id = "call-\(call)"
      // Unix microseconds; gregorian end = Unix + 62167219200.
      let created = (1_579_219_200 + call) * 1_000_000
      let owner = call % 2 == 0 ? #","custom_channel_vars":{"owner_id":"even"}"# : ""
      input +=
        #"{"call_id":"\#(id)","channel_created_time":\#(created),"#
        + #""timestamp":\#(62_167_219_200 + 1_579_219_200 + call + 1),"duration_seconds":1\#(owner)}"#
        + "\n"
    }
    let bytes = Array(input.utf8)
    func run(_ arguments: [String]) -> (code: Int32, output: String, errors: String) {
      let context = CommandContext.inMemory(input: bytes)
      let code = CDRTool.run(["interactions"] + arguments, context: context)
      return (code, context.output.text, context.errors.text)
    }
    let ndjson = run([])
    #expect(ndjson.code == 0)
    let lines = ndjson.output.split(separator: "\n").map(String.init)
    let firstCallIDs = try lines.map { line in
      let object = try #require(
        JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
      return try #require(object["first_call_id"] as? String)
    }
    #expect(firstCallIDs == (0..<count).map { "call-\($0)" })
    #expect(ndjson.errors.hasSuffix("\(count) interactions, \(count) legs\n"))
    let json = run(["--format", "json"])
    #expect(json.output == "[" + lines.joined(separator: ",") + "]\n")
    let owned = run(["--owner", "even"])
    let ownedLines = owned.output.split(separator: "\n").map(String.init)
    #expect(ownedLines == stride(from: 0, to: count, by: 2).map { lines[$0] })
    #expect(owned.errors.hasSuffix("\(count / 2) interactions, \(count / 2) legs\n"))
    let ownedJSON = run(["--format", "json", "--owner", "even"])
    #expect(ownedJSON.output == "[" + ownedLines.joined(separator: ",") + "]\n")
    let nobody = run(["--format", "json", "--owner", "nobody"])
    #expect(nobody.output == "[]\n")
  }
}
