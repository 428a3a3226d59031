// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "statsbench",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "StatsCore", targets: ["StatsCore"]),
        .library(name: "CJemalloc", targets: ["CJemalloc"]),
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
        .testTarget(name: "StatsCoreTests", dependencies: ["StatsCore", "CJemalloc"]),
    ]
)
