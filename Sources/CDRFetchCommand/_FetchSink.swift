import CDRClient
import CDRCommandLine
import CDRKit
import Foundation

/// Where `cdr fetch` writes: standard output, or a file kept resumable by a state file
/// saved after every page (see `cdr fetch --help`, RESUMING).
final class _FetchSink {
  struct OutputError: Error {
    let message: String
  }

  /// The saved position of a fetch into a file.
  struct State: Codable {
    var version = 1
    var fingerprint: [String: String]
    var createdFrom: Int64
    var createdTo: Int64
    /// Where the listing continues (documents and rows).
    var resume: KazooResumePoint?
    /// The next CSV window.
    var csvWindow = 0
    /// The CSV header written, as text.
    var csvHeader: String?
    /// The length of the output file up to the last complete page.
    var bytes: Int

    enum CodingKeys: String, CodingKey {
      case version, fingerprint, resume, bytes
      case createdFrom = "created_from"
      case createdTo = "created_to"
      case csvWindow = "csv_window"
      case csvHeader = "csv_header"
    }
  }

  let arguments: FetchCommand.Arguments
  let context: CommandContext
  let client: KazooClient
  private var handle: FileHandle?
  private var statePath: String?
  private var state: State?
  private var seen: Set<String> = []
  private(set) var resumeNote: String?
  private(set) var written = 0
  private(set) var rejected = 0
  private(set) var duplicates = 0
  private var windowCount = 1

  init(arguments: FetchCommand.Arguments, context: CommandContext, client: KazooClient)
    throws(OutputError)
  {
    self.arguments = arguments
    self.context = context
    self.client = client
    guard let output = arguments.output else { return }
    let statePath = output + ".fetch-state"
    self.statePath = statePath
    let fingerprint = arguments.fingerprint
    let manager = FileManager.default
    if let data = manager.contents(atPath: statePath) {
      if let saved = try? JSONDecoder().decode(State.self, from: data), saved.version == 1,
        saved.fingerprint == fingerprint,
        let size = (try? manager.attributesOfItem(atPath: output))?[.size] as? Int,
        size >= saved.bytes
      {
        try open(output, truncatingTo: saved.bytes)
        state = saved
        resumeNote =
          "resuming \(output): kept \(saved.bytes) bytes"
          + (size > saved.bytes
            ? ", cut \(size - saved.bytes) bytes written after the last saved page" : "")
        if arguments.mode != .csv { rememberIDs(in: output, upTo: saved.bytes) }
      } else {
        resumeNote = "\(statePath) is not from this command: starting \(output) over"
      }
    }
    if state == nil {
      let windows: [ClosedRange<Int64>]
      do {
        windows = try client.windows(for: arguments.query)
      } catch {
        throw OutputError(message: error.message)
      }
      let from = windows.last?.lowerBound ?? 0
      let to = windows.first?.upperBound ?? 0
      guard manager.createFile(atPath: output, contents: nil) else {
        throw OutputError(message: "cannot create \(output)")
      }
      try open(output, truncatingTo: 0)
      state = State(
        fingerprint: fingerprint, createdFrom: from, createdTo: to,
        resume: KazooResumePoint(
          createdFrom: from, createdTo: to, window: 0, startKey: nil, nextPage: 1),
        bytes: 0)
      try saveState()
    }
  }

  /// Where the listing starts (always set with `--output`, so the range stays fixed).
  var resumePoint: KazooResumePoint? { state?.resume }

  /// `N written, R rejected, D duplicates skipped`.
  var summary: String {
    "\(written) written, \(rejected) rejected, \(duplicates) duplicates skipped"
  }

  private func open(_ path: String, truncatingTo length: Int) throws(OutputError) {
    guard let handle = FileHandle(forWritingAtPath: path) else {
      throw OutputError(message: "cannot open \(path) for writing")
    }
    do {
      try handle.truncate(atOffset: UInt64(length))
      try handle.seekToEnd()
    } catch {
      throw OutputError(message: "cannot write \(path): \(error.localizedDescription)")
    }
    self.handle = handle
  }

  /// The document ids already in the kept part of the file.
  private func rememberIDs(in path: String, upTo length: Int) {
    guard let data = FileManager.default.contents(atPath: path) else { return }
    for line in data.prefix(length).split(separator: 0x0A) {
      guard let value = try? JSONValue(parsing: Array(line)) else { continue }
      if let id = Self.documentID(value) { seen.insert(id) }
    }
  }

