// swift-tools-version:6.1
import Foundation
import PackageDescription

// A path dependency's identity is its directory's name, which is whatever the clone was called.
let statsbench = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .lastPathComponent.lowercased()

// Micro-benchmarks of the recording primitives (package-benchmark). Run from the repository root with
// `make benchmarks`; `make benchmark-check` fails when a record path allocates (thresholds in Thresholds/).
let package = Package(
    name: "StatsBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: "../"),
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]),
        // The peers, measured in the same run as the primitives.
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift.git", from: "0.2.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        .executableTarget(
            name: "StatsCoreBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "StatsCore", package: statsbench),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            path: "Benchmarks/StatsCoreBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "ServerStatsBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "StatsCore", package: statsbench),
                .product(name: "ServerStats", package: statsbench),
            ],
            path: "Benchmarks/ServerStatsBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
