import CDRModel
import Foundation

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// The KAZOO stand-in `kazoo_test_server.py`, run by the tests themselves on 127.0.0.1 with
/// an ephemeral port. It exits when its standard input closes, so it cannot outlive the
/// test process.
final class KazooTestServer: @unchecked Sendable {
  static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("kazoo_test_server.py")

  static let account = String(repeating: "a", count: 32)
  static let token = "test-token-0123456789abcdef"
  static let apiKey = "api-key-fedcba9876543210"
  static let start: Int64 = 63_746_438_400
  static let span: Int64 = 6_000_000
  /// A range that holds every generated leg (pvt_created and interaction_time alike):
  /// 6,010,001 seconds, three windows of KAZOO's maximum range.
  static let range: ClosedRange<Int64> = (start - 1)...(start + span + 10_000)

  struct StartError: Error, CustomStringConvertible {
    let description: String
  }

  let process = Process()
  private let input = Pipe()
  let port: Int
  var baseURL: URL { URL(string: "http://127.0.0.1:\(port)")! }

  init(seed: Int = 17, interactions: Int = 60) throws {
    let output = Pipe()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [
      "python3", Self.script.path, "--seed", String(seed), "--interactions", String(interactions),
    ]
    process.standardOutput = output
    process.standardInput = input
    process.standardError = FileHandle.nullDevice
    try process.run()
    var line: [UInt8] = []
    while true {
      let byte = output.fileHandleForReading.readData(ofLength: 1)
      guard let first = byte.first, first != 0x0A else { break }
      line.append(first)
    }
    guard let port = Int(String(decoding: line, as: UTF8.self)) else {
      process.terminate()
      throw StartError(description: "the test server did not print its port")
    }
    self.port = port
  }

  func stop() {
    try? input.fileHandleForWriting.close()
    if process.isRunning { process.terminate() }
    process.waitUntilExit()
  }

  /// Runs `body` with a fresh server and stops the server afterwards. Starting and
  /// stopping block (reading the port, waiting for the exit), so they run on a dispatch
  /// queue rather than on the few threads Swift concurrency has.
  static func with<T>(
    seed: Int = 17, interactions: Int = 60, _ body: (KazooTestServer) async throws -> T
  ) async throws -> T {
    let server = try await withCheckedThrowingContinuation { continuation in
      DispatchQueue.global().async {
        continuation.resume(
          with: Result { try KazooTestServer(seed: seed, interactions: interactions) })
      }
    }
    do {
      let result = try await body(server)
      await server.stopInBackground()
      return result
    } catch {
      await server.stopInBackground()
      throw error
    }
  }

  func stopInBackground() async {
    await withCheckedContinuation { continuation in
      DispatchQueue.global().async {
        self.stop()
        continuation.resume()
      }
    }
  }

  private func control(_ path: String, body: JSONValue? = nil) async throws -> JSONValue {
    var request = URLRequest(url: baseURL.appendingPathComponent("__control/\(path)"))
    if let body {
      request.httpMethod = "POST"
      var bytes: [UInt8] = []
      body.write(to: &bytes)
      request.httpBody = Data(bytes)
    }
    let (data, _) = try await URLSession.shared.data(for: request)
    return try JSONValue(parsing: [UInt8](data))
  }

  /// The server's source data: public documents, listing rows, pvt_created, summary.
  func dataset() async throws -> Dataset { Dataset(json: try await control("dataset")) }

  /// Replaces the injected faults (see the script: script, always, outage_from,
  /// expire_tokens_at, corrupt_rows, corrupt_legs, max_range, retry_after, delay_seconds).
  func setFaults(_ faults: JSONValue) async throws { _ = try await control("faults", body: faults) }

  /// Request counts and the request log.
  func log() async throws -> JSONValue { try await control("log") }
}

/// What the server serves, from its own generator.
struct Dataset {
  let json: JSONValue
  var documents: [JSONValue] { json["documents"]?.arrayValue ?? [] }
  var rows: [JSONValue] { json["rows"]?.arrayValue ?? [] }
  var users: [String] { json["users"]?.arrayValue?.compactMap(\.stringValue) ?? [] }
  var summary: JSONValue { json["summary"] ?? .null }
  func pvtCreated(_ id: String) -> Int64 {
    json["pvt_created"]?[id]?.numberValue.flatMap { Int64($0.literal) } ?? 0
  }
}

/// JSON values as sorted compact texts, to compare collections regardless of order while
/// still seeing duplicates.
func sortedTexts(_ values: [JSONValue]) -> [String] { values.map(\.jsonText).sorted() }

struct HalfLine: Error {}

/// The lines of an NDJSON file as JSON values; throws when a line does not parse or the
/// file does not end with a newline (a half-written line).
func ndjsonValues(_ bytes: [UInt8]) throws -> [JSONValue] {
  var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
  guard lines.removeLast().isEmpty else { throw HalfLine() }
  return try lines.map { try JSONValue(parsing: Array($0)) }
}
