/// The scenario format's quantity readers for other modules (command-line values such as `statsbench sweep
/// --vary clients=10k` or `--budget scrape=50ms`): the same units and rules as a scenario file
/// (docs/scenario-format.md, "Values").
public enum Quantities {
    /// Why a text is not a quantity of the kind asked; ``message`` says what to write instead.
    public struct ParseError: Error, Sendable, CustomStringConvertible {
        /// What was wrong and what to write instead, e.g. `'5x' is not a number; write e.g. 300, 10k or 1M`.
        public let message: String
        /// The message.
        public var description: String { message }

        /// A refusal saying `message` (for a caller that adds its own bounds to a quantity, such as a flag's).
        public init(message: String) { self.message = message }
    }

    /// Seconds from `250us`, `10ms`, `1.5s`, `2m`, `1h`, `1d` or a plain number of seconds (the sign is kept).
    ///
    /// - Throws: ``ParseError`` when the text is not a duration or is too large to represent.
    public static func seconds(_ text: String) throws(ParseError) -> Double {
        do { return try QuantityParser.duration(text) } catch { throw ParseError(message: error.message) }
    }

    /// A non-negative duration from `250us`, `10ms`, `1.5s`, `2m`, `1h`, `1d` or a plain number of seconds,
    /// to the nanosecond (the value rounded to the nearest nanosecond): the rule of ``seconds(_:)`` — units
    /// `ns`, `us`/`µs`, `ms`, `s`, `m`/`min`, `h`, `d`, decimals — for command-line flags.
    ///
    /// - Throws: ``ParseError`` when the text is empty, not a number (`NaN`, `inf`), has an unknown unit, is
    ///   negative, or is longer than `Duration` holds in nanoseconds (about 292 years).
    public static func duration(_ text: String) throws(ParseError) -> Duration {
        let seconds = try Self.seconds(text)
        guard seconds >= 0, !text.trimmingSpaces.hasPrefix("-") else {
            throw ParseError(message: "'\(text)' is a negative duration; write e.g. 250ms, 10s or 2m")
        }
        let nanoseconds = (seconds * 1e9).rounded()
        guard nanoseconds < 9.2e18 else {
            throw ParseError(message: "'\(text)' is too long a duration; the longest is about 292 years")
        }
        return .nanoseconds(Int64(nanoseconds))
    }

    /// A plain number in decimal notation (`42`, `-1.5`, `.5`, `1e-3`): the rule of every number in a scenario
    /// file, for command-line flags and environment values, so that each input takes the same spellings.
    ///
    /// - Throws: ``ParseError`` for anything else: hexadecimal (`0x10`, which `Double` would read), `inf`, `nan`,
    ///   digit separators, units, an empty text.
    public static func number(_ text: String) throws(ParseError) -> Double {
        guard let value = QuantityParser.plainNumber(text) else {
            throw ParseError(message: "'\(text)' is not a decimal number; write e.g. 2, 0.5 or 1e-3")
        }
        return value
    }

    /// Bytes from `512B`, `4KiB`, `1MiB`, `1GiB`, `2GB` or a plain number of bytes.
    ///
    /// - Throws: ``ParseError`` when the text is not a size or is too large to represent.
    public static func bytes(_ text: String) throws(ParseError) -> Double {
        do { return try QuantityParser.size(text) } catch { throw ParseError(message: error.message) }
    }

    /// Events per second from `10k/s`, `250/s`, `1M/s`, `10k` or a plain number.
    ///
    /// - Throws: ``ParseError`` when the text is not a rate or is too large to represent.
    public static func ratePerSecond(_ text: String) throws(ParseError) -> Double {
        do { return try QuantityParser.rate(text) } catch { throw ParseError(message: error.message) }
    }

    /// A count from `42`, `10k`, `1M` or `1G` (possibly fractional: `1.5k` is 1500, `0.5` is 0.5).
    ///
    /// - Throws: ``ParseError`` when the text is not a count or is too large to represent.
    public static func count(_ text: String) throws(ParseError) -> Double {
        do { return try QuantityParser.count(text) } catch { throw ParseError(message: error.message) }
    }

    /// A fraction from `0.5%` (0.005) or a plain number (`0.005`).
    ///
    /// - Throws: ``ParseError`` when the text is not a fraction or is too large to represent.
    public static func fraction(_ text: String) throws(ParseError) -> Double {
        do { return try QuantityParser.fraction(text) } catch { throw ParseError(message: error.message) }
    }
}
