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
    }

    /// Seconds from `250us`, `10ms`, `1.5s`, `2m`, `1h` or a plain number of seconds.
    ///
    /// - Throws: ``ParseError`` when the text is not a duration or is too large to represent.
    public static func seconds(_ text: String) throws(ParseError) -> Double {
        do { return try QuantityParser.duration(text) } catch { throw ParseError(message: error.message) }
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
