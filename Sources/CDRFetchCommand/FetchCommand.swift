import CDRClient
import CDRCommandLine
import CDRKit
import Foundation

/// `cdr fetch`: CDRs out of a KAZOO cluster into NDJSON (or KAZOO's CSV), resumably.
enum FetchCommand: Subcommand {
  static let name = FetchLauncher.name
  static let summary = FetchLauncher.summary
  static let help = FetchLauncher.help

  enum Mode: String, Codable {
    case documents, rows, csv
  }

  /// Everything the command line says, checked.
  struct Arguments {
    var server: URL
    var authentication: KazooAuthentication
    var query: KazooCDRQuery
    var mode: Mode
    var output: String?
    var options: KazooClientOptions
    var quiet = false

    /// What must match for a run to resume another's output (not the secrets).
    var fingerprint: [String: String] {
      var members = [
        "server": server.absoluteString, "account": query.account, "mode": mode.rawValue,
        "page_size": String(options.pageSize), "max_range": String(options.maximumRange),
      ]
      members["user"] = query.user
      members["created_from"] = query.createdFrom.map(String.init)
      members["created_to"] = query.createdTo.map(String.init)
      members["parameters"] = query.parameters.pairs.map { "\($0.key)=\($0.value)" }
        .joined(separator: "&")
      return members
    }
  }

  static func run(_ arguments: [String], context: CommandContext) throws(UsageError) -> ExitCode {
    let parsed = try parse(arguments)
    let box = _Unchecked((context: context, code: ExitCode.success))
    let done = DispatchSemaphore(value: 0)
    Task.detached {
      box.value.code = await fetch(parsed, context: box.value.context)
      done.signal()
    }
    done.wait()
    return box.value.code
  }

  static func parse(_ arguments: [String]) throws(UsageError) -> Arguments {
    let parsed = try ParsedArguments(
      arguments,
      valued: [
        "--server", "--account", "--token", "--api-key", "--credentials-file", "--user",
        "--created-from", "--created-to", "--output", "--page-size", "--filter", "--max-range",
        "--concurrency", "--requests-per-second", "--max-attempts", "--retry-delay",
      ],
      flags: ["--rows", "--csv", "--quiet"])
    guard parsed.operands.isEmpty else {
      throw UsageError("unexpected argument '\(parsed.operands[0])'")
    }
    guard let serverText = parsed.value("--server") else {
      throw UsageError("--server is required")
    }
    guard let server = URL(string: serverText), let scheme = server.scheme?.lowercased(),
      scheme == "http" || scheme == "https", server.host != nil
    else {
      throw UsageError("--server needs an http or https URL, got '\(serverText)'")
    }
    guard let account = parsed.value("--account"), !account.isEmpty else {
      throw UsageError("--account is required")
    }
    let given = ["--token", "--api-key", "--credentials-file"].filter { parsed.value($0) != nil }
    guard given.count == 1 else {
      throw UsageError("give exactly one of --token, --api-key and --credentials-file")
    }
    let authentication: KazooAuthentication
    if let token = parsed.value("--token") {
      authentication = .token(token)
    } else if let key = parsed.value("--api-key") {
      authentication = .apiKey(key)
    } else {
      authentication = try credentials(parsed.value("--credentials-file") ?? "")
    }
    var query = KazooCDRQuery(account: account, user: parsed.value("--user"))
    for (option, keyPath) in [
      ("--created-from", \KazooCDRQuery.createdFrom), ("--created-to", \KazooCDRQuery.createdTo),
    ] {
      guard let text = parsed.value(option) else { continue }
      guard let value = Int64(text), value > 0 else {
        throw UsageError("\(option) needs gregorian seconds (an integer above 0), got '\(text)'")
      }
      query[keyPath: keyPath] = value
    }
    if let from = query.createdFrom, let to = query.createdTo, from > to {
      throw UsageError("--created-to \(to) is before --created-from \(from)")
    }
    for (key, value) in try crossbarFilters(parsed.allValues("--filter")) {
      query.parameters.append(key: key, value: value)
    }
    if parsed.has("--rows") && parsed.has("--csv") {
      throw UsageError("--rows and --csv exclude each other")
    }
    let mode: Mode = parsed.has("--csv") ? .csv : parsed.has("--rows") ? .rows : .documents
    var options = KazooClientOptions()
    if let size = try parsed.integer("--page-size") {
      guard size >= 1 else { throw UsageError("--page-size must be at least 1, got \(size)") }
      options.pageSize = size
    }
    if let range = try parsed.integer("--max-range") {
      guard range >= 1 else { throw UsageError("--max-range must be at least 1") }
      options.maximumRange = Int64(range)
    }
    if let width = try parsed.integer("--concurrency") {
      guard width >= 1 else { throw UsageError("--concurrency must be at least 1") }
      options.maximumConcurrency = width
    }
    if let attempts = try parsed.integer("--max-attempts") {
      guard attempts >= 1 else { throw UsageError("--max-attempts must be at least 1") }
      options.retry.maximumAttempts = attempts
    }
    if let text = parsed.value("--retry-delay") {
      guard let delay = Double(text), delay >= 0, delay.isFinite else {
        throw UsageError("--retry-delay needs seconds, got '\(text)'")
      }
      options.retry.baseDelay = delay
    }
    if let text = parsed.value("--requests-per-second") {
      guard let rate = Double(text), rate > 0, rate.isFinite else {
        throw UsageError("--requests-per-second needs a positive number, got '\(text)'")
      }
      options.requestsPerSecond = rate
    }
    return Arguments(
      server: server, authentication: authentication, query: query, mode: mode,
      output: parsed.value("--output"), options: options, quiet: parsed.has("--quiet"))
  }

