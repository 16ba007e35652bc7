import CDRCommandLine

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

// Writing to a closed pipe (`cdr cat big.ndjson | head`) must end quietly, not crash.
signal(SIGPIPE, SIG_IGN)
exit(CDRTool.run(Array(CommandLine.arguments.dropFirst()), context: .process()))
