// swift-tools-version:6.0
import PackageDescription

/// CDRKit: Call Detail Records in the KAZOO schema.
///
/// Modules (dependencies point one way, top to bottom):
/// - `CDRModel`: the record, JSON values, decoding, the streaming reader.
/// - `CDRTime`: gregorian seconds and KAZOO's time formats (depends on `CDRModel`).
/// - `CDRInteractions`: legs grouped into calls, streaming and merging, KPIs.
/// - `CDRKit`: the umbrella that re-exports every module.
/// - `CDRCommandLine` + `cdr`: the command-line tool.
let package = Package(
    name: "CDRKit",
    products: [
        .library(name: "CDRKit", targets: ["CDRKit"]),
        .library(name: "CDRModel", targets: ["CDRModel"]),
        .library(name: "CDRTime", targets: ["CDRTime"]),
        .library(name: "CDRInteractions", targets: ["CDRInteractions"]),
        .executable(name: "cdr", targets: ["cdr"]),
    ],
    targets: [
        .target(name: "CDRModel"),
        .target(name: "CDRTime", dependencies: ["CDRModel"]),
        .target(name: "CDRInteractions", dependencies: ["CDRModel", "CDRTime"]),
        .target(name: "CDRKit", dependencies: ["CDRModel", "CDRTime", "CDRInteractions"]),
        .target(name: "CDRCommandLine", dependencies: ["CDRKit"]),
        .executableTarget(name: "cdr", dependencies: ["CDRCommandLine"]),
        .testTarget(name: "CDRModelTests", dependencies: ["CDRModel"]),
        .testTarget(name: "CDRTimeTests", dependencies: ["CDRTime"]),
        .testTarget(name: "CDRInteractionsTests", dependencies: ["CDRInteractions"]),
        .testTarget(name: "CDRCommandLineTests", dependencies: ["CDRCommandLine"]),
    ],
    swiftLanguageModes: [.v6]
)
