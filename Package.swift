// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "statsbench",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "statsbench", targets: ["statsbench"]),
        .library(name: "StatsCore", targets: ["StatsCore"]),
        .library(name: "ServerStats", targets: ["ServerStats"]),
        .library(name: "CJemalloc", targets: ["CJemalloc"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
    ],
    targets: [
        // Recording primitives. No Foundation, no dependencies: no lock, allocation or clock read on a record path.
        .target(name: "StatsCore"),
        // jemalloc's per-thread allocation counters and heap statistics (Debian: libjemalloc-dev).
        .systemLibrary(
            name: "CJemalloc",
            pkgConfig: "jemalloc",
            providers: [.apt(["libjemalloc-dev"]), .brew(["jemalloc"])]
        ),
        // The seeds' domain model — server-wide and per-client statistics, monitors, history, alerts, call ledger —
        // built only from StatsCore primitives.
        .target(
            name: "ServerStats",
            dependencies: ["StatsCore", .product(name: "Logging", package: "swift-log")]
        ),
        // Seeded random data and real-thread helpers shared by the test targets.
        .target(name: "StatsTestSupport", path: "Tests/StatsTestSupport"),
        // Scenario files, seeded random streams, distributions, arrival processes, simulated workers and clients.
        .target(
            name: "Simulation",
            dependencies: ["StatsCore", "ServerStats", .product(name: "Yams", package: "Yams")]
        ),
        // The command-line tool.
        .executableTarget(
            name: "statsbench",
            dependencies: ["Simulation", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .testTarget(name: "StatsCoreTests", dependencies: ["StatsCore", "CJemalloc", "StatsTestSupport"]),
        .testTarget(
            name: "ServerStatsTests",
            dependencies: ["ServerStats", "StatsCore", "CJemalloc", "StatsTestSupport"]
        ),
        .testTarget(
            name: "SimulationTests", dependencies: ["Simulation", "StatsTestSupport"], exclude: ["Fixtures"]
        ),
    ]
)
