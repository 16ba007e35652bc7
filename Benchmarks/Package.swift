// swift-tools-version:6.0
import PackageDescription

// Benchmarks live in their own package so the library's builds stay fast.
// Run: swift run -c release --package-path Benchmarks cdr-bench [NAME...] [--legs N]
let package = Package(
  name: "CDRBenchmarks",
  dependencies: [.package(name: "CDRKit", path: "..")],
  targets: [
    .executableTarget(
      name: "cdr-bench",
      dependencies: [.product(name: "CDRKit", package: "CDRKit")],
      path: "Sources/CDRBenchmarks"
    )
  ],
  swiftLanguageModes: [.v6]
)
