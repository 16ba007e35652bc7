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

  /// Calls `body` with every event of each input in turn, updating `progress`; stops as
  /// soon as standard output has failed. Reports inputs that cannot be opened on standard
  /// error. Returns the read totals and whether every input could be opened.
  func forEachEvent(
    context: CommandContext, options: CDRReader.Options = CDRReader.Options(),
    progress: ProgressMeter? = nil, _ body: (CDRReadEvent) -> Void
  ) -> (totals: ReadTotals, allOpened: Bool) {
    var totals = ReadTotals()
    var allOpened = true
    for operand in operands {
      guard !context.outputFailed else { break }
      let reader: CDRReader
      if operand == "-" {
        reader = context.standardInput(options)
      } else {
        do {
          reader = try CDRReader(contentsOfFile: operand, options: options)
        } catch {
          context.report("cdr: \(error.message)")
          allOpened = false
          continue
        }
      }
      while let event = reader.next() {
        body(event)
        progress?.update(
          records: totals.read + reader.statistics.read, bytes: reader.statistics.bytesRead)
        if context.outputFailed { break }
      }
      totals.add(reader.statistics)
      progress?.finishInput(bytes: reader.statistics.bytesRead)
    }
    progress?.finish()
    return (totals, allOpened)
  }
}

/// One input of a windowed read (see ``InputSet/readWindowed(context:progress:sequential:read:)``).
enum WindowedInput {
  /// A file, by path.
  case file(String)
  /// Standard input's open descriptor.
  case fileDescriptor(Int32)
  /// Standard input's bytes (an in-memory context).
  case bytes([UInt8])
}

extension InputSet {
  /// Reads every input with `read`, which reads it a window at a time on every core and
  /// hands back blocks of output: files, and standard input when the context gives its
  /// source (``CommandContext/standardInputSource``); otherwise `sequential` reads standard
  /// input. Blocks go to standard output (with the progress line counting their lines),
  /// rejections and inputs that cannot be opened to standard error; nothing more is read
  /// once standard output has failed. Returns the totals and whether every input opened.
  func readWindowed(
    context: CommandContext, progress: ProgressMeter, sequential: () -> ReadTotals,
    read: (
      WindowedInput, _ rejected: (CDRRejection) -> Void, _ write: ([UInt8]) -> Bool
    ) throws(CDRReaderError) -> CDRReadStatistics
  ) -> (totals: ReadTotals, allOpened: Bool) {
    var totals = ReadTotals()
    var allOpened = true
    var lines = 0
    let write = { (block: [UInt8]) -> Bool in
      context.output.write(block)
      if progress.isEnabled {
        lines += block.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        progress.updateBlock(records: lines, bytes: nil)
      }
      return !context.outputFailed
    }
    let rejected = { (rejection: CDRRejection) in context.report(rejection.description) }
    for operand in operands {
      guard !context.outputFailed else { break }
      let input: WindowedInput
      if operand == "-" {
        switch context.standardInputSource {
        case .fileDescriptor(let descriptor)?: input = .fileDescriptor(descriptor)
        case .bytes(let bytes)?: input = .bytes(bytes)
        case nil:
          totals.add(sequential())
          continue
        }
      } else {
        input = .file(operand)
      }
      do {
        totals.add(try read(input, rejected, write))
      } catch {
        context.report("cdr: \(error.message)")
        allOpened = false
      }
    }
    progress.finish()
    return (totals, allOpened)
  }
}

/// The flag every reading command accepts to turn the progress line off.
let quietFlag = "--quiet"

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

  mutating func add(_ other: ReadTotals) {
    read += other.read
    accepted += other.accepted
    rejected += other.rejected
  }

  var summary: String { "\(read) read, \(accepted) accepted, \(rejected) rejected" }

  func exitCode(allOpened: Bool) -> ExitCode {
    if !allOpened { return .cannotOpen }
    return rejected > 0 ? .recordsRejected : .success
  }
}
