import CDRCommandLine
import CDRFetchCommand

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

// `cdr fetch ARGUMENTS` runs `cdr-fetch ARGUMENTS` in its place (the fetch alone links the
// networking library). A closed pipe must end the fetch quietly, not crash it.
signal(SIGPIPE, SIG_IGN)
exit(CDRFetchTool.run(Array(CommandLine.arguments.dropFirst()), context: .process()))
