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
      FetchCommand.self,
    ]
  }

  /// The tool's overview, printed by `cdr --help`.
  static var help: String {
    var text = """
      cdr: read, check, convert and group KAZOO Call Detail Records.

      USAGE: cdr COMMAND [ARGUMENTS...]

      COMMANDS:

      """
    let width = subcommands.map { $0.name.count }.max() ?? 0
    for command in subcommands {
      let padding = String(repeating: " ", count: width - command.name.count + 2)
      text += "  \(command.name)\(padding)\(command.summary)\n"
    }
    text += "\nRun 'cdr COMMAND --help' for a command's options.\n"
    return text
  }

  /// Runs the tool with `arguments` (without the program name) and returns the exit code.
  public static func run(_ arguments: [String], context: CommandContext) -> Int32 {
    defer {
      context.output.flush()
      context.errors.flush()
    }
    guard let name = arguments.first else {
      context.errors.write(help)
      return ExitCode.usage.rawValue
    }
    if name == "--help" || name == "-h" || name == "help" {
      context.output.write(help)
      return ExitCode.success.rawValue
    }
    guard let command = subcommands.first(where: { $0.name == name }) else {
      context.errors.writeLine("cdr: unknown command '\(name)'. Run 'cdr --help' for the list.")
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
      context.errors.writeLine("cdr \(name): \(error.message)")
      context.errors.writeLine("Run 'cdr \(name) --help' for usage.")
      return ExitCode.usage.rawValue
    }
  }
}
