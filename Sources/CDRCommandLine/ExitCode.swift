/// The `cdr` tool's exit codes.
public enum ExitCode: Int32, Sendable {
  /// Everything read was accepted (or valid).
  case success = 0
  /// Some records were rejected (or invalid).
  case recordsRejected = 1
  /// The command line was wrong.
  case usage = 2
  /// An input file could not be opened.
  case cannotOpen = 3
  /// `cdr fetch` failed: authentication, KAZOO's error, or the network after every retry.
  case fetchFailed = 4
}

/// A command-line mistake, reported with the command's usage and exit code 2.
public struct UsageError: Error, Sendable, CustomStringConvertible {
  /// What is wrong, phrased for the user.
  public let message: String

  /// Creates a usage error.
  public init(_ message: String) {
    self.message = message
  }

  /// The message.
  public var description: String { message }
}
