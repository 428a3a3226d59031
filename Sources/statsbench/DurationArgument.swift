import ArgumentParser

/// A duration on the command line: a number and a unit, `ns`, `us`, `ms`, `s`, `m` or `h` (`10ms`, `1.5s`).
struct DurationArgument: ExpressibleByArgument, Sendable, CustomStringConvertible {
    /// The duration.
    let duration: Duration
    /// The text as given.
    let description: String

    init?(argument: String) {
        let units: [(String, Double)] = [
            ("ns", 1e-9), ("us", 1e-6), ("µs", 1e-6), ("ms", 1e-3), ("s", 1), ("m", 60), ("h", 3600),
        ]
        guard
            let (unit, scale) = units.first(where: {
                argument.hasSuffix($0.0) && Double(argument.dropLast($0.0.count)) != nil
            }),
            let number = Double(argument.dropLast(unit.count)), number > 0, number.isFinite,
            number * scale <= 86_400 * 365
        else { return nil }
        let nanoseconds = (number * scale * 1e9).rounded()
        guard nanoseconds >= 1 else { return nil }
        duration = .nanoseconds(Int64(nanoseconds))
        description = argument
    }
}
