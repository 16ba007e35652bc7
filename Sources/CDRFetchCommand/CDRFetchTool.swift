import CDRCommandLine

/// `cdr-fetch`: the `cdr fetch` command as a program of its own, which `cdr fetch` runs in
/// its place.
package enum CDRFetchTool {
  /// Runs `cdr fetch` with `arguments` (those after `fetch`) and returns the exit code, as
  /// `CDRTool.run(["fetch"] + arguments, context:)` would if the fetch were built in.
  package static func run(_ arguments: [String], context: CommandContext) -> Int32 {
    CDRTool.run(["fetch"] + arguments, context: context, replacing: [FetchCommand.self])
  }
}
