import CDRKit
import Foundation

/// The baseline the issue names: `JSONDecoder` into a plain 20-field Codable struct
/// (also the first stage of `pipeline`).
struct PlainLeg: Decodable {
  struct ChannelVars: Decodable {
    let accountID: String?
    let bridgeID: String?
    enum CodingKeys: String, CodingKey {
      case accountID = "account_id"
      case bridgeID = "bridge_id"
    }
  }
  let callID: String
  let documentID: String?
  let timestamp: Int?
  let durationSeconds: Int?
  let billingSeconds: Int?
  let ringingSeconds: Int?
  let channelCreatedTime: Int?
  let callDirection: String?
  let callerIDNumber: String?
  let callerIDName: String?
  let calleeIDNumber: String?
  let hangupCause: String?
  let hangupCode: String?
  let interactionID: String?
  let otherLegCallID: String?
  let mediaServer: String?
  let request: String?
  let to: String?
  let from: String?
  let customChannelVars: ChannelVars?

  enum CodingKeys: String, CodingKey {
    case callID = "call_id"
    case documentID = "_id"
    case timestamp
    case durationSeconds = "duration_seconds"
    case billingSeconds = "billing_seconds"
    case ringingSeconds = "ringing_seconds"
    case channelCreatedTime = "channel_created_time"
    case callDirection = "call_direction"
    case callerIDNumber = "caller_id_number"
    case callerIDName = "caller_id_name"
    case calleeIDNumber = "callee_id_number"
    case hangupCause = "hangup_cause"
    case hangupCode = "hangup_code"
    case interactionID = "interaction_id"
    case otherLegCallID = "other_leg_call_id"
    case mediaServer = "media_server"
    case request, to, from
    case customChannelVars = "custom_channel_vars"
  }
}

/// The input of a decoding benchmark (seeded legs as NDJSON) and the runner of its stages.
///
/// `CDR_BENCH_STAGE=TEXT` runs only the stages whose name contains TEXT, and
/// `CDR_BENCH_REPEAT=N` runs each N times (best time printed), so a profiler sees mostly
/// one stage. A stage left out reports NaN seconds. `CDR_BENCH_UNKNOWN=1` gives every leg
/// the realistic unknown members of `LegGenerator(unknownMembers:)` (webhook flags,
/// `variables`, `callflow`, `channel_data`), which the byte-level path keeps as raw bytes.
struct DecodeStages {
  let bytes: [UInt8]
  let legs: Int
  private let repetitions: Int
  private let only = ProcessInfo.processInfo.environment["CDR_BENCH_STAGE"]

  /// Generates `count` legs (seed 42; with unknown members under `CDR_BENCH_UNKNOWN=1`)
  /// and prints the input line and the table header.
  init(count: Int, repetitions: Int) {
    let unknownMembers = ProcessInfo.processInfo.environment["CDR_BENCH_UNKNOWN"] == "1"
    var generator = LegGenerator(seed: 42, unknownMembers: unknownMembers)
    bytes = LegGenerator.ndjson(generator.legs(count: count))
    legs = bytes.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
    self.repetitions =
      ProcessInfo.processInfo.environment["CDR_BENCH_REPEAT"].flatMap { Int($0) } ?? repetitions
    print(
      "  input: \(legs) legs\(unknownMembers ? " with unknown members" : ""), "
        + "\(formatBytes(bytes.count)), \(CDRReader.defaultConcurrency) cores")
    print(
      "  stage                                   wall        MB/s         legs/s   peak RSS (stage)"
    )
  }

  /// Runs `body` (best of the repetitions), checks it decoded every leg and prints its row.
  func stage(_ name: String, repetitions: Int? = nil, _ body: () -> Int) -> Double {
    if let only, !name.contains(only) { return .nan }
    resetPeakResidentBytes()
    var decoded = 0
    let seconds = measure(repetitions: repetitions ?? self.repetitions) { decoded = body() }
    precondition(decoded == legs, "\(name): \(decoded) of \(legs) legs")
    report(stage: name, seconds: seconds, bytes: bytes.count, legs: legs, peak: peakResidentBytes())
    return seconds
  }

  /// The 20-field `JSONDecoder` baseline on `lines` (one run).
  func plainJSONDecoder(_ lines: [Data]) -> Double {
    let decoder = JSONDecoder()
    return stage("JSONDecoder, 20-field struct", repetitions: 1) {
      lines.reduce(0) { $0 + ((try? decoder.decode(PlainLeg.self, from: $1)) != nil ? 1 : 0) }
    }
  }

  /// The byte-level path's seconds: one core with records dropped (`next()`) and kept
  /// (`readAll()`), all cores kept (`readAllConcurrently`) and dropped (8 MiB windows).
  func byteLevel() -> (streaming: Double, readAll: Double, allReadAll: Double, allStreaming: Double)
  {
    let bytes = bytes
    let streaming = stage("byte-level, 1 core, streaming") {
      let reader = CDRReader(bytes: bytes)
      var accepted = 0
      while let event = reader.next() { if event.record != nil { accepted += 1 } }
      return accepted
    }
    let readAll = stage("byte-level, 1 core, readAll") {
      CDRReader(bytes: bytes).readAll().records.count
    }
    let allReadAll = stage("byte-level, all cores, readAll") {
      CDRReader.readAllConcurrently(bytes: bytes).records.count
    }
    let allStreaming = stage("byte-level, all cores, streaming") {
      var accepted = 0
      CDRReader.readConcurrently(bytes: bytes, windowBytes: 8 << 20) { event in
        if event.record != nil { accepted += 1 }
      }
      return accepted
    }
    return (streaming, readAll, allReadAll, allStreaming)
  }
}

