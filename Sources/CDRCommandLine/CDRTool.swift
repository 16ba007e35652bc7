import CDRKit

/// The `cdr` command-line tool: dispatches to its subcommands.
public enum CDRTool {
  /// Every subcommand, in the order `cdr --help` lists them.
  static var subcommands: [any Subcommand.Type] {
    [
      CatCommand.self,
      ValidateCommand.self,
      TimeCommand.self,
      CSVCommand.self,
      PageCommand.self,
      InteractionsCommand.self,
      LegsCommand.self,
      StatsCommand.self,
      FetchLauncher.self,
      FromEventsCommand.self,
    ]
  }

  /// The tool's overview, printed by `cdr --help`.
  static var help: String {
    var text = """
      cdr: read, check, convert and group KAZOO Call Detail Records.

      USAGE: cdr COMMAND [ARGUMENTS...]
             cdr --version

      COMMANDS:

      """
    let width = subcommands.map { $0.name.count }.max() ?? 0
    for command in subcommands {
      let padding = String(repeating: " ", count: width - command.name.count + 2)
      text += "  \(command.name)\(padding)\(command.summary)\n"
    }
    text += """

      Run 'cdr COMMAND --help' for a command's options. 'cdr --version' (or 'cdr version')
      prints CDRKit's version.

      Reading commands show a progress line on standard error when it is a terminal
      (--quiet turns it off). Text outputs and messages show control, line-separator and
      bidirectional characters from records as escapes (\\n, \\u{1B}, \\u{202E}).

      EXIT STATUS:
        0    all records accepted (or valid)
        1    some records rejected (or invalid)
        2    usage error
        3    an input file could not be opened
        4    standard output could not be written (cdr: cannot write standard output: ...)
        5    cdr fetch failed (authentication, KAZOO's error, the network); rerun to resume
        141  standard output was closed by its reader (cdr ... | head): stopped quietly

      """
    return text
  }

  /// The text `cdr --version` prints.
  static var versionText: String { "cdr (CDRKit) \(CDRKitVersion.current)" }

  /// Runs the tool with `arguments` (without the program name) and returns the exit code.
  ///
  /// When standard output cannot be written the command stops reading, and the exit code
  /// is ``ExitCode/cannotWrite`` with `cdr: cannot write standard output: REASON` on
  /// standard error, or ``ExitCode/brokenPipe`` without a message when the reader of a pipe
  /// has gone.
  public static func run(_ arguments: [String], context: CommandContext) -> Int32 {
    run(arguments, context: context, replacing: [])
  }

  /// ``run(_:context:)``, with `commands` in place of the subcommands of the same names:
  /// how `cdr-fetch` runs the fetch itself, where `cdr` only starts `cdr-fetch`.
  package static func run(
    _ arguments: [String], context: CommandContext, replacing commands: [any Subcommand.Type]
  ) -> Int32 {
    let code = dispatch(arguments, context: context, replacing: commands)
    context.output.flush()
    defer { context.errors.flush() }
    guard let failure = context.output.failure else { return code }
    if failure.isBrokenPipe { return ExitCode.brokenPipe.rawValue }
    context.errors.writeLine("cdr: cannot write standard output: \(failure.message)")
    return ExitCode.cannotWrite.rawValue
  }

  /// Runs the command `arguments` names; the exit code before output failures.
  private static func dispatch(
    _ arguments: [String], context: CommandContext, replacing commands: [any Subcommand.Type]
  ) -> Int32 {
    guard let name = arguments.first else {
      context.errors.write(help)
      return ExitCode.usage.rawValue
    }
    if name == "--help" || name == "-h" || name == "help" {
      context.output.write(help)
      return ExitCode.success.rawValue
    }
    if name == "--version" || name == "version" {
      guard arguments.count == 1 else {
        context.report("cdr \(name): takes no arguments")
        return ExitCode.usage.rawValue
      }
      context.output.writeLine(versionText)
      return ExitCode.success.rawValue
    }
    let command =
      commands.first(where: { $0.name == name })
      ?? subcommands.first(where: { $0.name == name })
    guard let command else {
      context.report("cdr: unknown command '\(name)'. Run 'cdr --help' for the list.")
      return ExitCode.usage.rawValue
    }
    let rest = Array(arguments.dropFirst())
    if rest.contains("--help") || rest.contains("-h") {
      context.output.writeLine(command.help)
      return ExitCode.success.rawValue
    }
    do {
      return try command.run(rest, context: context).rawValue
    } catch {
      context.report("cdr \(name): \(error.message)")
      context.errors.writeLine("Run 'cdr \(name) --help' for usage.")
      return ExitCode.usage.rawValue
    }
  }
}
