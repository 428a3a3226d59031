// swift-tools-version:6.1
import Foundation
import PackageDescription

// STATSBENCH_WITHOUT_JEMALLOC=1 builds CJemalloc without jemalloc (every allocation counter "unavailable"): for
// ThreadSanitizer, which dies at startup when jemalloc is linked beside its own allocator (scripts/tsan.sh).
let withoutJemalloc = ProcessInfo.processInfo.environment["STATSBENCH_WITHOUT_JEMALLOC"] == "1"

let package = Package(
    name: "statsbench",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "statsbench", targets: ["statsbench"]),
        .executable(name: "statsbench-instructions", targets: ["statsbench-instructions"]),
        .library(name: "StatsCore", targets: ["StatsCore"]),
        .library(name: "ServerStats", targets: ["ServerStats"]),
        .library(name: "CJemalloc", targets: ["CJemalloc"]),
        .library(name: "Simulation", targets: ["Simulation"]),
        .library(name: "Harness", targets: ["Harness"]),
        .library(name: "StatsExport", targets: ["StatsExport"]),
        .library(name: "StatsHTTP", targets: ["StatsHTTP"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift.git", from: "0.2.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        // HTTP endpoints (StatsHTTP only). No default traits: swift-configuration support is not used.
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: []),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        // Already in the graph through Hummingbird; StatsHTTP names it for one HTTP/1 channel handler.
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        // The Prometheus protobuf exposition (StatsExport only; the generated messages are committed).
        .package(url: "https://github.com/apple/swift-protobuf.git", from: "1.39.0"),
        // The HTML report page template (Harness only).
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
    ],
    targets: [
        // Recording primitives. No Foundation and no dependency but a one-line C prefetch: no lock, allocation or
        // clock read on a record path.
        .target(name: "StatsCore", dependencies: ["CPrefetch"]),
        // jemalloc's per-thread allocation counters and heap statistics (Debian: libjemalloc-dev).
        withoutJemalloc
            ? .systemLibrary(name: "CJemalloc", path: "Sources/CJemallocDisabled")
            : .systemLibrary(
                name: "CJemalloc",
                pkgConfig: "jemalloc",
                providers: [.apt(["libjemalloc-dev"]), .brew(["jemalloc"])]
            ),
        // A cache-line prefetch for the runner's connection read-ahead and a record's prefetch (Swift has none of
        // its own).
        .target(name: "CPrefetch"),
        // SIGINT/SIGTERM caught into a pipe (async-signal-safe), for `run`'s last words on an interrupt.
        .target(name: "CSignalPipe"),
        // The seeds' domain model — server-wide and per-client statistics, monitors, history, alerts, call ledger —
        // built only from StatsCore primitives.
        .target(
            name: "ServerStats",
            dependencies: [
                "StatsCore", .product(name: "Logging", package: "swift-log"),
                .product(name: "HeapModule", package: "swift-collections"),
            ]
        ),
        // Seeded random data and real-thread helpers shared by the test targets.
        .target(name: "StatsTestSupport", path: "Tests/StatsTestSupport"),
        // Scenario files, seeded random streams, distributions, arrival processes, simulated workers and clients.
        .target(
            name: "Simulation",
            dependencies: ["ServerStats", .product(name: "Yams", package: "Yams")]
        ),
        // The ways out: JSON stats files and their watcher, persistence, Prometheus text, a swift-metrics backend.
        .target(
            name: "StatsExport",
            dependencies: [
                "StatsCore", "ServerStats", .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ]
        ),
        // The /health... JSON endpoints and /metrics over a pipeline (Hummingbird stays in this module).
        .target(
            name: "StatsHTTP",
            dependencies: [
                "StatsCore", "ServerStats", "StatsExport", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ]
        ),
        // The scenario runner: sinks under test (ours and the peers), probes, results and reports.
        .target(
            name: "Harness",
            dependencies: [
                "StatsCore", "ServerStats", "Simulation", "StatsExport", "CJemalloc", "CPrefetch", "CSignalPipe",
                .product(name: "BitCollections", package: "swift-collections"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        // The command-line tool.
        .executableTarget(
            name: "statsbench",
            dependencies: [
                "Simulation", "Harness", "StatsHTTP", "StatsExport", "ServerStats",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ]
        ),
        // Makes N records on one record path, for instruction counts under valgrind (statsbench runs it).
        .executableTarget(name: "statsbench-instructions", dependencies: ["StatsCore", "ServerStats"]),
        .testTarget(name: "StatsCoreTests", dependencies: ["StatsCore", "CJemalloc", "StatsTestSupport"]),
        .testTarget(
            name: "ServerStatsTests",
            dependencies: [
                "ServerStats", "StatsCore", "CJemalloc", "StatsTestSupport",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "SimulationTests", dependencies: ["Simulation", "ServerStats", "StatsTestSupport"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "StatsExportTests",
            dependencies: [
                "StatsExport", "ServerStats", "StatsCore", "StatsTestSupport",
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "HarnessTests",
            dependencies: [
                "Harness", "Simulation", "ServerStats", "StatsExport", "StatsCore", "StatsTestSupport",
            ],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "StatsHTTPTests",
            dependencies: [
                "StatsHTTP", "ServerStats", "StatsExport", "StatsCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                // A small HTTP/1.1 test client over a loopback socket (Support/): HummingbirdTesting would bring
                // async-http-client and with it swift-nio-ssl, whose BoringSSL dominates the test build.
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
    ]
)

// Library users should not pay for the harness. The packages below serve only the harness's modules (Simulation,
// Harness, statsbench); their products are used only with the `Harness` trait, enabled by default, so this
// package builds as before. A server that depends on this package with `traits: []` gets the library products
// (StatsCore, ServerStats, StatsExport, StatsHTTP) without resolving or fetching these packages; it must not use
// the harness's products then (they would not compile without them).
let harnessOnlyPackages: Set<String> = [
    "Yams", "swift-argument-parser", "swift-prometheus", "hdrhistogram-swift", "swift-mustache",
]
package.traits = [
    .trait(name: "Harness", description: "The statsbench harness: scenario files, runner, reports and the tool."),
    .default(enabledTraits: ["Harness"]),
]
for target in package.targets {
    target.dependencies = target.dependencies.map { dependency in
        guard case .productItem(let name, let package?, let aliases, nil) = dependency,
            harnessOnlyPackages.contains(package)
        else { return dependency }
        return .productItem(name: name, package: package, moduleAliases: aliases, condition: .when(traits: ["Harness"]))
    }
}
