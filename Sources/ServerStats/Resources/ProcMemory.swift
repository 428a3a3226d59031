/// Parsers for the memory fields of `/proc/<pid>/status` and `/proc/meminfo` (lines like `VmRSS:  1234 kB`).
///
/// Values are converted from kibibytes (what the kernel calls kB) to bytes.
public enum ProcMemory {
    /// The resident set size (`VmRSS`) in bytes from a `/proc/<pid>/status` text.
    ///
    /// Kernel threads and zombies have no `VmRSS` line: that throws ``ResourceParseError/missingField(name:file:)``.
    public static func residentBytes(fromStatus status: String) throws(ResourceParseError) -> UInt64 {
        try kilobyteField("VmRSS", in: status, file: "/proc/<pid>/status")
    }

    /// The machine's total memory (`MemTotal`) in bytes from a `/proc/meminfo` text.
    public static func totalBytes(fromMeminfo meminfo: String) throws(ResourceParseError) -> UInt64 {
        try kilobyteField("MemTotal", in: meminfo, file: "/proc/meminfo")
    }

    /// The number in the line `name: <number> kB`, in bytes.
    static func kilobyteField(_ name: String, in text: String, file: String) throws(ResourceParseError) -> UInt64 {
        let prefix = name + ":"
        for line in text.split(separator: "\n") where line.hasPrefix(prefix) {
            let tokens = line.dropFirst(prefix.count).split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard let first = tokens.first, let kibibytes = UInt64(first) else {
                throw .invalidNumber(field: name, value: tokens.joined(separator: " "), file: file)
            }
            let (bytes, overflow) = kibibytes.multipliedReportingOverflow(by: 1024)
            guard !overflow else { throw .invalidNumber(field: name, value: String(first), file: file) }
            return bytes
        }
        throw .missingField(name: name, file: file)
    }
}
