import CDRKit

/// One `cdr` subcommand.
public protocol Subcommand {
  /// The name typed after `cdr`.
  static var name: String { get }
  /// One line for `cdr --help`.
  static var summary: String { get }
  /// The full help text for `cdr NAME --help`.
  static var help: String { get }
  /// Runs the command with its arguments (after the name).
  static func run(_ arguments: [String], context: CommandContext) throws(UsageError) -> ExitCode
}

/// Reading the inputs a command names, with the shared reporting conventions:
/// rejections as `FILE:LINE: reason` on standard error, and the exit code rules.
struct InputSet {
  let operands: [String]

  init(_ operands: [String]) {
    self.operands = operands.isEmpty ? ["-"] : operands
  }

  /// Calls `body` with a reader for each input in turn. Reports inputs that cannot be
  /// opened on standard error. Returns whether every input could be opened.
  func forEachReader(
    context: CommandContext, options: CDRReader.Options = CDRReader.Options(),
    _ body: (CDRReader) -> Void
  ) -> Bool {
    var allOpened = true
    for operand in operands {
      let reader: CDRReader
      if operand == "-" {
        reader = context.standardInput(options)
      } else {
        do {
          reader = try CDRReader(contentsOfFile: operand, options: options)
        } catch {
          context.errors.writeLine("cdr: \(error.message)")
          allOpened = false
          continue
        }
      }
      body(reader)
    }
    return allOpened
  }
}

/// Totals over several inputs, and the summary line `N read, A accepted, R rejected`.
struct ReadTotals {
  var read = 0
  var accepted = 0
  var rejected = 0

  mutating func add(_ statistics: CDRReadStatistics) {
    read += statistics.read
    accepted += statistics.accepted
    rejected += statistics.rejected
  }

  var summary: String { "\(read) read, \(accepted) accepted, \(rejected) rejected" }

  func exitCode(allOpened: Bool) -> ExitCode {
    if !allOpened { return .cannotOpen }
    return rejected > 0 ? .recordsRejected : .success
  }
}
