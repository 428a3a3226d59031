import Foundation

/// The interval from a command-line option and the environment together.
extension HistoryConfiguration {
    /// The configuration asked for by a command-line option's interval `option` (already read by the tool's own
    /// duration rule; named `optionName`, e.g. `--metrics-interval`, and quoted as `optionText`, the text as given,
    /// in errors) and, when the option is absent, by
    /// ``intervalVariable`` in `environment` (a plain decimal number of seconds, see
    /// ``fromEnvironment(_:capacity:)``); the defaults when neither is given. The option wins over the variable.
    ///
    /// - Throws: ``HistoryConfigurationError/invalidIntervalOption(name:value:problem:)`` for an option outside
    ///   ``intervalSecondsRange`` (1 ms to one day), ``HistoryConfigurationError/invalidIntervalVariable(name:value:problem:)``
    ///   for a variable that is not a number of seconds in that range, and
    ///   ``HistoryConfigurationError/invalidCapacity(_:)`` for a capacity outside `1 ... maximumCapacity`.
    public static func resolve(
        option: Duration?, optionText: String? = nil, optionName: String, environment: [String: String],
        capacity: Int = HistoryConfiguration.defaultCapacity
    ) throws(HistoryConfigurationError) -> HistoryConfiguration {
        guard (1...maximumCapacity).contains(capacity) else { throw .invalidCapacity(capacity) }
        guard let option else { return try fromEnvironment(environment, capacity: capacity) }
        let text = optionText ?? "\(option)"
        let seconds = Double(option.components.seconds) + Double(option.components.attoseconds) * 1e-18
        guard seconds >= intervalSecondsRange.lowerBound else {
            throw .invalidIntervalOption(name: optionName, value: text, problem: "it is shorter than 1 ms")
        }
        guard seconds <= intervalSecondsRange.upperBound else {
            throw .invalidIntervalOption(name: optionName, value: text, problem: "it is longer than one day")
        }
        return try HistoryConfiguration(intervalSeconds: seconds, capacity: capacity)
    }
}
