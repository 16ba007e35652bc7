// swift-tools-version:6.0
import PackageDescription

/// CDRKit: Call Detail Records in the KAZOO schema.
///
/// Modules (dependencies point one way, top to bottom):
/// - `CDRModel`: the record, JSON values, decoding, the streaming reader.
/// - `CDRTime`: gregorian seconds and KAZOO's time formats (depends on `CDRModel`).
/// - `CDRValidation`: KAZOO's `cdrs` schema, exactly, plus lenient and strict modes.
/// - `CDRPaging`: KAZOO-style paging, cursors, filters and response envelopes.
/// - `CDRCSV`: KAZOO's listing row, call cost, and a streaming RFC 4180 CSV writer.
/// - `CDRInteractions`: legs folded into calls (union-find), streaming, merging, KPIs.
/// - `CDREvents`: stored CDRs built from `CHANNEL_DESTROY` events, as KAZOO's cdr app does.
/// - `CDRClient`: a KAZOO crossbar client over `URLSession` (its own product; the umbrella does
///   not re-export it, so programs without networking do not link FoundationNetworking).
/// - `CDRKit`: the umbrella that re-exports every module but `CDRClient`.
/// - `CDRCommandLine` + `cdr`: the command-line tool.
let modules: [(name: String, dependencies: [Target.Dependency])] = [
  ("CDRModel", []),
  ("CDRTime", ["CDRModel"]),
  ("CDRValidation", ["CDRModel"]),
  ("CDRPaging", ["CDRModel", "CDRTime"]),
  ("CDRCSV", ["CDRModel", "CDRTime"]),
  ("CDRInteractions", ["CDRModel", "CDRTime"]),
  ("CDREvents", ["CDRModel", "CDRTime"]),
]
/// The client is a module like the others, but its tests also run the `cdr fetch` command
/// against a test server script, so its targets are declared apart.
let client: (name: String, dependencies: [Target.Dependency]) = (
  "CDRClient", ["CDRModel", "CDRPaging", "CDRCSV"]
)

let package = Package(
  name: "CDRKit",
  // Swift concurrency's clocks (`CDRClient`'s pacing and tests) need macOS 13; Linux ignores this.
  platforms: [.macOS(.v13), .iOS(.v16), .tvOS(.v16), .watchOS(.v9)],
  products: [.library(name: "CDRKit", targets: ["CDRKit"])]
    + (modules + [client]).map { .library(name: $0.name, targets: [$0.name]) }
    + [
      .executable(name: "cdr", targets: ["cdr"]),
      .executable(name: "cdr-fetch", targets: ["cdr-fetch"]),
    ],
  targets: modules.map { .target(name: $0.name, dependencies: $0.dependencies) }
    + modules.map {
      .testTarget(
        name: "\($0.name)Tests",
        dependencies: [.target(name: $0.name), "CDRTestSupport"] + $0.dependencies)
    }
    + [
      // Helpers shared by the test targets (the seeded generator); not part of any product.
      .target(name: "CDRTestSupport", path: "Tests/CDRTestSupport"),
      .target(name: client.name, dependencies: client.dependencies),
      .testTarget(
        name: "CDRClientTests",
        dependencies: [
          "CDRClient", "CDRCommandLine", "CDRFetchCommand", "CDRKit", "CDRTestSupport",
        ]
          + client.dependencies,
        exclude: ["kazoo_test_server.py"]),
      .target(name: "CDRKit", dependencies: modules.map { .target(name: $0.name) }),
      .target(name: "CDRCommandLine", dependencies: ["CDRKit"]),
      .target(name: "CDRFetchCommand", dependencies: ["CDRCommandLine", "CDRClient"]),
      // `cdr fetch` runs `cdr-fetch`, built beside `cdr` (`swift build` builds both): only it
      // loads FoundationNetworking (libcurl and the libraries behind it), which cost every
      // other command about 10 ms and 7 MiB at start. A dependency of `cdr` on it would link
      // its modules into `cdr`.
      .executableTarget(name: "cdr", dependencies: ["CDRCommandLine"]),
      .executableTarget(name: "cdr-fetch", dependencies: ["CDRFetchCommand"]),
      .testTarget(
        name: "CDRCommandLineTests",
        dependencies: ["CDRCommandLine", "CDRClient", "CDRTestSupport"]),
    ],
  swiftLanguageModes: [.v6]
)
