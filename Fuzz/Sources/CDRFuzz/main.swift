// The driver: `cdr-fuzz TARGET [libFuzzer options and corpus directories...]`.
//
// libFuzzer's own `main` cannot be used in a SwiftPM executable (SwiftPM names the Swift
// entry point `main`), so the fuzzer is linked as `libclang_rt.fuzzer_no_main` and started
// here through `LLVMFuzzerRunDriver`, with the target name removed from the arguments.

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// libFuzzer's entry point for programs that have their own `main`.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
  _ argc: UnsafeMutablePointer<Int32>,
  _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
  _ callback: FuzzCallback
) -> Int32

let arguments = CommandLine.arguments
guard arguments.count >= 2, let target = fuzzTargets.first(where: { $0.name == arguments[1] })
else {
  let names = fuzzTargets.map(\.name).joined(separator: "|")
  printError("usage: cdr-fuzz \(names) [libFuzzer options] [corpus directories]")
  exit(2)
}

var driverArguments: [UnsafeMutablePointer<CChar>?] =
  ([arguments[0]] + arguments.dropFirst(2)).map { strdup($0) } + [nil]
var argumentCount = Int32(driverArguments.count - 1)
let status = driverArguments.withUnsafeMutableBufferPointer { buffer in
  var argumentVector = buffer.baseAddress
  return runFuzzerDriver(&argumentCount, &argumentVector, target.callback)
}
exit(status)
