import CDRKit
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The whole job, stage by stage, on the same generated NDJSON: decode (JSONDecoder, the
/// byte-level path on one core and on all cores), group, write KAZOO CSV, then end-to-end
/// `cdr interactions` (batch and `--stream`) and Python + orjson as child processes, with
/// the issue's targets checked in the same run.
let pipelineBenchmark = Benchmark(
  name: "pipeline",
  summary:
    "Every stage in one table (decode, group, CSV, cdr interactions, python3 + orjson) with targets"
) { count in
  runPipeline(count: count)
}

/// One row of the pipeline table.
private struct StageFigures {
  var key: String
  var name: String
  var seconds: Double
  /// Peak resident bytes during the stage: the process's own VmHWM for in-process stages,
  /// the child's `ru_maxrss` for child processes.
  var peak: Int?
  /// Timed on a sample and scaled to the whole input.
  var scaled = false
}

/// Stage times by input size, kept across the sizes of one run for the growth check.
private final class PipelineHistory: @unchecked Sendable {
  private let lock = NSLock()
  private var seconds: [Int: [String: (name: String, seconds: Double, scaled: Bool)]] = [:]

  func record(_ size: Int, _ stages: [StageFigures]) {
    lock.lock()
    defer { lock.unlock() }
    for stage in stages {
      seconds[size, default: [:]][stage.key] = (stage.name, stage.seconds, stage.scaled)
    }
  }

  /// The smallest size measured before `size`, with its stage times.
  func smaller(than size: Int) -> (
    size: Int, stages: [String: (name: String, seconds: Double, scaled: Bool)]
  )? {
    lock.lock()
    defer { lock.unlock() }
    guard let smallest = seconds.keys.filter({ $0 < size }).min(), let stages = seconds[smallest]
    else { return nil }
    return (smallest, stages)
  }
}

private let pipelineHistory = PipelineHistory()

/// The package root (the directory holding the root `Package.swift`).
private let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The release `cdr` binary: `$CDR_BINARY` when set, else `.build/release/cdr` of the root.
private func cdrBinaryPath() -> String {
  if let path = ProcessInfo.processInfo.environment["CDR_BINARY"], !path.isEmpty { return path }
  return packageRoot.appendingPathComponent(".build/release/cdr").path
}

private func runPipeline(count: Int) {
  let path =
    NSTemporaryDirectory()
    + "cdr-bench-pipeline-\(ProcessInfo.processInfo.processIdentifier).ndjson"
  defer { try? FileManager.default.removeItem(atPath: path) }
  // The input is generated call by call straight into a file (the same bytes as
  // `LegGenerator.ndjson(generator.legs(count:))`), so that the child processes (stages 6–8,
  // run first) start from a small parent: on Linux a child's ru_maxrss starts at the
  // spawning process's high-water mark (exec carries it over).
  let (inputBytes, legCount, wroteInput) = writeGeneratedNDJSON(legs: count, to: path)
  // Best of 3 up to 200k legs; above, the in-process stages run twice and the child
  // processes once (a 1M-leg run already takes minutes on the shared machine).
  let large = legCount > 200_000
  let repetitions = large ? 2 : 3
  let childRepetitions = large ? 1 : 3
  print(
    "  input: \(legCount) legs, \(inputBytes) bytes (\(formatBytes(inputBytes))) NDJSON, "
      + "\(CDRReader.defaultConcurrency) cores, load average \(loadAverage())")

  var stages: [StageFigures] = []
  var notes: [String] = []

  // 6–8. Child processes on the input file.
  var endToEnd: [String: Double] = [:]
  var childPeaks: [String: Int] = [:]
  notes.append(
    "child peak RSS: the child's own ru_maxrss from wait4, taken by a small launcher process "
      + "(cdr-bench --measure-child), because a child spawned by this benchmark directly would "
      + "inherit its high-water mark (\(formatBytes(currentResidentBytes())) now); the child's "
      + "VmHWM sampled every 5 ms from /proc is printed as a cross-check")
  if !wroteInput {
    notes.append("stages 6–8 skipped: cannot write \(path)")
  } else {
    let cdr = cdrBinaryPath()
    if FileManager.default.isExecutableFile(atPath: cdr) {
      for (key, name, extra) in [
        ("cdr", "6. cdr interactions FILE", [String]()),
        ("cdrStream", "7. cdr interactions --stream FILE", ["--stream"]),
      ] {
        switch measureChild([cdr, "interactions"] + extra + [path], repetitions: childRepetitions)
        {
        case .success(let run):
          stages.append(StageFigures(key: key, name: name, seconds: run.seconds, peak: run.peak))
          endToEnd[key] = run.seconds
          childPeaks[key] = run.peak
          let summary = run.errors.split(separator: "\n").suffix(2).joined(separator: "; ")
          notes.append("\(name): \(summary); sampled VmHWM \(formatBytes(run.sampledPeak))")
        case .failure(let message):
          notes.append("\(name) skipped: \(message)")
        }
      }
    } else {
      notes.append("stages 6–7 skipped: no release cdr at \(cdr) (run Scripts/bench-pipeline.sh)")
    }
    let script = packageRoot.appendingPathComponent("Benchmarks/Scripts/group_orjson.py").path
    if case .success = measureChild(["python3", "-c", "import orjson"], repetitions: 1) {
      switch measureChild(["python3", script, path], repetitions: childRepetitions) {
      case .success(let run):
        let name = "8. python3 + orjson, parse + union-find"
        stages.append(StageFigures(key: "python", name: name, seconds: run.seconds, peak: run.peak))
        endToEnd["python"] = run.seconds
        notes.append(
          "\(name): \(run.errors.trimmingCharacters(in: .whitespacesAndNewlines)); "
            + "sampled VmHWM \(formatBytes(run.sampledPeak))")
      case .failure(let message):
        notes.append("stage 8 skipped: \(message)")
      }
    } else {
      notes.append("stage 8 skipped: python3 or orjson is not installed")
    }
  }

  guard wroteInput, var bytes = try? [UInt8](Data(contentsOf: URL(fileURLWithPath: path))),
    bytes.count == inputBytes
  else {
    print("  cannot write or read back \(path); in-process stages skipped")
    return
  }

  // 1. JSONDecoder into the 20-field struct, one `Data` per line (on a sample above 100k).
  let sample = min(legCount, 100_000)
  do {
    let lines = ndjsonLines(bytes, limit: sample)
    let decoder = JSONDecoder()
    resetPeakResidentBytes()
    var decoded = 0
    let seconds = measure(repetitions: large ? 1 : repetitions) {
      decoded = lines.reduce(0) {
        $0 + ((try? decoder.decode(PlainLeg.self, from: $1)) != nil ? 1 : 0)
      }
    }
    precondition(decoded == sample, "JSONDecoder decoded \(decoded) of \(sample) lines")
    let scaled = sample < legCount
    stages.append(
      StageFigures(
        key: "jsondecoder", name: "1. JSONDecoder, 20-field struct" + (scaled ? " *" : ""),
        seconds: seconds * Double(legCount) / Double(sample), peak: peakResidentBytes(),
        scaled: scaled))
    if scaled {
      notes.append("* timed on the first \(sample) legs (one run), scaled to \(legCount)")
    }
  }

  // 2. The byte-level path, one core, streaming with next().
  resetPeakResidentBytes()
  var streamed = 0
  let fastSeconds = measure(repetitions: repetitions) {
    let reader = CDRReader(bytes: bytes)
    streamed = 0
    while let event = reader.next() { if event.record != nil { streamed += 1 } }
  }
  precondition(streamed == legCount, "reader accepted \(streamed) of \(legCount)")
  stages.append(
    StageFigures(
      key: "fast1", name: "2. fast path, 1 core, next()", seconds: fastSeconds,
      peak: peakResidentBytes()))

  // 3. The byte-level path, all cores, keeping the records (they feed stages 4 and 5).
  let beforeRecords = currentResidentBytes()
  resetPeakResidentBytes()
  var legs: [CallDetailRecord] = []
  let concurrentSeconds = measure(repetitions: repetitions) {
    legs = []
    legs = CDRReader.readAllConcurrently(bytes: bytes).records
  }
  precondition(legs.count == legCount, "readAllConcurrently gave \(legs.count) of \(legCount)")
  stages.append(
    StageFigures(
      key: "fastN", name: "3. fast path, all cores, readAllConcurrently",
      seconds: concurrentSeconds, peak: peakResidentBytes()))
  let withRecords = currentResidentBytes()
  bytes = []

  // 4. Grouping the decoded legs.
  resetPeakResidentBytes()
  let grouper = InteractionGrouper()
  var interactions = 0
  let groupSeconds = measure(repetitions: repetitions) {
    interactions = grouper.group(legs).interactions.count
  }
  stages.append(
    StageFigures(
      key: "group", name: "4. InteractionGrouper().group(legs)", seconds: groupSeconds,
      peak: peakResidentBytes()))

  // 4b. The union-find alone (calls as leg indices, no Interaction values built).
  resetPeakResidentBytes()
  var components = 0
  let partitionSeconds = measure(repetitions: repetitions) {
    components = grouper.partition(legs).count
  }
  precondition(components == interactions, "partition gave \(components) of \(interactions)")
  stages.append(
    StageFigures(
      key: "partition", name: "4b. InteractionGrouper().partition(legs)",
      seconds: partitionSeconds, peak: peakResidentBytes()))

  // 5. KAZOO listing CSV of the decoded legs (the `csv` benchmark's writer loop).
  let columns = CDRCSVColumns.kazoo(
    options: CDRListingOptions(timeAdjustment: .fixedOffset(-18000)))
  resetPeakResidentBytes()
  var csvBytes = 0
  let csvSeconds = measure(repetitions: repetitions) {
    csvBytes = writeKazooCSV(legs, columns: columns)
  }
  stages.append(
    StageFigures(
      key: "csv", name: "5. KAZOO CSV (35 columns, RFC 4180)", seconds: csvSeconds,
      peak: peakResidentBytes()))
  legs = []
  notes.append(
    "in-process peaks include what the benchmark holds: the input (\(formatBytes(inputBytes))), "
      + "and from stage 3 on the decoded legs (RSS \(formatBytes(beforeRecords)) before stage 3, "
      + "\(formatBytes(withRecords)) after)")
  notes.append("stage 5 wrote \(formatBytes(csvBytes)) of CSV; MB/s is of NDJSON input throughout")

  // The table.
  print("  \(interactions) interactions (InteractionGrouper)")
  print("")
  print("  | stage | wall | MB/s | legs/s | peak RSS |")
  print("  |---|---:|---:|---:|---:|")
  stages.sort { $0.name < $1.name }
  for stage in stages {
    print(
      "  | \(stage.name) | \(String(format: "%.3f s", stage.seconds)) | "
        + "\(String(format: "%.1f", Double(inputBytes) / 1e6 / stage.seconds)) | "
        + "\(grouped(Double(legCount) / stage.seconds)) | "
        + "\(stage.peak.map(formatBytes) ?? "–") |")
  }
  print("")
  let runs =
    large
    ? "in-process stages best of \(repetitions), child processes \(childRepetitions) run"
    : "best of \(repetitions)"
  print("  (\(runs); wall clock; load average now \(loadAverage()))")
  for note in notes { print("  \(note)") }

  // Ratios and targets, all from this run.
  print("  targets:")
  func verdict(_ met: Bool) -> String { met ? "met" : "MISSED" }
  if let plain = stages.first(where: { $0.key == "jsondecoder" }) {
    let ratio = plain.seconds / fastSeconds
    print(
      String(
        format: "    fast 1-core decode / JSONDecoder: %.2fx (target >= 10x): %@", ratio,
        verdict(ratio >= 10)))
  }
  for (key, label) in [("cdr", "cdr interactions"), ("cdrStream", "cdr interactions --stream")] {
    guard let seconds = endToEnd[key] else { continue }
    let rate = Double(inputBytes) / 1e6 / seconds
    print(
      String(
        format: "    %@ end to end: %.1f MB/s (target >= 400 MB/s): %@", label, rate,
        verdict(rate >= 400)))
    if let python = endToEnd["python"] {
      let ratio = python / seconds
      print(
        String(
          format: "    %@ / python3 + orjson: %.2fx (target >= 5x): %@", label, ratio,
          verdict(ratio >= 5)))
    }
  }
  let groupRate = Double(legCount) / groupSeconds
  print(
    "    grouping: \(grouped(groupRate)) legs/s (target >= 5,000,000): \(verdict(groupRate >= 5e6))"
  )
  let partitionRate = Double(legCount) / partitionSeconds
  print(
    "    partition only: \(grouped(partitionRate)) legs/s (target >= 5,000,000): "
      + verdict(partitionRate >= 5e6))
  if let peak = childPeaks["cdrStream"] {
    print(
      "    cdr interactions --stream peak RSS: \(formatBytes(peak)) (target < 64 MiB = 67.1 MB): "
        + verdict(peak < 64 << 20))
  }
  if let previous = pipelineHistory.smaller(than: legCount) {
    let factor = Double(legCount) / Double(previous.size)
    let limit = factor * 1.1
    print(
      String(
        format: "    growth vs %d legs (%.1fx the legs, target <= %.1fx the time):", previous.size,
        factor, limit))
    if previous.size >= 100_000, let now = stages.first(where: { $0.key == "jsondecoder" }),
      let before = previous.stages["jsondecoder"]
    {
      // Stage 1 times the same first 100k lines at both sizes: its drift is the machine's.
      let rawNow = now.seconds * 100_000 / Double(legCount)
      let rawBefore = before.seconds * 100_000 / Double(previous.size)
      print(
        String(
          format: "      (load drift: stage 1 decodes the same 100k lines at both sizes; it took"
            + " %.2fx as long in this run as in the smaller one)", rawNow / rawBefore))
    }
    for stage in stages {
      guard let before = previous.stages[stage.key] else { continue }
      let growth = stage.seconds / before.seconds
      let caveat = stage.scaled || before.scaled ? " (scaled from a sample)" : ""
      print(
        String(
          format: "      %@: %.2fx: %@%@", stage.name, growth, verdict(growth <= limit), caveat))
    }
  }
  pipelineHistory.record(legCount, stages)
}

/// Writes at least `legs` generated legs (whole calls, seed 42) as NDJSON to `path`, 8 MiB
/// at a time; the byte count, the leg count, and whether the file was written.
private func writeGeneratedNDJSON(legs count: Int, to path: String) -> (Int, Int, Bool) {
  guard FileManager.default.createFile(atPath: path, contents: nil),
    let handle = FileHandle(forWritingAtPath: path)
  else { return (0, 0, false) }
  defer { try? handle.close() }
  var generator = LegGenerator(seed: 42)
  var buffer: [UInt8] = []
  var legs = 0
  var written = 0
  do {
    while legs < count {
      let call = generator.nextCall()
      legs += call.count
      buffer.append(contentsOf: LegGenerator.ndjson(call))
      if buffer.count >= 8 << 20 || legs >= count {
        try handle.write(contentsOf: buffer)
        written += buffer.count
        buffer.removeAll(keepingCapacity: true)
      }
    }
  } catch {
    return (written, legs, false)
  }
  return (written, legs, true)
}

/// A child process's figures: best wall time, largest peak RSS, last standard error.
private struct ChildFigures {
  var seconds: Double
  var peak: Int
  /// The largest VmHWM read from /proc/PID/status while the child ran (0 when unavailable).
  var sampledPeak: Int
  var errors: String
}

private enum ChildOutcome {
  case success(ChildFigures)
  case failure(String)
}

/// Runs `arguments` (looked up on `PATH`) `repetitions` times with standard output to
/// /dev/null, timing each run and reading the child's own peak RSS from `wait4`'s rusage.
/// Exit status 0 and 1 (some records rejected) count as success.
private func measureChild(_ arguments: [String], repetitions: Int) -> ChildOutcome {
  let prefix = NSTemporaryDirectory() + "cdr-bench-\(ProcessInfo.processInfo.processIdentifier)"
  let errorsPath = prefix + "-stderr.txt"
  let resultPath = prefix + "-result.txt"
  let launcherErrorsPath = prefix + "-launcher.txt"
  defer {
    for path in [errorsPath, resultPath, launcherErrorsPath] {
      try? FileManager.default.removeItem(atPath: path)
    }
  }
  let launcher = Bundle.main.executablePath ?? CommandLine.arguments[0]
  var best = ChildFigures(seconds: .infinity, peak: 0, sampledPeak: 0, errors: "")
  for _ in 0..<max(1, repetitions) {
    try? FileManager.default.removeItem(atPath: resultPath)
    let launched = spawnAndWait(
      [launcher, "--measure-child", resultPath, errorsPath] + arguments,
      errorsPath: launcherErrorsPath)
    let result = (try? String(contentsOfFile: resultPath, encoding: .utf8)) ?? ""
    let fields = result.split(separator: " ")
    guard case .success(let launch) = launched, launch.status == 0, fields.count == 4,
      let status = Int32(fields[0]), let seconds = Double(fields[1]), let peak = Int(fields[2]),
      let sampled = Int(fields[3].filter(\.isNumber))
    else {
      let reason =
        result.isEmpty
        ? ((try? String(contentsOfFile: launcherErrorsPath, encoding: .utf8)) ?? "") : result
      return .failure("cannot run \(arguments[0]): \(reason.prefix(300))")
    }
    let errors = (try? String(contentsOfFile: errorsPath, encoding: .utf8)) ?? ""
    guard status == 0 || status == 1 else {
      return .failure("\(arguments[0]) exited with status \(status): \(errors.prefix(300))")
    }
    best.seconds = min(best.seconds, seconds)
    best.peak = max(best.peak, peak)
    best.sampledPeak = max(best.sampledPeak, sampled)
    best.errors = errors
  }
  return .success(best)
}

/// `cdr-bench --measure-child RESULT ERRORS PROGRAM [ARGUMENT...]`: runs PROGRAM (looked up
/// on `PATH`) with standard output to /dev/null and standard error to ERRORS, and writes
/// "STATUS SECONDS PEAK_BYTES SAMPLED_PEAK_BYTES" to RESULT. PEAK_BYTES is the child's own
/// `ru_maxrss` from `wait4`: measured from this small launcher, it is not floored by the
/// benchmark's high-water mark, which Linux carries into a child's accounting through exec.
/// Exits 0 when PROGRAM ran (whatever its status), 1 when it could not be started.
func runMeasureChild(_ arguments: [String]) -> Never {
  guard arguments.count >= 3 else {
    print("usage: cdr-bench --measure-child RESULT ERRORS PROGRAM [ARGUMENT...]")
    exit(2)
  }
  let line: String
  let code: Int32
  switch spawnAndWait(Array(arguments[2...]), errorsPath: arguments[1]) {
  case .success(let run):
    line = "\(run.status) \(run.seconds) \(run.peak) \(run.sampledPeak)\n"
    code = 0
  case .failure(let message):
    line = message + "\n"
    code = 1
  }
  let written = FileManager.default.createFile(atPath: arguments[0], contents: Data(line.utf8))
  exit(written ? code : 1)
}

/// One spawned run: exit status (128 + signal when killed), wall seconds, peak RSS bytes.
private enum SpawnOutcome {
  case success((status: Int32, seconds: Double, peak: Int, sampledPeak: Int))
  case failure(String)
}

private func spawnAndWait(_ arguments: [String], errorsPath: String) -> SpawnOutcome {
  #if canImport(Darwin)
    var actions: posix_spawn_file_actions_t? = nil
  #else
    var actions = posix_spawn_file_actions_t()
  #endif
  posix_spawn_file_actions_init(&actions)
  defer { posix_spawn_file_actions_destroy(&actions) }
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
  posix_spawn_file_actions_addopen(&actions, 2, errorsPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
  var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
  // The environment is passed explicitly (portable: `environ` is not imported everywhere).
  var environment: [UnsafeMutablePointer<CChar>?] =
    ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
  defer { for pointer in argv + environment { free(pointer) } }
  var pid = pid_t()
  let start = DispatchTime.now().uptimeNanoseconds
  let spawned = posix_spawnp(&pid, arguments[0], &actions, nil, &argv, &environment)
  guard spawned == 0 else {
    return .failure("cannot start \(arguments[0]): \(String(cString: strerror(spawned)))")
  }
  let sampler = HighWaterSampler(pid: pid)
  var status: Int32 = 0
  var usage = rusage()
  while wait4(pid, &status, 0, &usage) < 0 {
    guard errno == EINTR else {
      sampler.stop()
      return .failure("wait4 failed: \(String(cString: strerror(errno)))")
    }
  }
  let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
  let sampledPeak = sampler.stop()
  let signal = status & 0x7F
  let exitStatus = signal == 0 ? (status >> 8) & 0xFF : 128 + signal
  #if os(Linux)
    let peak = Int(usage.ru_maxrss) * 1024  // kilobytes on Linux
  #else
    let peak = Int(usage.ru_maxrss)  // bytes on macOS
  #endif
  return .success((exitStatus, seconds, peak, sampledPeak))
}

/// Reads a running child's VmHWM (its own address space's high-water mark) from
/// /proc/PID/status every 5 ms on a background thread, keeping the largest value seen.
/// Linux only; elsewhere it reports 0.
private final class HighWaterSampler: @unchecked Sendable {
  private let lock = NSLock()
  private var running = true
  private var largest = 0

  init(pid: pid_t) {
    #if os(Linux)
      let path = "/proc/\(pid)/status"
      Thread.detachNewThread { [self] in
        while true {
          var value = 0
          if let status = try? String(contentsOfFile: path, encoding: .utf8) {
            for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
              value = (Int(line.filter(\.isNumber)) ?? 0) * 1024
            }
          }
          lock.lock()
          if !running {
            lock.unlock()
            return
          }
          largest = max(largest, value)
          lock.unlock()
          usleep(5000)
        }
      }
    #endif
  }

  /// Stops sampling; the largest VmHWM seen.
  @discardableResult
  func stop() -> Int {
    lock.lock()
    defer { lock.unlock() }
    running = false
    return largest
  }
}

/// The process's current resident set size in bytes (Linux: VmRSS; elsewhere 0).
private func currentResidentBytes() -> Int {
  #if os(Linux)
    if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) {
      for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
        return (Int(line.filter(\.isNumber)) ?? 0) * 1024
      }
    }
  #endif
  return 0
}

/// The 1, 5 and 15 minute load averages, as text.
private func loadAverage() -> String {
  var loads = [Double](repeating: 0, count: 3)
  guard getloadavg(&loads, 3) == 3 else { return "unknown" }
  return loads.map { String(format: "%.2f", $0) }.joined(separator: " ")
}

/// A whole number with thousands separators (1,234,567).
private func grouped(_ value: Double) -> String {
  let digits = String(Int(value.rounded()))
  var result = ""
  for (index, character) in digits.enumerated() {
    if index > 0 && (digits.count - index) % 3 == 0 { result.append(",") }
    result.append(character)
  }
  return result
}
