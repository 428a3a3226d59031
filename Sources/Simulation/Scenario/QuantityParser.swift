/// Why a scalar could not be read as a quantity; the message says what to write instead.
struct QuantityError: Error {
    let message: String
}

/// Reads the human-friendly quantities of scenario files: `250us`, `4KiB`, `10k/s`, `0.5%`, `1M`.
///
/// Decimal units shift the decimal text (`250us` is read as `250e-6`), so a value equals the decimal literal
/// it spells: `0.55%` is exactly `0.0055`.
enum QuantityParser {
    /// Each unit as a power of ten (exact decimal scaling) or a plain factor.
    private static let durationUnits: [String: Scale] = [
        "": .power(0), "ns": .power(-9), "us": .power(-6), "µs": .power(-6), "ms": .power(-3), "s": .power(0),
        "m": .factor(60), "min": .factor(60), "h": .factor(3600), "d": .factor(86_400),
    ]
    private static let sizeUnits: [String: Double] = [
        "": 1, "B": 1, "KB": 1e3, "KiB": 1024, "MB": 1e6, "MiB": 1_048_576, "GB": 1e9, "GiB": 1_073_741_824,
    ]
    private static let multipliers: [String: Scale] = ["": .power(0), "k": .power(3), "M": .power(6), "G": .power(9)]

    /// How a unit scales the number written before it.
    enum Scale {
        /// Times 10^n, applied to the decimal text so that `0.55%` is exactly the literal `0.0055`.
        case power(Int)
        /// Times a factor that is not a power of ten.
        case factor(Double)

        func apply(to number: String) -> Double? {
            switch self {
            case .factor(let factor): return plainNumber(number).map { $0 * factor }
            case .power(let exponent):
                guard exponent != 0, !number.contains(where: { $0 == "e" || $0 == "E" }) else {
                    return plainNumber(number).map { $0 * pow10(exponent) }
                }
                return plainNumber(number + "e\(exponent)")
            }
        }

        private func pow10(_ exponent: Int) -> Double {
            var result = 1.0
            for _ in 0..<abs(exponent) { result *= 10 }
            return exponent < 0 ? 1 / result : result
        }
    }

    /// Splits `"1.5ms"` into `("1.5", "ms")`: the unit is the trailing run of non-digit characters.
    static func split(_ text: String) -> (number: String, unit: String) {
        let trimmed = text.trimmingSpaces
        var unitStart = trimmed.endIndex
        while unitStart > trimmed.startIndex {
            let before = trimmed.index(before: unitStart)
            let character = trimmed[before]
            if character.isNumber || character == "." { break }
            unitStart = before
        }
        return (String(trimmed[..<unitStart]).trimmingSpaces, String(trimmed[unitStart...]).trimmingSpaces)
    }

    /// A finite number in decimal notation (`42`, `-1.5`, `.5`, `1e-3`), or `nil`. Every quantity reads its
    /// number here, so each field takes the same spellings: hexadecimal (`0x10`, which `Double` would read as
    /// 16), `inf`, `nan` and digit separators are refused everywhere, as a seed refuses them.
    static func plainNumber(_ text: String) -> Double? {
        let trimmed = text.trimmingSpaces
        guard isDecimal(trimmed), let value = Double(trimmed), value.isFinite else { return nil }
        return value
    }

