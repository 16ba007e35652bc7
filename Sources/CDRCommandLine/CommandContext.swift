import CDRKit
import Foundation

/// What a command runs with: its outputs and where standard input comes from.
public struct CommandContext {
  /// Standard output.
  public let output: CommandOutput
  /// Standard error.
  public let errors: CommandOutput
  /// Makes a reader for standard input (`-` or no file).
  public let standardInput: @Sendable (CDRReaderOptions) -> CDRReader
  /// Takes large values a command has finished with (all the legs it read, their
  /// interactions) when the process exits right after the command: they are then never
  /// freed, which saves the time freeing a million legs one by one takes (about a tenth of
  /// a `cdr interactions` run). Other contexts let them be freed as usual.
  public let keepUntilExit: @Sendable (any Sendable) -> Void

  /// A context for the real process: file descriptors 1 and 2, and 0 for input. Values
  /// handed to ``keepUntilExit`` stay until the process exits.
  public static func process() -> CommandContext {
    CommandContext(
      output: CommandOutput(fileDescriptor: 1), errors: CommandOutput(fileDescriptor: 2),
      standardInput: { CDRReader.standardInput(options: $0) },
      keepUntilExit: { _ProcessLifetime.shared.keep($0) })
  }

  /// A context that collects output in memory and reads `input` as standard input.
  public static func inMemory(input: [UInt8] = []) -> CommandContext {
    CommandContext(
      output: CommandOutput(), errors: CommandOutput(),
      standardInput: { CDRReader(bytes: input, sourceName: "<stdin>", options: $0) })
  }

  /// Creates a context.
  ///
  /// - Parameter keepUntilExit: what becomes of large values a command has finished with;
  ///   by default they are freed as usual. Pass a closure that keeps them only when the
  ///   process exits right after the command.
  public init(
    output: CommandOutput, errors: CommandOutput,
    standardInput: @escaping @Sendable (CDRReaderOptions) -> CDRReader,
    keepUntilExit: @escaping @Sendable (any Sendable) -> Void = { _ in }
  ) {
    self.output = output
    self.errors = errors
    self.standardInput = standardInput
    self.keepUntilExit = keepUntilExit
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
