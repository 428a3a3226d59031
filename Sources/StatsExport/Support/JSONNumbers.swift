import Foundation

/// The one rule for numbers in every JSON document the project writes — `result.json`, stats files, the state
/// file and the HTTP endpoints' bodies — and the coders that follow it.
///
/// - A finite number is a JSON number.
/// - A number that is not finite is the string `"+Inf"`, `"-Inf"` or `"NaN"`: the spelling of Prometheus's
///   exposition formats and HTTP API. Writing never fails because of a non-finite value (a recorded NaN, an
///   infinite ratio), and reading with ``decoder()`` gives the same value back.
/// - A figure that is missing (not measured, no data, a lost estimate) is `null`; where a reader needs to know
///   why, the document carries the reason beside it (e.g. `result.json`'s `accuracy.rows[].missing`).
///
/// ```swift
/// let data = try JSONNumbers.encoder().encode([1.5, .infinity, .nan])   // [1.5,"+Inf","NaN"]
/// let back = try JSONNumbers.decoder().decode([Double].self, from: data)  // [1.5, inf, nan]
/// ```
public enum JSONNumbers {
    /// The string written for `+infinity`.
    public static let positiveInfinity = "+Inf"
    /// The string written for `-infinity`.
    public static let negativeInfinity = "-Inf"
    /// The string written for NaN.
    public static let notANumber = "NaN"

    /// An encoder that follows the rule; keys sorted and pretty-printed unless `formatting` says otherwise.
    public static func encoder(
        formatting: JSONEncoder.OutputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    ) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = formatting
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: positiveInfinity, negativeInfinity: negativeInfinity, nan: notANumber)
        return encoder
    }

    /// A decoder that reads what ``encoder(formatting:)`` writes (the three strings back to non-finite values).
    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: positiveInfinity, negativeInfinity: negativeInfinity, nan: notANumber)
        return decoder
    }
}
