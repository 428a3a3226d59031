import ArgumentParser
import Simulation

/// A duration on the command line, read by the project's one duration rule (``Simulation/Quantities/duration(_:)``:
/// `250us`, `10ms`, `1.5s`, `2m`, `1h`, `1d`, or a plain number of seconds), at least 1 ns and at most 365 days.
struct DurationArgument: ExpressibleByArgument, Sendable, CustomStringConvertible {
    /// The duration.
    let duration: Duration
    /// The text as given.
    let description: String

    /// The longest duration a flag takes: 365 days.
    static let longest = Duration.seconds(86_400 * 365)

    /// `nil` (ArgumentParser then names the flag and the value) for what ``parse(_:)`` refuses.
    init?(argument: String) {
        guard let duration = try? Self.parse(argument) else { return nil }
        self.duration = duration
        self.description = argument
    }

    /// The duration `text` spells.
    ///
    /// - Throws: ``Simulation/Quantities/ParseError`` when the text is not a duration (empty, not a number,
    ///   unknown unit, negative, too long) or is 0 or longer than 365 days, the message saying why.
    static func parse(_ text: String) throws(Quantities.ParseError) -> Duration {
        let duration = try Quantities.duration(text)
        guard duration > .zero else {
            throw Quantities.ParseError(message: "'\(text)' is zero; a flag's duration must be at least 1 ns")
        }
        guard duration <= longest else {
            throw Quantities.ParseError(message: "'\(text)' is longer than 365 days")
        }
        return duration
    }
}
