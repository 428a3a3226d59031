import Foundation

/// The interval from a command-line option and the environment together.
extension HistoryConfiguration {
    /// The configuration asked for by a command-line option `optionValue` (named `optionName`, e.g.
    /// `--metrics-interval`) and, when the option is absent, by ``intervalVariable`` in `environment`; the
    /// defaults when neither is given. The option wins over the variable.
    ///
    /// Both accept a plain decimal number of seconds (`"10"`, `"0.5"`); the option also accepts a number with a
    /// unit, `ms`, `s`, `m` or `h` (`"500ms"`, `"10s"`). Throws ``HistoryConfigurationError`` naming the option
    /// or the variable and the value for anything else (empty, not a number, zero, negative, outside 1 ms ... 1
    /// day), and for a capacity outside `1 ... maximumCapacity`.
    public static func resolve(
        option optionValue: String?, optionName: String, environment: [String: String],
        capacity: Int = HistoryConfiguration.defaultCapacity
    ) throws(HistoryConfigurationError) -> HistoryConfiguration {
        guard (1...maximumCapacity).contains(capacity) else { throw .invalidCapacity(capacity) }
        guard let optionValue else { return try fromEnvironment(environment, capacity: capacity) }
        let seconds: Double
        do {
            seconds = try parseSeconds(withUnit: optionValue, variable: optionName)
        } catch {
            guard case .invalidIntervalVariable(_, _, let problem) = error else { throw error }
            throw .invalidIntervalOption(name: optionName, value: optionValue, problem: problem)
        }
        return try HistoryConfiguration(intervalSeconds: seconds, capacity: capacity)
    }

    /// Like `parseSeconds`, with an optional unit suffix (`ms`, `s`, `m`, `h`).
    static func parseSeconds(withUnit raw: String, variable: String) throws(HistoryConfigurationError) -> Double {
        let text = raw.trimmingCharacters(in: .whitespaces)
        for (unit, scale) in [("ms", 1e-3), ("s", 1.0), ("m", 60.0), ("h", 3600.0)] where text.hasSuffix(unit) {
            let number = String(text.dropLast(unit.count))
            let seconds = try parseSeconds(number, variable: variable, upperBound: .infinity) * scale
            guard seconds >= intervalSecondsRange.lowerBound else {
                throw .invalidIntervalVariable(name: variable, value: raw, problem: "it is shorter than 1 ms")
            }
            guard seconds <= intervalSecondsRange.upperBound else {
                throw .invalidIntervalVariable(name: variable, value: raw, problem: "it is longer than one day")
            }
            return seconds
        }
        return try parseSeconds(text, variable: variable)
    }
}
