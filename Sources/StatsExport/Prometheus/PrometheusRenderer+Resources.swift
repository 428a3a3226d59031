import ServerStats

extension PrometheusRenderer {
    /// Appends the resource figures as gauges with a `process` label: `self` for this process,
    /// `watched` for the watched one. Figures that are `nil` (unknown, not running, first CPU sample) are left
    /// out, and a family with no known figure is left out whole. The disks' size, free bytes and used percent
    /// follow, labelled `filesystem` (`stats-directory`, `state-file`).
    public mutating func appendResources(_ sample: ResourceSample) {
        func both<Value>(_ own: Value?, _ watched: Value?) -> [(labels: [(String, String)], value: Double)]
        where Value: BinaryInteger {
            [(own, "self"), (watched, "watched")].compactMap { value, process in
                value.map { ([("process", process)], Double($0)) }
            }
        }
        func both(_ own: Double?, _ watched: Double?) -> [(labels: [(String, String)], value: Double)] {
            [(own, "self"), (watched, "watched")].compactMap { value, process in
                value.map { ([("process", process)], $0) }
            }
        }
        appendFamily(
            qualified("process_cpu_percent"), help: "CPU use since the previous sample, in percent of one core.",
            type: .gauge, both(sample.cpuPercent, sample.watchedCPUPercent))
        appendFamily(
            qualified("process_resident_memory_bytes"), help: "Resident set size.", type: .gauge,
            both(sample.residentBytes, sample.watchedResidentBytes))
        appendFamily(
            qualified("process_memory_percent"), help: "Resident set size in percent of the machine's memory.",
            type: .gauge, both(sample.memoryPercent, sample.watchedMemoryPercent))
        appendFamily(
            qualified("process_open_fds"), help: "Open file descriptors.", type: .gauge,
            both(sample.openFileDescriptors, sample.watchedOpenFileDescriptors))
        appendFamily(
            qualified("process_threads"), help: "Threads.", type: .gauge, both(sample.threads, sample.watchedThreads))
        let disks = [("stats-directory", sample.statsDirectoryDisk), ("state-file", sample.stateFileDisk)]
            .compactMap { name, figures in figures.map { (name, $0) } }
        func disk(_ name: String, _ help: String, _ value: (DiskFigures) -> Double) {
            appendFamily(
                qualified(name), help: help, type: .gauge,
                disks.map { (labels: [("filesystem", $0.0)], value: value($0.1)) })
        }
        disk("disk_total_bytes", "Size of the filesystem holding the stats directory or the state file.") {
            Double($0.totalBytes)
        }
        disk("disk_free_bytes", "Bytes this process may still write on that filesystem.") { Double($0.freeBytes) }
        disk("disk_used_percent", "Used space of that filesystem in percent of its size.") { $0.usedPercent }
        gauge("watched_process_pid", "Process id of the watched process.", sample.watchedPID.map(Double.init))
        gauge(
            "resource_sample_timestamp_seconds", "When the resource sample was taken (Unix seconds).",
            sample.timestamp.secondsSinceEpoch)
    }
}
