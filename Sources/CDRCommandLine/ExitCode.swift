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
  /// Standard output could not be written (a full disk, an I/O error): the output is
  /// incomplete. The tool prints `cdr: cannot write standard output: REASON` on standard
  /// error and stops reading.
  case cannotWrite = 4
  /// `cdr fetch` failed: authentication, KAZOO's error, or the network after every retry.
  /// With `--output`, running the same command again resumes.
  case fetchFailed = 5
  /// Standard output is a pipe whose reader has gone (`cdr cat big.ndjson | head -1`):
  /// the tool stops at once, prints nothing more, and exits with 141 (128 + SIGPIPE), the
  /// status a shell reports for `cat` stopped the same way.
  case brokenPipe = 141
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
