import CDRKit
import Foundation
import Testing

@testable import CDRCommandLine

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// `count` small NDJSON legs, bridged in pairs, in end-time order.
func generatedLegs(_ count: Int) -> [UInt8] {
  var text = ""
  for index in 0..<count {
    let other = index % 2 == 0 ? index + 1 : index - 1
    text +=
      #"{"call_id":"leg-\#(index)","other_leg_call_id":"leg-\#(other)","timestamp":\#(63_746_438_400 + index),"duration_seconds":1}"#
      + "\n"
  }
  return Array(text.utf8)
}

/// The readers a context made for standard input, to see how far they read.
final class ReaderLog: @unchecked Sendable {
  private let lock = NSLock()
  private var readers: [CDRReader] = []

  func remember(_ reader: CDRReader) {
    lock.lock()
    readers.append(reader)
    lock.unlock()
  }

  /// Records read, over every reader made.
  var recordsRead: Int {
    lock.lock()
    defer { lock.unlock() }
    return readers.reduce(0) { $0 + $1.statistics.read }
  }
}

/// A context whose standard output is `output`, reading `input` as standard input, with a
/// log of the readers it made.
struct RecordingContext {
  let log = ReaderLog()
  let context: CommandContext

  init(
    input: [UInt8], output: CommandOutput, errors: CommandOutput = CommandOutput(),
    showsProgress: Bool = false, clock: @escaping @Sendable () -> Double = { 0 }
  ) {
    let log = self.log
    context = CommandContext(
      output: output, errors: errors,
      standardInput: { options in
        let reader = CDRReader(bytes: input, sourceName: "<stdin>", options: options)
        log.remember(reader)
        return reader
      }, showsProgress: showsProgress, clock: clock)
  }

  var recordsRead: Int { log.recordsRead }
}

@Suite("cdr when standard output cannot be written")
struct OutputFailureTests {
  static let noSpace = CommandOutputFailure(errorNumber: ENOSPC).message
  static let manyLegs = generatedLegs(100_000)

  @Test(
    "a failing output: exit 4, one message, no summary, reading stops",
    arguments: [
      ["cat"], ["csv"], ["csv", "--columns", "call_id"], ["validate"],
      ["validate", "--format", "ndjson"], ["interactions", "--stream"],
      ["interactions", "--stream", "--format", "table"],
    ])
  func failingOutput(arguments: [String]) {
    let recording = RecordingContext(
      input: Self.manyLegs, output: CommandOutput(failingAfter: 100, errorNumber: ENOSPC))
    let code = CDRTool.run(arguments, context: recording.context)
    #expect(code == ExitCode.cannotWrite.rawValue)
    #expect(code == 4)
    #expect(recording.context.errors.text == "cdr: cannot write standard output: \(Self.noSpace)\n")
    #expect(recording.context.output.collected.count == 100)
    // The output fails at its first write, so reading stops within what one write holds
    // (a record, 64 KiB of CSV rows, or an hour of streamed legs), far from the 100,000.
    #expect(recording.recordsRead < 10_000, "\(arguments): read \(recording.recordsRead)")
  }

  @Test(
    "commands that write at the end report the failure too",
    arguments: [
      ["interactions"], ["interactions", "--format", "json"], ["legs", "leg-0"], ["stats"],
      ["page"], ["--help"], ["--version"], ["version"], ["cat", "--help"],
      ["time", "63746438400"],
    ])
  func failingOutputAtTheEnd(arguments: [String]) {
    let recording = RecordingContext(
      input: generatedLegs(10), output: CommandOutput(failingAfter: 3, errorNumber: ENOSPC))
    let code = CDRTool.run(arguments, context: recording.context)
    #expect(code == 4)
    #expect(
      recording.context.errors.text.hasSuffix(
        "cdr: cannot write standard output: \(Self.noSpace)\n"))
    // page and legs write their summary before their output; the others do not get to it.
    if !["page", "legs"].contains(arguments[0]) {
      #expect(!recording.context.errors.text.contains(" read, "))
    }
  }

  @Test("an output that fails with EPIPE: exit 141 and nothing on standard error")
  func brokenPipeInMemory() {
    let recording = RecordingContext(
      input: Self.manyLegs, output: CommandOutput(failingAfter: 10, errorNumber: EPIPE))
    #expect(CDRTool.run(["cat"], context: recording.context) == ExitCode.brokenPipe.rawValue)
    #expect(recording.context.errors.text.isEmpty)
    #expect(recording.recordsRead < 10_000)
  }

  @Test("a failure after the last flush is still caught")
  func failureAtTheFinalFlush() {
    // 3 legs fit in the 64 KiB buffer: the failure shows only when the tool flushes.
    let recording = RecordingContext(
      input: generatedLegs(3), output: CommandOutput(failingAfter: 0, errorNumber: EIO))
    #expect(CDRTool.run(["cat"], context: recording.context) == 4)
    #expect(
      recording.context.errors.text
        == "cdr: cannot write standard output: \(CommandOutputFailure(errorNumber: EIO).message)\n")
  }

  @Test("the failure keeps its error number and the system's text")
  func failureValue() {
    let output = CommandOutput(failingAfter: 4, errorNumber: ENOSPC)
    output.write("abc")
    #expect(!output.failed)
    output.write("de")
    #expect(output.failure == CommandOutputFailure(errorNumber: ENOSPC))
    #expect(output.text == "abcd")
    output.write("more")
    #expect(output.text == "abcd")
    #expect(CommandOutputFailure(errorNumber: EPIPE).isBrokenPipe)
    #expect(!CommandOutputFailure(errorNumber: ENOSPC).isBrokenPipe)
    #expect(!Self.noSpace.isEmpty)
  }

  @Test(
    "/dev/full: exit 4 and 'No space left on device'",
    .enabled(if: FileManager.default.fileExists(atPath: "/dev/full")),
    arguments: [["cat"], ["csv"], ["interactions"], ["validate"]])
  func devFull(arguments: [String]) throws {
    let descriptor = open("/dev/full", O_WRONLY)
    try #require(descriptor >= 0)
    defer { close(descriptor) }
    let errors = CommandOutput()
    let context = CommandContext(
      output: CommandOutput(fileDescriptor: descriptor), errors: errors,
      standardInput: { CDRReader(bytes: [], sourceName: "<stdin>", options: $0) })
    let code = CDRTool.run(arguments + [fixturePath("calls/bridged-pair.ndjson")], context: context)
    #expect(code == 4)
    #expect(errors.text == "cdr: cannot write standard output: No space left on device\n")
  }

  @Test("a real pipe whose reader has gone: exit 141, silent, stops early")
  func closedPipe() throws {
    signal(SIGPIPE, SIG_IGN)
    var ends: [Int32] = [0, 0]
    try #require(pipe(&ends) == 0)
    close(ends[0])
    defer { close(ends[1]) }
    for arguments in [["cat"], ["csv"], ["interactions", "--stream"]] {
      let recording = RecordingContext(
        input: Self.manyLegs, output: CommandOutput(fileDescriptor: ends[1]))
      let code = CDRTool.run(arguments, context: recording.context)
      #expect(code == 141, "\(arguments)")
      #expect(recording.context.errors.text.isEmpty, "\(arguments)")
      // The first 64 KiB of output fails: a few thousand legs read at most, of 100,000.
      #expect(recording.recordsRead < 10_000, "\(arguments): read \(recording.recordsRead)")
    }
  }
}
