import Foundation

/// Why a history configuration was rejected: a startup error, raised before any sampling starts.
public enum HistoryConfigurationError: Error, Equatable, CustomStringConvertible, LocalizedError {
    /// An environment variable holds an interval that is not a number of seconds in the accepted range.
    case invalidIntervalVariable(name: String, value: String, problem: String)
    /// A command-line option holds an interval that is not a duration in the accepted range.
    case invalidIntervalOption(name: String, value: String, problem: String)
    /// An interval passed in code is outside the accepted range.
    case invalidInterval(seconds: Double)
    /// A history capacity below one sample or above ``HistoryConfiguration/maximumCapacity``.
    case invalidCapacity(Int)

    /// What was wrong, where, and what to do.
    public var description: String {
        let accepted =
            "a number of seconds from \(Self.format(HistoryConfiguration.intervalSecondsRange.lowerBound)) "
            + "to \(Self.format(HistoryConfiguration.intervalSecondsRange.upperBound)) (e.g. \"10\" or \"0.5\")"
        switch self {
        case .invalidIntervalVariable(let name, let value, let problem):
            return "\(name)=\"\(value)\" is not a valid metrics interval: \(problem). Set \(name) to \(accepted), "
                + "or unset it for the default of \(Self.format(HistoryConfiguration.defaultIntervalSeconds)) s."
        case .invalidIntervalOption(let name, let value, let problem):
            return "\(name) \"\(value)\" is not a valid metrics interval: \(problem). Pass a duration from 1ms to "
                + "1d (500ms, 10s, 1m), or leave it out for \(HistoryConfiguration.intervalVariable) or the "
                + "default of \(Self.format(HistoryConfiguration.defaultIntervalSeconds)) s."
        case .invalidInterval(let seconds):
            return "History interval \(seconds) s is out of range. Pass \(accepted) to HistoryConfiguration."
        case .invalidCapacity(let capacity):
            return "History capacity \(capacity) is invalid: it must be 1 to \(HistoryConfiguration.maximumCapacity) "
                + "samples (default \(HistoryConfiguration.defaultCapacity) = one hour at 10 s)."
        }
    }

    /// The same text as ``description``, for Foundation's `localizedDescription`.
    public var errorDescription: String? { description }

    private static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}
