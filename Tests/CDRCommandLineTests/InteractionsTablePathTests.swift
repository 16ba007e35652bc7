import CDRKit
import CDRTestSupport
import Foundation
import Testing

@testable import CDRCommandLine

/// `cdr interactions` prints the same bytes whether it groups from the leg table or from
/// records (the reference path, forced by the internal switch).
@Suite(.serialized) struct InteractionsTablePathTests {
  func run(_ arguments: [String], input: [UInt8] = [], recordPath: Bool)
    -> (code: Int32, output: String, errors: String)
  {
    InteractionsCommand.$usesRecordPath.withValue(recordPath) { runTool(arguments, bytes: input) }
  }

  @Test(arguments: [
    ["interactions"], ["interactions", "--link", "other-leg,bridge,interaction-id"],
  ])
  func sameOutputOnHardCases(_ arguments: [String]) throws {
    let bytes = HardLegs.ndjson(seed: 77, calls: 400)
    let path = NSTemporaryDirectory() + "table-path-\(UInt64.random(in: 0...UInt64.max)).ndjson"
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    defer { try? FileManager.default.removeItem(atPath: path) }
    let fromRecords = run(arguments + [path], recordPath: true)
    let fromTable = run(arguments + [path], recordPath: false)
    #expect(fromRecords.output.count > 1000)
    #expect(fromTable.output == fromRecords.output)
    #expect(fromTable.errors == fromRecords.errors)
    #expect(fromTable.code == fromRecords.code)
    // Standard input, and a file twice.
    let stdinRecords = run(arguments, input: bytes, recordPath: true)
    let stdinTable = run(arguments, input: bytes, recordPath: false)
    #expect(stdinTable.output == stdinRecords.output)
    #expect(stdinTable.errors == stdinRecords.errors)
    let twiceRecords = run(arguments + [path, "-"], input: bytes, recordPath: true)
    let twiceTable = run(arguments + [path, "-"], input: bytes, recordPath: false)
    #expect(twiceTable.output == twiceRecords.output)
    #expect(twiceTable.errors == twiceRecords.errors)
  }

  /// Seconds and lengths beyond 32 bits (kept aside by the table's narrow columns) give
  /// the record path's lines: billing is the larger leg's, ringing the first leg's.
  @Test func integersBeyond32BitsAgree() throws {
    let lines = [
      #"{"billing_seconds":5000000000,"call_direction":"inbound","call_id":"a1","#
        + #""custom_channel_vars":{"bridge_id":"a1"},"duration_seconds":5000000010,"#
        + #""other_leg_call_id":"b1","ringing_seconds":-3000000000,"timestamp":63746438672}"#,
      #"{"billing_seconds":2147483648,"call_direction":"outbound","call_id":"b1","#
        + #""custom_channel_vars":{"bridge_id":"a1"},"duration_seconds":12,"#
        + #""other_leg_call_id":"a1","ringing_seconds":2147483647,"timestamp":63746438673}"#,
    ]
    let input = Array((lines.joined(separator: "\n") + "\n").utf8)
    let fromRecords = run(["interactions", "-"], input: input, recordPath: true)
    let fromTable = run(["interactions", "-"], input: input, recordPath: false)
    #expect(fromTable.output == fromRecords.output)
    #expect(fromTable.output.contains(#""billing_seconds":5000000000,"#))
    #expect(fromTable.output.contains(#""ringing_seconds":-3000000000,"#))
    #expect(fromTable.errors == "2 read, 2 accepted, 0 rejected\n1 interactions, 2 legs\n")
  }

  /// A caller name longer than the table keeps (65,535 bytes) sends its call to the record
  /// path: the line shows the whole name, as the record path's does.
  @Test func aTextLongerThanTheTableKeepsAgrees() throws {
    let name = String(repeating: "n", count: 70_000)
    let lines = [
      #"{"call_direction":"inbound","call_id":"a1","caller_id_name":""# + name
        + #"","other_leg_call_id":"b1","timestamp":63746438672}"#,
      #"{"call_direction":"outbound","call_id":"b1","other_leg_call_id":"a1","#
        + #""timestamp":63746438673}"#,
      #"{"call_direction":"inbound","call_id":"c1","caller_id_name":"short","#
        + #""timestamp":63746438674}"#,
    ]
    let input = Array((lines.joined(separator: "\n") + "\n").utf8)
    let fromRecords = run(["interactions", "-"], input: input, recordPath: true)
    let fromTable = run(["interactions", "-"], input: input, recordPath: false)
    #expect(fromTable.output == fromRecords.output)
    #expect(fromTable.output.contains(#""caller_id_name":""# + name + "\""))
    #expect(fromTable.errors == "3 read, 3 accepted, 0 rejected\n2 interactions, 3 legs\n")
  }

  /// Standard input read from a pipe (a file descriptor, as the real process reads it, in
  /// small writes) gives the table the bytes the file gives: the same lines and counts.
  @Test func standardInputThroughAPipeMatchesTheFile() throws {
    let bytes = HardLegs.ndjson(seed: 78, calls: 150) + Array("{\"call_id\":\n".utf8)
    let path = NSTemporaryDirectory() + "table-pipe-\(UInt64.random(in: 0...UInt64.max)).ndjson"
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    defer { try? FileManager.default.removeItem(atPath: path) }
    for command in ["interactions", "stats"] {
      let fromFile = run([command, path], recordPath: false)
      var descriptors: [Int32] = [-1, -1]
      try #require(pipe(&descriptors) == 0)
      let writer = descriptors[1]
      let feeding = DispatchGroup()
      DispatchQueue.global().async(group: feeding) {
        var written = 0
        while written < bytes.count {
          let end = min(bytes.count, written + 4093)
          let count = bytes[written..<end].withUnsafeBytes {
            Foundation.write(writer, $0.baseAddress, $0.count)
          }
          if count <= 0 { break }
          written += count
        }
        close(writer)
      }
      let context = CommandContext(
        output: CommandOutput(), errors: CommandOutput(),
        standardInput: { CDRReader(bytes: [], sourceName: "<stdin>", options: $0) },
        standardInputSource: .fileDescriptor(descriptors[0]))
      let code = CDRTool.run([command, "-"], context: context)
      feeding.wait()
      close(descriptors[0])
      #expect(context.output.text == fromFile.output, "\(command)")
      #expect(
        context.errors.text == fromFile.errors.replacingOccurrences(of: path, with: "<stdin>"),
        "\(command)")
      #expect(
        context.errors.text.contains("malformed JSON: unexpected end of input"), "\(command)")
      #expect(code == fromFile.code, "\(command)")
    }
  }

  /// Interactions that share an `interaction_id` without a link get distinct ids the same
  /// way on both paths (KAZOO fidelity, item 4): the file twice holds every call twice.
  @Test func splitInteractionIDsAgree() throws {
    let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("Fixtures/calls/loopback.ndjson").path
    for arguments in [
      ["interactions", "--link", "other-leg,bridge", fixture],
      ["interactions", "--link", "other-leg", fixture, fixture],
    ] {
      let fromRecords = run(arguments, recordPath: true)
      let fromTable = run(arguments, recordPath: false)
      #expect(fromRecords.output.contains(#""split_interaction_id":"63746449200-3e4f5a6b""#))
      #expect(fromTable.output == fromRecords.output, "\(arguments)")
      let ids = fromRecords.output.split(separator: "\n").compactMap { line in
        (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["id"]
          as? String
      }
      #expect(Set(ids).count == ids.count, "\(arguments)")
    }
  }
}
