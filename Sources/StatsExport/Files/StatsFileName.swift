import ServerStats

/// The name of one stats file: `PREFIX-stats-YYYYMMDD-HHMMSS.json` (UTC), or with a `-N` suffix before
/// `.json` when a file of the same second already exists.
///
/// Names order by time, then suffix (plain string order would put `…-000000-1.json` before `…-000000.json`).
///
/// ```swift
/// StatsFileName(prefix: "statsbench", time: report.timestamp).fileName
/// // "statsbench-stats-20250101-120000.json"
/// StatsFileName(parsing: "statsbench-stats-20250101-120000-2.json", prefix: "statsbench")?.sequence  // 2
/// ```
public struct StatsFileName: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The prefix before `-stats-`.
    public let prefix: String
    /// `YYYYMMDD-HHMMSS` in UTC.
    public let stamp: String
    /// 0 for the plain name, N for the `-N` suffix.
    public let sequence: Int

    /// The name of the file for `time` (UTC, whole seconds) with suffix `sequence` (0 = none).
    public init(prefix: String, time: StatsTime, sequence: Int = 0) {
        self.init(prefix: prefix, stamp: UTCDateTime(time).compactStamp, sequence: sequence)
    }

    private init(prefix: String, stamp: String, sequence: Int) {
        self.prefix = prefix
        self.stamp = stamp
        self.sequence = sequence
    }

    /// Parses a final stats file name of `prefix`; `nil` for anything else (temp files start with `.`,
    /// other prefixes, other extensions).
    public init?(parsing name: String, prefix: String) {
        let head = prefix + "-stats-"
        guard !name.hasPrefix("."), name.hasPrefix(head), name.hasSuffix(".json") else { return nil }
        let middle = Array(name.utf8.dropFirst(head.utf8.count).dropLast(5))
        guard middle.count >= 15, middle[8] == UInt8(ascii: "-") else { return nil }
        let isDigit = { (byte: UInt8) in byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        guard middle[0..<8].allSatisfy(isDigit), middle[9..<15].allSatisfy(isDigit) else { return nil }
        var sequence = 0
        if middle.count > 15 {
            let suffix = middle[16...]
            guard middle[15] == UInt8(ascii: "-"), !suffix.isEmpty, suffix.count <= 9, suffix.allSatisfy(isDigit),
                suffix.first != UInt8(ascii: "0")
            else { return nil }
            sequence = Int(String(decoding: suffix, as: UTF8.self))!
        }
        self.init(prefix: prefix, stamp: String(decoding: middle[0..<15], as: UTF8.self), sequence: sequence)
    }

    /// The file name.
    public var fileName: String {
        prefix + "-stats-" + stamp + (sequence == 0 ? "" : "-\(sequence)") + ".json"
    }

    /// The file name.
    public var description: String { fileName }

    /// By stamp, then sequence.
    public static func < (left: StatsFileName, right: StatsFileName) -> Bool {
        (left.stamp, left.sequence) < (right.stamp, right.sequence)
    }

    /// The stats files of `prefix` among `names`, oldest first.
    public static func sorted(_ names: [String], prefix: String) -> [StatsFileName] {
        names.compactMap { StatsFileName(parsing: $0, prefix: prefix) }.sorted()
    }
}