  /// Reads a credentials file.
  static func credentials(_ path: String) throws(UsageError) -> KazooAuthentication {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw UsageError("cannot read the credentials file \(path)")
    }
    guard case .object(let members)? = try? JSONValue(parsing: [UInt8](data)),
      let username = members["username"]?.stringValue,
      let password = members["password"]?.stringValue
    else {
      throw UsageError(
        "the credentials file \(path) must be a JSON object with \"username\" and \"password\"")
    }
    let account: KazooAccountSelector
    if let name = members["account_name"]?.stringValue {
      account = .name(name)
    } else if let realm = members["account_realm"]?.stringValue {
      account = .realm(realm)
    } else if let number = members["phone_number"]?.stringValue {
      account = .phoneNumber(number)
    } else {
      throw UsageError(
        "the credentials file \(path) needs one of \"account_name\", \"account_realm\", \"phone_number\""
      )
    }
    return .credentials(username: username, password: password, account: account)
  }

  /// Runs the fetch; returns the exit code. Cancelling the task stops it like a kill
  /// (the output stays resumable).
  static func fetch(_ arguments: Arguments, context: CommandContext) async -> ExitCode {
    let client = KazooClient(
      baseURL: arguments.server, auth: arguments.authentication, options: arguments.options)
    let sink: _FetchSink
    do {
      sink = try _FetchSink(arguments: arguments, context: context, client: client)
    } catch {
      context.errors.writeLine("cdr fetch: \(error.message)")
      return .cannotWrite
    }
    if let note = sink.resumeNote { context.errors.writeLine("cdr fetch: \(note)") }
    do {
      switch arguments.mode {
      case .csv:
        try await sink.fetchCSV()
      case .rows:
        var listing = client.rows(arguments.query)
        if let point = sink.resumePoint { listing = listing.resuming(from: point) }
        try await sink.consume(listing)
      case .documents:
        var listing = client.documents(arguments.query)
        if let point = sink.resumePoint { listing = listing.resuming(from: point) }
        try await sink.consume(listing)
      }
    } catch let error as _FetchSink.OutputError {
      // A failed standard output is reported by CDRTool.run (cannot write, or a closed pipe).
      if !context.output.failed { context.errors.writeLine("cdr fetch: \(error.message)") }
      return .cannotWrite
    } catch {
      let message = (error as? KazooClientError)?.message ?? "\(error)"
      // KAZOO's messages are the server's text: shown escaped, like record strings.
      context.report("cdr fetch: \(message)")
      context.errors.writeLine(sink.summary)
      if arguments.output != nil {
        context.errors.writeLine("cdr fetch: run the same command again to resume")
      }
      return .fetchFailed
    }
    context.errors.writeLine(sink.summary)
    return sink.rejected > 0 ? .recordsRejected : .success
  }
}

/// A value moved across a task boundary while its owner waits (the command blocks until
/// the fetch task ends, so the value is never used from two places at once).
final class _Unchecked<Value>: @unchecked Sendable {
  var value: Value
  init(_ value: Value) { self.value = value }
}
