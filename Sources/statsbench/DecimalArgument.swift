import ArgumentParser
import Simulation

/// A number on the command line, read by the project's one number rule (``Simulation/Quantities/number(_:)``):
/// an optional sign, digits, an optional point and fraction, an optional exponent (`2`, `0.5`, `1e-3`).
///
/// `Double`'s own parser, which swift-argument-parser uses for a `Double` option, also reads hexadecimal
/// (`0x1p-3` is 0.125), `inf` and `nan`; scenario files refuse those, so the flags do too. Each flag still
/// checks its own range (in its command's `validate()`).
struct DecimalArgument: ExpressibleByArgument, ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral, Sendable,
    CustomStringConvertible
{
    /// The number.
    let value: Double

    /// `nil` (ArgumentParser then names the flag and the value) for text that is not a finite decimal number.
    init?(argument: String) {
        guard let value = try? Quantities.number(argument) else { return nil }
        self.value = value
    }

    init(floatLiteral value: Double) { self.value = value }

    init(integerLiteral value: Int) { self.value = Double(value) }

    /// The number as `--help` shows a default: `1.0`, `0.05`, `200.0` (the form a `Double` option shows).
    var description: String { "\(value)" }

    var defaultValueDescription: String { description }
}