/// Decoding stages on the same NDJSON bytes: JSONDecoder (baseline), the general path,
/// the byte-level path on one core and on all cores, and Python + orjson when available.
let decodeBenchmark = Benchmark(
  name: "decode",
  summary:
    "NDJSON bytes to records: JSONDecoder vs byte-level path (1 core, all cores), orjson"
    + " (CDR_BENCH_UNKNOWN=1: legs with realistic unknown members)"
) { count in
  let stages = DecodeStages(count: count, repetitions: 3)
  let bytes = stages.bytes
  let legs = stages.legs
  var lines = ndjsonLines(bytes)
  let plainSeconds = stages.plainJSONDecoder(lines)
  let decoder = JSONDecoder()
  // Codable through JSONValue is slow: above 100k legs it is timed on the first 100k lines
  // and the time scaled to the whole input (marked "scaled").
  let sample = min(lines.count, 100_000)
  resetPeakResidentBytes()
  let sampleSeconds = measure(repetitions: 1) {
    let decoded = lines[0..<sample].reduce(0) {
      $0 + ((try? decoder.decode(CallDetailRecord.self, from: $1)) != nil ? 1 : 0)
    }
    precondition(decoded == sample)
  }
  let codableSeconds = sampleSeconds * Double(lines.count) / Double(sample)
  report(
    stage: sample < lines.count
      ? "JSONDecoder, CallDetailRecord*" : "JSONDecoder, CallDetailRecord",
    seconds: codableSeconds, bytes: bytes.count, legs: legs, peak: peakResidentBytes())
  lines = []
  let generalSeconds = stages.stage("general path (JSONValue), 1 core") {
    let reader = CDRReader(bytes: bytes, options: .init(usesByteLevelDecoding: false))
    var accepted = 0
    while let event = reader.next() { if event.record != nil { accepted += 1 } }
    return accepted
  }
  let (fastSeconds, readAllSeconds, concurrentAllSeconds, concurrentSeconds) = stages.byteLevel()
  if sample < legs { print("  * timed on the first \(sample) legs, scaled to \(legs)") }
  func ratio(_ name: String, _ value: Double) {
    print(String(format: "  ratio %@: %.2fx", name, value))
  }
  ratio("byte-level 1 core / JSONDecoder 20-field", plainSeconds / fastSeconds)
  ratio("byte-level 1 core / JSONDecoder CallDetailRecord", codableSeconds / fastSeconds)
  ratio("byte-level 1 core / general path", generalSeconds / fastSeconds)
  ratio("all cores / 1 core, streaming", fastSeconds / concurrentSeconds)
  ratio("all cores / 1 core, readAll", readAllSeconds / concurrentAllSeconds)
  ratio("all cores streaming / JSONDecoder 20-field", plainSeconds / concurrentSeconds)

  // Python + orjson on the same bytes, when installed.
  let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Scripts/decode_orjson.py").path
  let path =
    NSTemporaryDirectory() + "cdr-bench-decode-\(ProcessInfo.processInfo.processIdentifier).ndjson"
  defer { try? FileManager.default.removeItem(atPath: path) }
  guard (try? Data(bytes).write(to: URL(fileURLWithPath: path))) != nil else {
    print("  python3 + orjson: skipped (cannot write \(path))")
    return
  }
  if let output = runPython(["-c", "import orjson"]), output.status == 0,
    let run = runPython([script, path]), run.status == 0
  {
    let fields = run.output.split(separator: " ")
    if fields.count == 2, let seconds = Double(fields[0]), Int(fields[1].filter(\.isNumber)) == legs
    {
      let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
      report(
        stage: "python3 + orjson.loads, 1 core", seconds: seconds, bytes: size, legs: legs,
        peak: nil)
      print(String(format: "  ratio byte-level 1 core / orjson: %.2fx", seconds / fastSeconds))
      print(String(format: "  ratio all cores / orjson: %.2fx", seconds / concurrentSeconds))
    } else {
      print("  python3 + orjson: unexpected output \(run.output)")
    }
  } else {
    print("  python3 + orjson: skipped (python3 or orjson not installed)")
  }
}

/// Runs python3 with `arguments`; its status and standard output, or `nil` when it cannot start.
private func runPython(_ arguments: [String]) -> (status: Int32, output: String)? {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  process.arguments = ["python3"] + arguments
  let pipe = Pipe()
  process.standardOutput = pipe
  process.standardError = FileHandle.nullDevice
  do { try process.run() } catch { return nil }
  let data = pipe.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// The byte-level path alone, for quick iteration and profiling (see ``DecodeStages`` for
/// `CDR_BENCH_STAGE` and `CDR_BENCH_REPEAT`): the 20-field `JSONDecoder` baseline on the
/// same bytes, then the byte-level stages of `decode`, best of 5, each with its ratio.
let fastPathBenchmark = Benchmark(
  name: "fastpath",
  summary:
    "The byte-level path alone (1 core, all cores) against the 20-field JSONDecoder baseline"
    + " (CDR_BENCH_STAGE=TEXT, CDR_BENCH_REPEAT=N; CDR_BENCH_UNKNOWN=1: realistic unknown members)"
) { count in
  let stages = DecodeStages(count: count, repetitions: 5)
  let plainSeconds = stages.plainJSONDecoder(ndjsonLines(stages.bytes))
  let (streaming, readAll, allReadAll, allStreaming) = stages.byteLevel()
  for (name, seconds) in [
    ("1 core streaming", streaming), ("1 core readAll", readAll),
    ("all cores readAll", allReadAll), ("all cores streaming", allStreaming),
  ] {
    print(String(format: "  ratio %@ / JSONDecoder: %.2fx", name, plainSeconds / seconds))
  }
}