  static func documentID(_ value: JSONValue) -> String? {
    value["id"]?.stringValue ?? value["_id"]?.stringValue
  }

  private func saveState() throws(OutputError) {
    guard let statePath, let state else { return }
    do {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.sortedKeys]
      try encoder.encode(state).write(to: URL(fileURLWithPath: statePath), options: .atomic)
    } catch {
      throw OutputError(message: "cannot save \(statePath): \(error.localizedDescription)")
    }
  }

  /// Writes bytes and flushes them to the disk (or standard output).
  private func emit(_ bytes: [UInt8]) throws(OutputError) {
    guard let handle else {
      context.output.write(bytes)
      context.output.flush()
      if context.output.failed {
        throw OutputError(message: "standard output could not be written")
      }
      return
    }
    do {
      try handle.write(contentsOf: bytes)
      try handle.synchronize()
    } catch {
      throw OutputError(message: "cannot write the output: \(error.localizedDescription)")
    }
  }

  /// Marks the fetch complete: the state file goes.
  private func finish() throws(OutputError) {
    try? handle?.close()
    handle = nil
    if let statePath { try? FileManager.default.removeItem(atPath: statePath) }
  }

  /// Writes every page of `listing`, saving the position after each.
  func consume<Item: Sendable>(_ listing: KazooListing<Item>) async throws {
    if let state {
      windowCount =
        (try? client.windows(
          for: KazooCDRQuery(
            account: "", createdFrom: state.createdFrom, createdTo: state.createdTo)
        ).count) ?? 1
    }
    var complete = state?.resume == nil && state != nil
    if !complete {
      for try await page in listing {
        var bytes: [UInt8] = []
        var pageWritten = 0
        for rejection in page.rejections {
          context.report("cdr fetch: \(rejection)")
        }
        for raw in page.rawItems {
          if let id = Self.documentID(raw), !seen.insert(id).inserted {
            duplicates += 1
            continue
          }
          raw.write(to: &bytes)
          bytes.append(0x0A)
          pageWritten += 1
        }
        try emit(bytes)
        written += pageWritten
        rejected += page.rejections.count
        duplicates += page.duplicates
        if state != nil {
          state?.bytes += bytes.count
          state?.resume = page.resumePoint
          try saveState()
        }
        if !arguments.quiet {
          context.errors.writeLine(
            "cdr fetch: page \(page.number) (window \(windowIndex(page.window)) of \(windowCount)): "
              + "\(pageWritten) written, \(page.rejections.count) rejected; \(written) in all")
        }
        context.errors.flush()
        if page.resumePoint == nil { complete = true }
      }
    }
    try finish()
  }

  private func windowIndex(_ window: ClosedRange<Int64>) -> Int {
    guard let state else { return 1 }
    let windows =
      (try? client.windows(
        for: KazooCDRQuery(
          account: "", createdFrom: state.createdFrom, createdTo: state.createdTo))) ?? []
    return (windows.firstIndex(of: window) ?? 0) + 1
  }

  /// Downloads KAZOO's CSV window by window, saving the position after each.
  func fetchCSV() async throws {
    let windows: [ClosedRange<Int64>]
    if let state {
      windows = try client.windows(
        for: KazooCDRQuery(
          account: "", createdFrom: state.createdFrom, createdTo: state.createdTo))
    } else {
      windows = try client.windows(for: arguments.query)
    }
    var header = state?.csvHeader.map { Array($0.utf8) }
    for index in (state?.csvWindow ?? 0)..<windows.count {
      let file = try await client.downloadCSV(arguments.query, window: windows[index])
      defer { try? FileManager.default.removeItem(at: file) }
      guard let data = FileManager.default.contents(atPath: file.path) else {
        throw OutputError(message: "cannot read the downloaded \(file.path)")
      }
      let keepsHeader = header == nil
      let bytes = try KazooCSVFile.part([UInt8](data), header: &header)
      try emit(bytes)
      let lines = bytes.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
      let rows = bytes.isEmpty ? 0 : (keepsHeader ? lines - 1 : lines)
      written += rows
      if state != nil {
        state?.bytes += bytes.count
        state?.csvWindow = index + 1
        state?.csvHeader = header.map { String(decoding: $0, as: UTF8.self) }
        try saveState()
      }
      if !arguments.quiet {
        context.errors.writeLine(
          "cdr fetch: window \(index + 1) of \(windows.count): \(rows) lines; \(written) in all")
      }
      context.errors.flush()
    }
    try finish()
  }
}
