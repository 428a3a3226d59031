/// Why an ``ArrivalSpec`` could not be turned into an ``ArrivalSchedule``.
public enum ArrivalError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A parameter is out of range or not finite: `requirement` says what is accepted.
    case invalidParameter(process: String, parameter: String, value: Double, requirement: String)
    /// A burst process whose rates are both zero where it spends time, so no event would ever arrive.
    case noEvents(process: String)

    /// What was wrong, where, and what to do.
    public var description: String {
        switch self {
        case .invalidParameter(let process, let parameter, let value, let requirement):
            return "\(process) arrivals: \(parameter) = \(value) is invalid; it must be \(requirement)"
        case .noEvents(let process):
            return "\(process) arrivals: no event would ever arrive (every phase has rate 0 or lasts 0 s); "
                + "give the normal or the burst phase a positive rate and duration"
        }
    }
}
