import ArgumentParser

/// `--busy-threads`, shared by `statsbench run` and `statsbench sweep` (both measure the overhead pairs).
struct BusyThreadsOption: ParsableArguments {
    @Option(
        parsing: .unconditional,
        help: """
            Threads kept spinning while the overhead pairs run, so that no CPU goes idle: an idle CPU of a virtual \
            machine is lent to the host, and memory-bound sinks then cost 2–3× more by regimes that change from \
            run to run (0: none; at most 256).
            """)
    var busyThreads = 1

    func validate() throws {
        guard busyThreads >= 0, busyThreads <= 256 else {
            throw ValidationError("--busy-threads must be from 0 to 256, got \(busyThreads)")
        }
    }
}
