import CDRKit
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// What a command runs with: its outputs and where standard input comes from.
public struct CommandContext {
  /// Standard output.
  public let output: CommandOutput
  /// Standard error.
  public let errors: CommandOutput
  /// Makes a reader for standard input (`-` or no file).
  public let standardInput: @Sendable (CDRReaderOptions) -> CDRReader
  /// Standard input's bytes for the commands that read them a window at a time on every
  /// core (`cat`, `csv`); `nil`: those commands read ``standardInput`` record by record.
  public let standardInputSource: StandardInputSource?
  /// Takes large values a command has finished with (all the legs it read, their
  /// interactions) when the process exits right after the command: they are then never
  /// freed, which saves the time freeing a million legs one by one takes (about a tenth of
  /// a `cdr interactions` run). Other contexts let them be freed as usual.
  public let keepUntilExit: @Sendable (any Sendable) -> Void
  /// Whether reading commands show a progress line on standard error (when it is a
  /// terminal; `--quiet` turns it off): bytes read, records, records per second and,
  /// for files, the share done and the time left.
  public let showsProgress: Bool
  /// The clock progress is measured with: seconds from any fixed start, never decreasing.
  public let clock: @Sendable () -> Double
  /// Whether this is the real process's context (``process()``), which `cdr fetch` may
  /// replace with `cdr-fetch`.
  package private(set) var isProcess = false

  /// A context for the real process: file descriptors 1 and 2, and 0 for input. Values
  /// handed to ``keepUntilExit`` stay until the process exits. Progress is shown when
  /// standard error is a terminal.
  public static func process() -> CommandContext {
    var context = CommandContext(
      output: CommandOutput(fileDescriptor: 1), errors: CommandOutput(fileDescriptor: 2),
      standardInput: { CDRReader.standardInput(options: $0) },
      standardInputSource: .fileDescriptor(0),
      keepUntilExit: { _ProcessLifetime.shared.keep($0) },
      showsProgress: isatty(2) == 1)
    context.isProcess = true
    return context
  }

  /// A context that collects output in memory and reads `input` as standard input.
  public static func inMemory(input: [UInt8] = []) -> CommandContext {
    CommandContext(
      output: CommandOutput(), errors: CommandOutput(),
      standardInput: { CDRReader(bytes: input, sourceName: "<stdin>", options: $0) },
      standardInputSource: .bytes(input))
  }

  /// Creates a context.
  ///
  /// - Parameters:
  ///   - standardInputSource: where standard input's bytes come from, for the commands
  ///     that read them on every core (default `nil`: every command uses `standardInput`).
  ///   - keepUntilExit: what becomes of large values a command has finished with; by
  ///     default they are freed as usual. Pass a closure that keeps them only when the
  ///     process exits right after the command.
  ///   - showsProgress: whether reading commands show a progress line on `errors`
  ///     (default `false`; ``process()`` passes whether standard error is a terminal).
  ///   - clock: seconds, never decreasing (default: the system's monotonic clock); tests
  ///     pass their own.
  public init(
    output: CommandOutput, errors: CommandOutput,
    standardInput: @escaping @Sendable (CDRReaderOptions) -> CDRReader,
    standardInputSource: StandardInputSource? = nil,
    keepUntilExit: @escaping @Sendable (any Sendable) -> Void = { _ in },
    showsProgress: Bool = false,
    clock: @escaping @Sendable () -> Double = { ProcessInfo.processInfo.systemUptime }
  ) {
    self.output = output
    self.errors = errors
    self.standardInput = standardInput
    self.standardInputSource = standardInputSource
    self.keepUntilExit = keepUntilExit
    self.showsProgress = showsProgress
    self.clock = clock
  }
}

/// Where standard input's bytes come from (see ``CommandContext/standardInputSource``).
public enum StandardInputSource: Sendable, Hashable {
  /// An open file descriptor, read to its end and left open (`0` for the process).
  case fileDescriptor(Int32)
  /// Bytes in memory (tests, embedding).
  case bytes([UInt8])
}

extension CommandContext {
  /// Whether the command must stop: standard output could not be written.
  var outputFailed: Bool { output.failed }

  /// Writes `line` on standard error, escaped for display (`DisplayText`): rejections,
  /// warnings and other messages that may quote record strings or arguments.
  package func report(_ line: String) {
    errors.writeLine(DisplayText.escaped(line))
  }

  /// Writes a command's closing summary line on standard error, after sending standard
  /// output on its way; nothing once standard output has failed (the tool then reports
  /// the failure instead, or nothing for a closed pipe).
  func writeSummary(_ line: String) {
    output.flush()
    guard !output.failed else { return }
    errors.writeLine(DisplayText.escaped(line))
  }
}

/// Values kept until the process exits (see ``CommandContext/keepUntilExit``).
final class _ProcessLifetime: @unchecked Sendable {
  static let shared = _ProcessLifetime()
  private let lock = NSLock()
  private var values: [any Sendable] = []

  func keep(_ value: any Sendable) {
    lock.lock()
    values.append(value)
    lock.unlock()
  }
}

/// The reader's options, named for use in closures.
public typealias CDRReaderOptions = CDRReader.Options
