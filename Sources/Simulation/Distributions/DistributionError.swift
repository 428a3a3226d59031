/// Why a ``DistributionSpec`` could not be turned into a ``Distribution``.
///
/// Every case names the distribution and parameter (or the file and line) that was wrong and what is accepted.
public enum DistributionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A parameter is out of range or not finite: `requirement` says what is accepted.
    case invalidParameter(distribution: String, parameter: String, value: Double, requirement: String)
    /// A uniform distribution whose minimum lies above its maximum.
    case invalidRange(minimum: Double, maximum: Double)
    /// An empirical samples file that could not be read.
    case unreadableFile(path: String, reason: String)
    /// An empirical samples file without a single sample.
    case emptyFile(path: String)
    /// A line of an empirical samples file that is not a finite number.
    case invalidSample(path: String, line: Int, text: String)

    /// What was wrong, where, and what to do.
    public var description: String {
        switch self {
        case .invalidParameter(let distribution, let parameter, let value, let requirement):
            return "\(distribution) distribution: \(parameter) = \(value) is invalid; it must be \(requirement)"
        case .invalidRange(let minimum, let maximum):
            return "uniform distribution: minimum \(minimum) is above maximum \(maximum); "
                + "swap them or make them equal for a constant"
        case .unreadableFile(let path, let reason):
            return "empirical distribution: cannot read samples file \(path): \(reason); "
                + "check the path (relative paths are resolved against the scenario's directory)"
        case .emptyFile(let path):
            return "empirical distribution: samples file \(path) holds no samples; "
                + "write one number per line (blank lines and lines starting with # are ignored)"
        case .invalidSample(let path, let line, let text):
            return "empirical distribution: \(path):\(line): \"\(text)\" is not a finite number; "
                + "write one number per line (blank lines and lines starting with # are ignored)"
        }
    }
}