    /// Whether `text` is `[+-] digits [. digits] [(e|E) [+-] digits]`, with at least one digit before the
    /// exponent (`2.` and `.5` are numbers, `.` and `e3` are not).
    static func isDecimal(_ text: String) -> Bool {
        var bytes = text.utf8[...]
        func skipSign() {
            if bytes.first == UInt8(ascii: "+") || bytes.first == UInt8(ascii: "-") { bytes.removeFirst() }
        }
        func digits() -> Int {
            let before = bytes.count
            bytes = bytes.drop { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
            return before - bytes.count
        }
        skipSign()
        var mantissa = digits()
        if bytes.first == UInt8(ascii: ".") {
            bytes.removeFirst()
            mantissa += digits()
        }
        guard mantissa > 0 else { return false }
        if bytes.first == UInt8(ascii: "e") || bytes.first == UInt8(ascii: "E") {
            bytes.removeFirst()
            skipSign()
            guard digits() > 0 else { return false }
        }
        return bytes.isEmpty
    }

    /// Whether `unit` is a duration unit (`ns`, `us`, `µs`, `ms`, `s`, `m`, `min`, `h`, `d`, or none).
    static func isDurationUnit(_ unit: String) -> Bool { durationUnits[unit] != nil }

    /// Seconds from `250us`, `10ms`, `1.5s`, `2m`, `1h`, `1d` or a plain number of seconds: the project's one
    /// duration rule (scenario files, alert files, thresholds and, through ``Quantities/duration(_:)``, the
    /// command line). Refuses an empty text, a text that is not a number (`NaN`, `inf`, `fast`), an unknown
    /// unit and a value too large to represent; the sign is the caller's to judge (a scenario field says
    /// "must be positive, got -3ms" with its location).
    static func duration(_ text: String) throws(QuantityError) -> Double {
        let (number, unit) = split(text)
        guard plainNumber(number) != nil else {
            throw QuantityError(message: "'\(text)' is not a duration; write e.g. 250us, 10ms, 1.5s or 2m")
        }
        guard let scale = durationUnits[unit], let value = scale.apply(to: number) else {
            throw QuantityError(
                message:
                    "unknown duration unit '\(unit)' in '\(text)'; "
                    + "use ns, us, ms, s, m, h or d (a plain number is seconds)"
            )
        }
        return try finite(value, text)
    }

    /// Bytes from `512B`, `4KiB`, `1MiB`, `2GB` or a plain number of bytes.
    static func size(_ text: String) throws(QuantityError) -> Double {
        let (number, unit) = split(text)
        guard let value = plainNumber(number) else {
            throw QuantityError(message: "'\(text)' is not a size; write e.g. 512B, 4KiB or 1MiB")
        }
        guard let factor = sizeUnits[unit] else {
            throw QuantityError(
                message: "unknown size unit '\(unit)' in '\(text)'; use B, KB, KiB, MB, MiB, GB or GiB")
        }
        return try finite(value * factor, text)
    }

    /// Events per second from `10k/s`, `250/s`, `1M/s`, `10k` or a plain number.
    static func rate(_ text: String) throws(QuantityError) -> Double {
        var (number, unit) = split(text)
        if unit.hasSuffix("/s") { unit.removeLast(2) }
        guard plainNumber(number) != nil else {
            throw QuantityError(message: "'\(text)' is not a rate; write e.g. 500/s, 10k/s or 1M/s")
        }
        guard let value = multipliers[unit]?.apply(to: number) else {
            throw QuantityError(message: "unknown rate unit in '\(text)'; write e.g. 500/s, 10k/s or 1M/s")
        }
        return try finite(value, text)
    }

    /// A count from `42`, `10k`, `1M` or `1G` (may be fractional, e.g. a median token count).
    static func count(_ text: String) throws(QuantityError) -> Double {
        let (number, unit) = split(text)
        guard let value = multipliers[unit]?.apply(to: number) else {
            throw QuantityError(message: "'\(text)' is not a number; write e.g. 300, 10k or 1M")
        }
        return try finite(value, text)
    }

    /// A fraction from `0.5%` (0.005) or a plain number (`0.005`).
    static func fraction(_ text: String) throws(QuantityError) -> Double {
        let (number, unit) = split(text)
        guard unit == "" || unit == "%", let value = Scale.power(unit == "%" ? -2 : 0).apply(to: number) else {
            throw QuantityError(message: "'\(text)' is not a fraction; write e.g. 0.5% or 0.005")
        }
        return try finite(value, text)
    }

    /// `value` when it is finite; a unit that scales a huge number past the largest `Double` (`1e308h`) is
    /// refused instead of becoming infinity.
    static func finite(_ value: Double, _ text: String) throws(QuantityError) -> Double {
        guard value.isFinite else {
            throw QuantityError(message: "'\(text)' is too large to represent; write a smaller number")
        }
        return value
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\t" { slice.removeFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice.removeLast() }
        return String(slice)
    }
}
