import CDRModel
import Foundation
import Testing

@testable import CDRCommandLine
@testable import CDRFetchCommand

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `cdr fetch` against the KAZOO stand-in: whole data sets for every endpoint shape,
/// across faults, an outage and a cancellation mid-way, each rerun to completion.
@Suite("cdr fetch over loopback HTTP")
struct FetchCommandTests {
  typealias Server = KazooTestServer

  static func temporaryFile(_ suffix: String) -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent(
      "cdr-fetch-\(UUID().uuidString)\(suffix)"
    ).path
  }

  /// Removes a fetch's output file and its resume state.
  static func removeOutput(_ output: String) {
    try? FileManager.default.removeItem(atPath: output)
    try? FileManager.default.removeItem(atPath: output + ".fetch-state")
  }

  static func arguments(_ server: Server, _ extra: [String]) -> [String] {
    [
      "fetch", "--server", server.baseURL.absoluteString, "--account", Server.account,
      "--created-from", String(Server.range.lowerBound), "--created-to",
      String(Server.range.upperBound), "--page-size", "7", "--max-attempts", "3",
      "--retry-delay", "0.001",
    ] + extra
  }

  /// Runs `cdr` in memory, with the fetch built in as `cdr-fetch` has it; returns the exit
  /// code, standard output and standard error.
  static func cdr(_ arguments: [String]) async -> (code: Int32, output: [UInt8], errors: String) {
    await withCheckedContinuation { continuation in
      DispatchQueue.global().async {
        let context = CommandContext.inMemory()
        let code = CDRTool.run(arguments, context: context, replacing: [FetchCommand.self])
        continuation.resume(returning: (code, context.output.collected, context.errors.text))
      }
    }
  }

  static func bytes(_ path: String) -> [UInt8] {
    [UInt8](FileManager.default.contents(atPath: path) ?? Data())
  }

  @Test func documentsToAFileEqualTheSourceData() async throws {
    try await Server.with { server in
      let dataset = try await server.dataset()
      let output = Self.temporaryFile(".ndjson")
      defer { try? FileManager.default.removeItem(atPath: output) }
      let run = await Self.cdr(
        Self.arguments(server, ["--token", Server.token, "--output", output]))
      #expect(run.code == 0, "\(run.errors)")
      #expect(run.output.isEmpty)
      #expect(sortedTexts(try ndjsonValues(Self.bytes(output))) == sortedTexts(dataset.documents))
      #expect(run.errors.contains("cdr fetch: page 1 (window 1 of 3): "))
      #expect(
        run.errors.hasSuffix(
          "\(dataset.documents.count) written, 0 rejected, 0 duplicates skipped\n"))
      #expect(!FileManager.default.fileExists(atPath: output + ".fetch-state"))
      // The documents read back as CDRs.
      let reader = try CDRReader(contentsOfFile: output)
      #expect(reader.readAll().records.count == dataset.documents.count)
    }
  }

  @Test func rowsAndUsersToStandardOutput() async throws {
    try await Server.with { server in
      let dataset = try await server.dataset()
      let rows = await Self.cdr(Self.arguments(server, ["--api-key", Server.apiKey, "--rows"]))
      #expect(rows.code == 0)
      #expect(sortedTexts(try ndjsonValues(rows.output)) == sortedTexts(dataset.rows))
      let user = dataset.users[1]
      let credentials = Self.temporaryFile(".json")
      defer { try? FileManager.default.removeItem(atPath: credentials) }
      try #"{"username": "alice", "password": "secret", "account_name": "acme"}"#.write(
        toFile: credentials, atomically: true, encoding: .utf8)
      let mine = await Self.cdr(
        Self.arguments(server, ["--credentials-file", credentials, "--rows", "--user", user]))
      #expect(mine.code == 0)
      #expect(
        sortedTexts(try ndjsonValues(mine.output))
          == sortedTexts(dataset.rows.filter { $0["owner_id"]?.stringValue == user }))
      #expect(!mine.errors.contains("secret"))
    }
  }

  @Test func rowsAreRefusedAsLegsDocumentsAreGrouped() async throws {
    try await Server.with { server in
      let dataset = try await server.dataset()
      let rows = Self.temporaryFile(".ndjson")
      let documents = Self.temporaryFile(".ndjson")
      defer {
        try? FileManager.default.removeItem(atPath: rows)
        try? FileManager.default.removeItem(atPath: documents)
      }
      _ = await Self.cdr(
        Self.arguments(server, ["--token", Server.token, "--rows", "--output", rows]))
      let cat = await Self.cdr(["cat", rows])
      #expect(cat.code == ExitCode.recordsRejected.rawValue)
      #expect(cat.output.isEmpty)
      #expect(cat.errors.contains("\(rows):1: record 0: this is a KAZOO listing row"))
      #expect(
        cat.errors.hasSuffix(
          "\(dataset.rows.count) read, 0 accepted, \(dataset.rows.count) rejected\n"))
      let grouped = await Self.cdr(["interactions", "--format", "table", rows])
      #expect(grouped.code == ExitCode.recordsRejected.rawValue)
      #expect(grouped.errors.contains("0 interactions, 0 legs"))

      _ = await Self.cdr(Self.arguments(server, ["--token", Server.token, "--output", documents]))
      let calls = await Self.cdr(["interactions", "--format", "table", documents])
      let ids = Set(dataset.documents.compactMap { $0["interaction_id"]?.stringValue })
      #expect(calls.code == 0)
      #expect(calls.errors.contains("\(ids.count) interactions, \(dataset.documents.count) legs"))
    }
  }

  @Test func csvToAFileHasOneHeaderAndEveryRow() async throws {
    try await Server.with { server in
      let dataset = try await server.dataset()
      let output = Self.temporaryFile(".csv")
      defer { try? FileManager.default.removeItem(atPath: output) }
      let run = await Self.cdr(
        Self.arguments(server, ["--token", Server.token, "--csv", "--output", output]))
      #expect(run.code == 0, "\(run.errors)")
      let lines = String(decoding: Self.bytes(output), as: UTF8.self).split(separator: "\n")
      #expect(lines.first?.hasPrefix(#""ID","call_id","caller_id_number","#) == true)
      #expect(lines.filter { $0.hasPrefix(#""ID","#) }.count == 1)
      #expect(lines.count == dataset.rows.count + 1)
      let ids = Set(
        lines.dropFirst().map { $0.split(separator: ",")[0].trimmingCharacters(in: ["\""]) })
      #expect(ids == Set(dataset.rows.compactMap { $0["id"]?.stringValue }))
    }
  }

  @Test func aCSVFetchResumesAtTheWindowItStopped() async throws {
    try await Server.with { server in
      let dataset = try await server.dataset()
      let output = Self.temporaryFile(".csv")
      defer { Self.removeOutput(output) }
      let arguments = Self.arguments(
        server, ["--token", Server.token, "--csv", "--output", output])
      // The first window's CSV arrives, then the network goes.
      try await server.setFaults(["outage_from": 2])
      let first = await Self.cdr(arguments)
      #expect(first.code == ExitCode.fetchFailed.rawValue)
      #expect(first.errors.contains("cdr fetch: window 1 of 3: "))
      let kept = String(decoding: Self.bytes(output), as: UTF8.self)
      #expect(kept.hasPrefix(#""ID","call_id","#) && kept.hasSuffix("\n"))
      try await server.setFaults([:])
      let second = await Self.cdr(arguments)
      #expect(second.code == 0, "\(second.errors)")
      #expect(!second.errors.contains("window 1 of 3"))
      let lines = String(decoding: Self.bytes(output), as: UTF8.self).split(separator: "\n")
      #expect(lines.filter { $0.hasPrefix(#""ID","#) }.count == 1)
      #expect(lines.count == dataset.rows.count + 1)
      #expect(Set(lines).count == lines.count)
    }
  }

  @Test func anOutageMidwayThenARerunGivesTheWholeDataSetOnce() async throws {
    try await Server.with { server in
      let dataset = try await server.dataset()
      let output = Self.temporaryFile(".ndjson")
      defer { Self.removeOutput(output) }
      let arguments = Self.arguments(server, ["--api-key", Server.apiKey, "--output", output])
      // The network goes away at the 9th data request.
      try await server.setFaults(["outage_from": 9])
      let first = await Self.cdr(arguments)
      #expect(first.code == ExitCode.fetchFailed.rawValue)
      #expect(first.errors.contains("gave up after 3 attempts"))
      #expect(first.errors.contains("run the same command again to resume"))
      let partial = try ndjsonValues(Self.bytes(output))
      #expect(!partial.isEmpty && partial.count < dataset.documents.count)
      #expect(Set(sortedTexts(partial)).isSubset(of: Set(sortedTexts(dataset.documents))))
      #expect(FileManager.default.fileExists(atPath: output + ".fetch-state"))

      try await server.setFaults([:])
      let second = await Self.cdr(arguments)
      #expect(second.code == 0, "\(second.errors)")
      #expect(second.errors.hasPrefix("cdr fetch: resuming \(output): kept "))
      #expect(sortedTexts(try ndjsonValues(Self.bytes(output))) == sortedTexts(dataset.documents))
      #expect(!FileManager.default.fileExists(atPath: output + ".fetch-state"))
    }
  }

  @Test func aCancelledRunWithAHalfLineThenARerunGivesTheWholeDataSetOnce() async throws {
    try await Server.with { server in
      let dataset = try await server.dataset()
      let output = Self.temporaryFile(".ndjson")
      defer { Self.removeOutput(output) }
      let arguments = Self.arguments(
        server, ["--token", Server.token, "--rows", "--output", output])
      try await server.setFaults(["delay_seconds": 0.05])  // 23 pages of 7 rows: over a second
      let parsed = try FetchCommand.parse(Array(arguments.dropFirst()))
      let errors = _Unchecked(CommandContext.inMemory())
      let task = Task.detached { await FetchCommand.fetch(parsed, context: errors.value) }
      // Stop it like a kill, once some pages are in the file.
      while try ndjsonValues(Self.bytes(output)).count < 7 {
        try await Task.sleep(nanoseconds: 5_000_000)
      }
      task.cancel()
      #expect(await task.value == .fetchFailed)
      #expect(errors.value.errors.text.contains("cdr fetch: cancelled"))
      // A kill in the middle of a write leaves part of a line after the last saved page.
      let handle = try #require(FileHandle(forWritingAtPath: output))
      try handle.seekToEnd()
      try handle.write(contentsOf: Array(#"{"call_id":"half-writ"#.utf8))
      try handle.close()

      try await server.setFaults([:])
      let rerun = await Self.cdr(arguments)
      #expect(rerun.code == 0, "\(rerun.errors)")
      #expect(rerun.errors.contains("bytes written after the last saved page"))
      let rows = try ndjsonValues(Self.bytes(output))
      #expect(rows.count == dataset.rows.count)
      #expect(sortedTexts(rows) == sortedTexts(dataset.rows))
    }
  }

  @Test func aDifferentCommandDoesNotResumeAnotherOnesFile() async throws {
    try await Server.with { server in
      let dataset = try await server.dataset()
      let output = Self.temporaryFile(".ndjson")
      defer { Self.removeOutput(output) }
      try await server.setFaults(["outage_from": 5])
      let rows = await Self.cdr(
        Self.arguments(server, ["--token", Server.token, "--rows", "--output", output]))
      #expect(rows.code == ExitCode.fetchFailed.rawValue)
      try await server.setFaults([:])
      let documents = await Self.cdr(
        Self.arguments(server, ["--token", Server.token, "--output", output]))
      #expect(documents.code == 0)
      #expect(documents.errors.contains("is not from this command: starting"))
      #expect(sortedTexts(try ndjsonValues(Self.bytes(output))) == sortedTexts(dataset.documents))
    }
  }

  @Test func failuresAndUsageErrors() async throws {
    try await Server.with { server in
      let secret = "SECRET-wrong-token"
      let bad = await Self.cdr(Self.arguments(server, ["--token", secret]))
      #expect(bad.code == ExitCode.fetchFailed.rawValue)
      #expect(bad.errors.contains("not authorized: KAZOO 401 on GET /v2/accounts/"))
      #expect(!bad.errors.contains(secret))
      try await server.setFaults(["max_range": 100])
      let range = await Self.cdr(Self.arguments(server, ["--token", Server.token]))
      #expect(range.code == ExitCode.fetchFailed.rawValue)
      #expect(range.errors.contains("validation error: created_from.date_range: created_to "))
    }
    let usage: [([String], String)] = [
      (["fetch", "--account", "a"], "--server is required"),
      (["fetch", "--server", "ftp://x", "--account", "a", "--token", "t"], "http or https URL"),
      (["fetch", "--server", "http://127.0.0.1:9", "--token", "t"], "--account is required"),
      (["fetch", "--server", "http://127.0.0.1:9", "--account", "a"], "exactly one of"),
      (
        [
          "fetch", "--server", "http://127.0.0.1:9", "--account", "a", "--token", "t", "--rows",
          "--csv",
        ],
        "exclude each other"
      ),
      (
        [
          "fetch", "--server", "http://127.0.0.1:9", "--account", "a", "--token", "t",
          "--page-size", "0",
        ],
        "--page-size must be at least 1"
      ),
      (
        [
          "fetch", "--server", "http://127.0.0.1:9", "--account", "a", "--token", "t",
          "--created-from", "20", "--created-to", "10",
        ], "is before --created-from"
      ),
      (
        [
          "fetch", "--server", "http://127.0.0.1:9", "--account", "a", "--credentials-file",
          "/nonexistent",
        ],
        "cannot read the credentials file"
      ),
    ]
    for (arguments, message) in usage {
      let run = await Self.cdr(arguments)
      #expect(run.code == ExitCode.usage.rawValue, "\(arguments)")
      #expect(run.errors.contains(message), "\(run.errors)")
    }
    let help = await Self.cdr(["fetch", "--help"])
    #expect(help.code == 0)
    #expect(String(decoding: help.output, as: UTF8.self).contains("RESUMING"))
  }

  /// The `cdr` executable built next to the test bundle.
  static func cdrExecutable() -> URL? {
    var candidates = [URL(fileURLWithPath: CommandLine.arguments[0]), Bundle.main.bundleURL]
    candidates += Bundle.allBundles.map(\.bundleURL)
    for start in candidates {
      var directory = start.deletingLastPathComponent()
      for _ in 0..<5 {
        let file = directory.appendingPathComponent("cdr")
        if FileManager.default.isExecutableFile(atPath: file.path) { return file }
        directory = directory.deletingLastPathComponent()
      }
    }
    return nil
  }

  /// `cdr fetch` runs `cdr-fetch` in its place: the `cdr` executable links no networking,
  /// `cdr fetch` there gives the fetch's own messages and exit codes, and a `cdr` without
  /// `cdr-fetch` beside it says how to build it. In memory (not a process) it cannot run.
  @Test func cdrFetchRunsTheFetchProgram() async throws {
    let executable = try #require(Self.cdrExecutable(), "swift test builds the cdr executable")
    func run(_ program: URL, _ arguments: [String]) throws -> (code: Int32, errors: String) {
      let process = Process()
      process.executableURL = program
      process.arguments = arguments
      let errors = Pipe()
      process.standardOutput = FileHandle.nullDevice
      process.standardError = errors
      try process.run()
      let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
      process.waitUntilExit()
      return (process.terminationStatus, text)
    }
    // A usage error found by the fetch itself (its parser), through `cdr`.
    let usage = try run(executable, ["fetch", "--server", "http://127.0.0.1:9", "--account", "a"])
    #expect(usage.code == ExitCode.usage.rawValue)
    #expect(usage.errors.contains("exactly one of --token"), "\(usage.errors)")
    // Nothing listens on port 9: the fetch's own failure, after its retries.
    let failed = try run(
      executable,
      [
        "fetch", "--server", "http://127.0.0.1:9", "--account", "a", "--token", "t",
        "--max-attempts", "1",
      ])
    #expect(failed.code == ExitCode.fetchFailed.rawValue)
    #expect(failed.errors.contains("cdr fetch: connection failed"), "\(failed.errors)")
    // `cdr` alone in a directory.
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "cdr-alone-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let alone = directory.appendingPathComponent("cdr")
    try FileManager.default.copyItem(at: executable, to: alone)
    let missing = try run(alone, ["fetch", "--server", "http://127.0.0.1:9", "--account", "a"])
    #expect(missing.code == ExitCode.fetchFailed.rawValue)
    #expect(missing.errors.contains("cdr-fetch is missing"), "\(missing.errors)")
    #expect(missing.errors.contains("swift build"), "\(missing.errors)")
    // `cdr` itself does not name the networking library among those it loads.
    let binary = try Data(contentsOf: executable)
    #expect(binary.range(of: Data("libFoundationNetworking.so".utf8)) == nil)
    let inMemory = CommandContext.inMemory()
    let code = CDRTool.run(["fetch", "--server", "http://127.0.0.1:9"], context: inMemory)
    #expect(code == ExitCode.usage.rawValue)
    #expect(inMemory.errors.text.contains("cdr-fetch"), "\(inMemory.errors.text)")
  }

  @Test func aKilledProcessThenARerunGivesTheWholeDataSetOnce() async throws {
    let executable = try #require(Self.cdrExecutable(), "swift test builds the cdr executable")
    try await Server.with { server in
      let dataset = try await server.dataset()
      let output = Self.temporaryFile(".ndjson")
      defer { Self.removeOutput(output) }
      let arguments = Self.arguments(server, ["--api-key", Server.apiKey, "--output", output])
      // Slow pages (each request 0.3 s), so the child is still running when its first page
      // is saved, however loaded the machine is.
      try await server.setFaults(["delay_seconds": 0.3])
      let process = Process()
      process.executableURL = executable
      process.arguments = arguments
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
      try process.run()
      // SIGKILL once the first page is in the file and its state saved (the state is
      // written right after the page's lines): no handler, no cleanup.
      while try ndjsonValues(Self.bytes(output)).isEmpty
        || !FileManager.default.fileExists(atPath: output + ".fetch-state"),
        process.isRunning
      {
        try await Task.sleep(nanoseconds: 5_000_000)
      }
      #expect(process.isRunning)
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
      #expect(process.terminationReason == .uncaughtSignal)
      let partial = Self.bytes(output)
      #expect(!partial.isEmpty)
      #expect(FileManager.default.fileExists(atPath: output + ".fetch-state"))

      try await server.setFaults([:])
      let rerun = await Self.cdr(arguments)
      #expect(rerun.code == 0, "\(rerun.errors)")
      let documents = try ndjsonValues(Self.bytes(output))
      #expect(documents.count == dataset.documents.count)
      #expect(sortedTexts(documents) == sortedTexts(dataset.documents))
    }
  }
}
