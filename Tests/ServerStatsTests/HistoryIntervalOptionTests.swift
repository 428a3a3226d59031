import ServerStats
import Testing

@Suite("The metrics interval from an option and the environment")
struct HistoryIntervalOptionTests {
    let variable = HistoryConfiguration.intervalVariable

    @Test("the variable sets the interval when the option is absent; the option wins over it")
    func precedence() throws {
        let fromVariable = try HistoryConfiguration.resolve(
            option: nil, optionName: "--metrics-interval", environment: [variable: "5"], capacity: 12)
        #expect(fromVariable.interval == .seconds(5) && fromVariable.capacity == 12)
        let fromOption = try HistoryConfiguration.resolve(
            option: .milliseconds(250), optionName: "--metrics-interval", environment: [variable: "5"])
        #expect(fromOption.interval == .milliseconds(250))
        #expect(
            try HistoryConfiguration.resolve(option: .seconds(2), optionName: "--metrics-interval", environment: [:])
                .interval == .seconds(2))
        #expect(
            try HistoryConfiguration.resolve(
                option: .seconds(86_400), optionName: "--metrics-interval", environment: [:]
            )
            .interval == .seconds(86_400))
        let defaults = try HistoryConfiguration.resolve(option: nil, optionName: "--metrics-interval", environment: [:])
        #expect(defaults == .defaults)
        #expect(defaults.intervalSeconds * Double(defaults.capacity) == 3600, "one hour of history by default")
    }

    @Test("a bad variable is an error naming the variable and the value", arguments: ["0", "abc", "-1", "", "1e3"])
    func badVariable(value: String) {
        #expect {
            try HistoryConfiguration.resolve(
                option: nil, optionName: "--metrics-interval", environment: [variable: value])
        } throws: { error in
            "\(error)".contains("STATSBENCH_METRICS_INTERVAL=\"\(value)\"")
        }
    }

    @Test(
        "an option outside 1 ms ... 1 day is an error naming the option and the text given, even with a good variable",
        arguments: [
            (Duration.microseconds(999), "999us"), (.seconds(86_401), "86401"), (.nanoseconds(1), "1ns"),
            (.seconds(2 * 86_400), "2d"),
        ])
    func badOption(value: Duration, text: String) {
        #expect {
            try HistoryConfiguration.resolve(
                option: value, optionText: text, optionName: "--metrics-interval", environment: [variable: "5"])
        } throws: { error in
            "\(error)".hasPrefix("--metrics-interval \"\(text)\" is not a valid metrics interval")
        }
    }

    @Test("a capacity below one is an error")
    func badCapacity() {
        #expect(throws: HistoryConfigurationError.invalidCapacity(0)) {
            try HistoryConfiguration.resolve(
                option: .seconds(1), optionName: "--metrics-interval", environment: [:], capacity: 0)
        }
    }
}
