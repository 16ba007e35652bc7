import CDRKit
import Foundation

// Usage: cdr-bench [NAME...] [--legs N[,N...]]; cdr-bench --write FILE --legs N
// Runs the named benchmarks (all by default) on generated legs and prints figures with
// the input size and, where there is one, a comparison measured in the same run.

/// Every benchmark, in the order they run.
let benchmarks: [Benchmark] = [
  readerBenchmark,
  csvBenchmark,
  decodeBenchmark,
  fastPathBenchmark,
  groupingBenchmark,
  pipelineBenchmark,
  legTableBenchmark,
]

if CommandLine.arguments.count > 1 && CommandLine.arguments[1] == "--measure-child" {
  // The launcher `pipeline` runs its child processes through (see runMeasureChild).
  runMeasureChild(Array(CommandLine.arguments.dropFirst(2)))
}

var names: [String] = []
var sizes = [100_000]
var outputPath: String?
var arguments = Array(CommandLine.arguments.dropFirst())
while !arguments.isEmpty {
  let argument = arguments.removeFirst()
  if argument == "--legs", let value = arguments.first {
    arguments.removeFirst()
    sizes = value.split(separator: ",").compactMap { Int($0) }
  } else if argument == "--write", let value = arguments.first {
    arguments.removeFirst()
    outputPath = value
  } else if argument == "--help" {
    print("cdr-bench [NAME...] [--legs N[,N...]] | --write FILE --legs N; benchmarks:")
    for benchmark in benchmarks { print("  \(benchmark.name): \(benchmark.summary)") }
    exit(0)
  } else {
    names.append(argument)
  }
}
if let outputPath {
  // `--write FILE`: the generated NDJSON for the first size, for timing `cdr` itself.
  var generator = LegGenerator(seed: 7)
  let bytes = LegGenerator.ndjson(generator.legs(count: sizes.first ?? 100_000))
  // Written 8 MiB at a time: `FileManager.createFile(atPath:contents:)` with more than
  // 2 GiB (Swift 6.3 on Linux) wrote the first 0x7FFFF000 bytes and then the rest from the
  // start of the data again, a file of the right size with the wrong bytes.
  guard FileManager.default.createFile(atPath: outputPath, contents: nil),
    let handle = FileHandle(forWritingAtPath: outputPath)
  else {
    print("cannot write \(outputPath)")
    exit(1)
  }
  do {
    for start in stride(from: 0, to: bytes.count, by: 8 << 20) {
      try handle.write(contentsOf: bytes[start..<min(bytes.count, start + (8 << 20))])
    }
    try handle.close()
  } catch {
    print("cannot write \(outputPath): \(error)")
    exit(1)
  }
  let size = (try? FileManager.default.attributesOfItem(atPath: outputPath)[.size] as? Int) ?? -1
  guard size == bytes.count else {
    print("wrote \(size) bytes to \(outputPath), not \(bytes.count)")
    exit(1)
  }
  print("wrote \(bytes.count) bytes to \(outputPath)")
  exit(0)
}
let selected = names.isEmpty ? benchmarks : benchmarks.filter { names.contains($0.name) }
for size in sizes {
  for benchmark in selected {
    print("\(benchmark.name), \(size) legs:")
    benchmark.run(size)
  }
}
print("peak RSS \(formatBytes(peakResidentBytes()))")
