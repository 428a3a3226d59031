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
            option: "250ms", optionName: "--metrics-interval", environment: [variable: "5"])
        #expect(fromOption.interval == .milliseconds(250))
        #expect(
            try HistoryConfiguration.resolve(option: "2", optionName: "--metrics-interval", environment: [:]).interval
                == .seconds(2))
        #expect(
            try HistoryConfiguration.resolve(option: "1m", optionName: "--metrics-interval", environment: [:]).interval
                == .seconds(60))
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
        "a bad option is an error naming the option and the value, even with a good variable",
        arguments: ["0", "abc", "0s", "-5s", "2d", "100000"])
    func badOption(value: String) {
        #expect {
            try HistoryConfiguration.resolve(
                option: value, optionName: "--metrics-interval", environment: [variable: "5"])
        } throws: { error in
            "\(error)".hasPrefix("--metrics-interval \"\(value)\" is not a valid metrics interval")
        }
    }

    @Test("a capacity below one is an error")
    func badCapacity() {
        #expect(throws: HistoryConfigurationError.invalidCapacity(0)) {
            try HistoryConfiguration.resolve(
                option: "1", optionName: "--metrics-interval", environment: [:], capacity: 0)
        }
    }
}
