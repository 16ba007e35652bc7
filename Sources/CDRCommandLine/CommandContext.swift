import CDRKit

/// What a command runs with: its outputs and where standard input comes from.
public struct CommandContext {
  /// Standard output.
  public let output: CommandOutput
  /// Standard error.
  public let errors: CommandOutput
  /// Makes a reader for standard input (`-` or no file).
  public let standardInput: @Sendable (CDRReaderOptions) -> CDRReader

  /// A context for the real process: file descriptors 1 and 2, and 0 for input.
  public static func process() -> CommandContext {
    CommandContext(
      output: CommandOutput(fileDescriptor: 1), errors: CommandOutput(fileDescriptor: 2),
      standardInput: { CDRReader.standardInput(options: $0) })
  }

  /// A context that collects output in memory and reads `input` as standard input.
  public static func inMemory(input: [UInt8] = []) -> CommandContext {
    CommandContext(
      output: CommandOutput(), errors: CommandOutput(),
      standardInput: { CDRReader(bytes: input, sourceName: "<stdin>", options: $0) })
  }

  /// Creates a context.
  public init(
    output: CommandOutput, errors: CommandOutput,
    standardInput: @escaping @Sendable (CDRReaderOptions) -> CDRReader
  ) {
    self.output = output
    self.errors = errors
    self.standardInput = standardInput
  }
}

/// The reader's options, named for use in closures.
public typealias CDRReaderOptions = CDRReader.Options
