import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One benchmark: a name and a function that prints its figures for `legs` legs.
struct Benchmark: Sendable {
  let name: String
  let summary: String
  let run: @Sendable (_ legs: Int) -> Void
}

/// Wall-clock seconds for `body`, best of `repetitions` runs.
func measure(repetitions: Int = 3, _ body: () -> Void) -> Double {
  var best = Double.infinity
  for _ in 0..<max(1, repetitions) {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    best = min(best, elapsed)
  }
  return best
}

/// The process's peak resident set size in bytes (Linux: VmHWM; macOS: ru_maxrss).
func peakResidentBytes() -> Int {
  #if os(Linux)
    if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) {
      for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        let digits = line.filter(\.isNumber)
        return (Int(digits) ?? 0) * 1024
      }
    }
    return 0
  #else
    var usage = rusage()
    getrusage(RUSAGE_SELF, &usage)
    return Int(usage.ru_maxrss)
  #endif
}

/// Prints one result row: stage, wall time, throughput in MB/s and legs/s, and the peak
/// resident set size reached during the stage when known.
func report(stage: String, seconds: Double, bytes: Int, legs: Int, peak: Int? = nil) {
  let megabytesPerSecond = Double(bytes) / 1e6 / seconds
  let legsPerSecond = Double(legs) / seconds
  print(
    String(
      format: "  %@ %9.3f s %10.1f MB/s %12.0f legs/s %@",
      stage.padding(toLength: 34, withPad: " ", startingAt: 0), seconds, megabytesPerSecond,
      legsPerSecond,
      peak.map { formatBytes($0).padding(toLength: 10, withPad: " ", startingAt: 0) } ?? ""))
}

/// Starts a new peak-RSS measurement (Linux: writing 5 to /proc/self/clear_refs resets
/// VmHWM to the current RSS; elsewhere the peak stays process-wide).
func resetPeakResidentBytes() {
  #if os(Linux)
    try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
  #endif
}

/// Human-readable byte count.
func formatBytes(_ bytes: Int) -> String {
  String(format: "%.1f MB", Double(bytes) / 1e6)
}

/// The lines of NDJSON `bytes` (without their newlines), one `Data` each, as JSONDecoder
/// takes them; at most `limit` lines.
func ndjsonLines(_ bytes: [UInt8], limit: Int = .max) -> [Data] {
  var lines: [Data] = []
  var lineStart = 0
  for (index, byte) in bytes.enumerated() where byte == 0x0A {
    if lines.count == limit { break }
    lines.append(Data(bytes[lineStart..<index]))
    lineStart = index + 1
  }
  return lines
}
