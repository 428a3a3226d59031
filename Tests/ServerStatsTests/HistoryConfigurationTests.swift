import ServerStats
import Testing

/// `STATSBENCH_METRICS_INTERVAL` parsing and configuration validation.
@Suite struct HistoryConfigurationTests {
    let variable = HistoryConfiguration.intervalVariable

    @Test func theSeedsDefaultsApplyWhenTheVariableIsUnset() throws {
        let configuration = try HistoryConfiguration.fromEnvironment(["PATH": "/usr/bin"])
        #expect(configuration.interval == .seconds(10))
        #expect(configuration.intervalSeconds == 10)
        #expect(configuration.capacity == 360)
        #expect(configuration == HistoryConfiguration.defaults)
        #expect(variable == "STATSBENCH_METRICS_INTERVAL")
    }

    @Test(arguments: [
        ("10", 10.0), ("0.5", 0.5), (" 2 ", 2.0), ("+3", 3.0), ("86400", 86_400.0), ("0.001", 0.001), (".25", 0.25),
    ])
    func validIntervals(value: String, seconds: Double) throws {
        let configuration = try HistoryConfiguration.fromEnvironment([variable: value], capacity: 42)
        #expect(configuration.intervalSeconds == seconds)
        #expect(configuration.interval == .nanoseconds(Int64((seconds * 1e9).rounded())))
        #expect(configuration.capacity == 42)
    }

    @Test(arguments: [
        ("", "it is empty"), ("   ", "it is empty"), ("abc", "not a decimal number"), ("ten", "not a decimal number"),
        ("nan", "not a decimal number"), ("NaN", "not a decimal number"), ("inf", "not a decimal number"),
        ("1e3", "not a decimal number"), ("0x10", "not a decimal number"), ("1.2.3", "not a decimal number"),
        ("10s", "not a decimal number"), (".", "not a decimal number"), ("0", "greater than zero"),
        ("0.0", "greater than zero"), ("-5", "greater than zero"), ("0.0001", "shorter than 1 ms"),
        ("86401", "longer than one day"), ("99999999999999999999", "longer than one day"),
    ])
    func invalidIntervalsAreAStartupErrorNamingVariableValueAndWhatIsAccepted(value: String, problem: String) {
        let error = #expect(throws: HistoryConfigurationError.self) {
            try HistoryConfiguration.fromEnvironment([variable: value])
        }
        #expect(error == .invalidIntervalVariable(name: variable, value: value, problem: error?.problem ?? ""))
        let message = error?.description ?? ""
        #expect(message.contains("STATSBENCH_METRICS_INTERVAL=\"\(value)\""))
        #expect(message.contains(problem))
        #expect(message.contains("a number of seconds from 0.001 to 86400 (e.g. \"10\" or \"0.5\")"))
        #expect(message.contains("unset it for the default of 10 s"))
        #expect(error?.localizedDescription == message)
    }

    @Test func intervalAndCapacityPassedInCodeAreValidatedToo() {
        let interval = #expect(throws: HistoryConfigurationError.self) {
            try HistoryConfiguration(intervalSeconds: .nan)
        }
        #expect(interval?.description.contains("out of range") == true)
        #expect(throws: HistoryConfigurationError.invalidInterval(seconds: 0)) {
            try HistoryConfiguration(intervalSeconds: 0)
        }
        let capacity = #expect(throws: HistoryConfigurationError.invalidCapacity(0)) {
            try HistoryConfiguration(capacity: 0)
        }
        #expect(capacity?.description.contains("1 to 1000000 samples") == true)
        #expect(throws: HistoryConfigurationError.invalidCapacity(-3)) {
            try HistoryConfiguration.fromEnvironment([variable: "5"], capacity: -3)
        }
        // A capacity the ring could not be allocated for is refused before anything is allocated.
        let huge = HistoryConfiguration.maximumCapacity + 1
        #expect(throws: HistoryConfigurationError.invalidCapacity(huge)) { try HistoryConfiguration(capacity: huge) }
        #expect(throws: HistoryConfigurationError.invalidCapacity(99_999_999_999)) {
            try HistoryConfiguration.resolve(
                option: .seconds(1), optionName: "--metrics-interval", environment: [:], capacity: 99_999_999_999)
        }
        #expect((try? HistoryConfiguration(capacity: HistoryConfiguration.maximumCapacity))?.capacity == 1_000_000)
    }
}

extension HistoryConfigurationError {
    /// The problem text of an invalid variable, for comparing whole errors.
    var problem: String? {
        if case .invalidIntervalVariable(_, _, let problem) = self { return problem }
        return nil
    }
}
