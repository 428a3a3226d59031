/// Why a `/proc` file could not be parsed.
///
/// The sampler turns these into `nil` figures (statistics never hurt the server); the parsers throw them so
/// that fixtures and tools can tell exactly what was wrong with a file.
public enum ResourceParseError: Error, Equatable, CustomStringConvertible {
    /// A `stat` line does not have the `pid (comm) state …` shape of proc(5).
    case malformedStat(reason: String)
    /// A `key: value kB` field is missing from a `status` or `meminfo` text.
    case missingField(name: String, file: String)
    /// A field is present but its value is not the expected number.
    case invalidNumber(field: String, value: String, file: String)

    /// What was wrong, where, and what to do.
    public var description: String {
        switch self {
        case .malformedStat(let reason):
            return "proc stat line is malformed: \(reason). Expected the proc(5) format 'pid (comm) state ppid …' "
                + "with at least 22 fields; check the kernel's /proc or fix the fixture text."
        case .missingField(let name, let file):
            return "'\(name):' is missing from \(file). Kernel threads and zombie processes have no memory "
                + "fields; for a fixture, add a line like '\(name):  1024 kB'."
        case .invalidNumber(let field, let value, let file):
            return "\(file) field '\(field)' has value '\(value)', which is not a non-negative integer. "
                + "Expected a decimal number as proc(5) writes it."
        }
    }
}
