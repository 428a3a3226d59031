import Testing

@testable import Simulation

/// The project's one duration rule (`Quantities.duration`, `QuantityParser.duration`): what it accepts and
/// what it refuses, for scenario files and command-line flags alike.
@Suite("One duration rule: accepted and refused spellings")
struct DurationRuleTests {
    @Test(
        "every unit and decimals, to the nanosecond",
        arguments: [
            ("800ns", Duration.nanoseconds(800)), ("250us", .microseconds(250)), ("250µs", .microseconds(250)),
            ("10ms", .milliseconds(10)), ("1.5s", .milliseconds(1_500)), ("2m", .seconds(120)),
            ("2min", .seconds(120)), ("1h", .seconds(3_600)), ("1d", .seconds(86_400)), ("0.5d", .seconds(43_200)),
            ("3", .seconds(3)), ("0.25", .milliseconds(250)), (" 10s ", .seconds(10)), ("0s", .zero),
            ("1e3ms", .seconds(1)),
        ])
    func accepted(text: String, expected: Duration) throws {
        #expect(try Quantities.duration(text) == expected)
    }

    @Test(
        "refusals: empty, not a number, unknown unit, negative, too long",
        arguments: [
            "", "  ", "s", "fast", "NaN", "nan", "inf", "-inf", "10 parsecs", "10sec", "5y", "-1s", "-0", "-3ms",
            "1e308h", "300y", "1e10d",
        ])
    func refused(text: String) {
        #expect(throws: Quantities.ParseError.self) { try Quantities.duration(text) }
    }

    @Test("the refusal names the text")
    func refusalNamesText() {
        for text in ["fast", "10parsecs", "-1s", "1e10d"] {
            do {
                _ = try Quantities.duration(text)
                Issue.record("'\(text)' was accepted")
            } catch {
                #expect(error.message.contains("'\(text)'"))
            }
        }
    }

    @Test("scenario seconds and flag durations agree on every unit")
    func sameRule() throws {
        for text in ["800ns", "250us", "10ms", "1.5s", "2m", "1h", "1d", "3"] {
            let seconds = try Quantities.seconds(text)
            #expect(try Quantities.duration(text) == .nanoseconds(Int64((seconds * 1e9).rounded())))
        }
    }
}
