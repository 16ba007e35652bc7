// swift-tools-version:6.0
import PackageDescription

// libFuzzer targets for CDRKit, in their own package so the library never links libFuzzer.
// Build and run with Fuzz/run.sh (release, address sanitizer, coverage instrumentation);
// a plain `swift build` here links but the driver symbol is missing without the flags there.
let package = Package(
  name: "CDRFuzz",
  dependencies: [.package(name: "CDRKit", path: "..")],
  targets: [
    .executableTarget(
      name: "cdr-fuzz",
      dependencies: [.product(name: "CDRKit", package: "CDRKit")],
      path: "Sources/CDRFuzz"
    )
  ],
  swiftLanguageModes: [.v6]
)
