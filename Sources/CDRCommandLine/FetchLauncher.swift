import CDRKit
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// `cdr fetch` in the `cdr` executable: it runs `cdr-fetch`, the program built beside `cdr`
/// that holds the fetch (`CDRFetchCommand`), in place of itself (`execv`, the same process,
/// standard streams and exit status). Only `cdr-fetch` links the networking library
/// (`FoundationNetworking`, with libcurl and the libraries behind it), which made every other
/// command start about 10 ms later and 7 MiB larger.
package enum FetchLauncher: Subcommand {
  package static let name = "fetch"
  package static let summary = "Fetch CDRs from a KAZOO server (full documents, rows or CSV)"
  package static let help = """
    USAGE: cdr fetch --server URL --account ID (--token T | --api-key K | --credentials-file F)
                     [--user ID] [--created-from G] [--created-to G] [--rows] [--csv]
                     [--output FILE] [--page-size N] [--filter KEY=VALUE ...]
                     [--max-range SECONDS] [--concurrency N] [--requests-per-second R]
                     [--max-attempts N] [--retry-delay SECONDS] [--quiet]

    Fetches the CDRs of an account (or of one user) from KAZOO's crossbar API and writes
    them as NDJSON, one JSON object per line, to FILE or standard output. Progress, and
    every row that does not decode (with its page and index), go to standard error.

    WHAT IS WRITTEN:
      (default)  Full stored CDR documents: the interaction listing
                 (/cdrs/interaction), then /cdrs/legs/{INTERACTION_ID} for each call,
                 de-duplicated by document id. The range selects on interaction_time.
      --rows     KAZOO's summary rows of /cdrs (35 derived columns per leg, not stored
                 documents: no channel variables, times of the leg's start). The range
                 selects on pvt_created. 'cdr cat' and the grouping refuse such rows.
      --csv      KAZOO's own CSV export of /cdrs (Accept: text/csv), the whole range,
                 with the header row once.

    TIME RANGE: --created-from/--created-to are gregorian seconds, inclusive (see
    'cdr time'). KAZOO's defaults apply: created_to is now, created_from is created_to
    minus the maximum range. A longer range is split into windows of at most
    --max-range seconds (KAZOO's limit, default 2682000 = 31 days + 1 hour), newest
    first, so any range works.

    AUTHENTICATION (exactly one):
      --token T               An X-Auth-Token. It cannot be renewed when it expires.
      --api-key K             An account API key (PUT /v2/api_auth).
      --credentials-file F    A JSON file {"username": ..., "password": ..., and one of
                              "account_name", "account_realm", "phone_number"}
                              (PUT /v2/user_auth with KAZOO's MD5 credentials hash).
    With an API key or credentials, an expired token is renewed once per request.
    Secrets are never printed. Prefer a credentials file to secrets on the command line
    (other users of the machine may see a command line).

    RESUMING: with --output FILE the fetch is resumable. After every page the lines are
    written and flushed, then the position is saved in FILE.fetch-state. If a run stops
    (killed, network gone, an error), run the same command again: it cuts FILE back to
    the last saved page (so a half-written line never stays), then continues from
    there; nothing is lost and nothing is written twice. The state file is removed when
    the fetch completes. Without --output nothing is resumable.

    OPTIONS:
      --server URL            KAZOO's API, e.g. https://kazoo.example.com:8443 (/v2 is
                              added unless the URL ends with it).
      --account ID            The account id.
      --user ID               Only this user's legs (/users/{ID}/cdrs); with full
                              documents, every leg of the calls the user took part in.
      --created-from G        Oldest time, gregorian seconds.
      --created-to G          Newest time, gregorian seconds.
      --rows                  Write KAZOO's summary rows instead of documents.
      --csv                   Write KAZOO's CSV instead of NDJSON.
      --output FILE           Write to FILE (resumable) instead of standard output.
      --page-size N           Rows per request, at least 1 (default 50, KAZOO's).
      --filter KEY=VALUE      A crossbar filter, repeatable; KEY becomes filter_KEY unless
                              it is written in full (filter_*, has_key, key_missing,
                              has_value, value_missing).
      --max-range SECONDS     KAZOO's maximum range (default 2682000).
      --concurrency N         Requests in flight at once (default 4).
      --requests-per-second R At most R requests started per second (default: no limit).
      --max-attempts N        Attempts per request, for 429, 5xx, timeouts and lost
                              connections (default 5).
      --retry-delay SECONDS   The first retry's wait, doubled each time (default 0.5).
      --quiet                 No line per page on standard error (rejections, errors and
                              the final count are still reported).
      -h, --help              Show this help.

    EXIT STATUS: 0 everything written, 1 some rows did not decode (reported), 2 usage
    error, 4 the output (FILE or standard output) could not be written, 5 the fetch
    failed (authentication, KAZOO's error, the network after every retry); with
    --output, run it again to resume.
    """

  /// The program that runs the fetch, beside `cdr`.
  static let programName = "cdr-fetch"

  package static func run(
    _ arguments: [String], context: CommandContext
  ) throws(UsageError) -> ExitCode {
    guard context.isProcess else {
      throw UsageError(
        "the fetch runs in \(programName), a program of its own, in place of this process; "
          + "a context that is not the process's cannot run it")
    }
    let program = programPath()
    context.output.flush()
    context.errors.flush()
    let argv = ([program] + arguments).map { strdup($0) } + [nil]
    execv(program, argv)
    // Only reached when the program could not be started.
    let failure = errno
    for pointer in argv { free(pointer) }
    if failure == ENOENT {
      context.report(
        "cdr fetch: \(program) is missing: the fetch is the program \(programName), built "
          + "beside cdr by 'swift build' (or 'swift build --product \(programName)')")
    } else {
      context.report("cdr fetch: cannot run \(program): \(String(cString: strerror(failure)))")
    }
    return .fetchFailed
  }

  /// `cdr-fetch` in the directory of the running executable (symbolic links resolved).
  static func programPath() -> String {
    let executable =
      Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments.first ?? "cdr")
    return executable.resolvingSymlinksInPath().deletingLastPathComponent()
      .appendingPathComponent(programName).path
  }
}
