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

    /// Decodes a `T` from `data` with ``decoder()``; a refusal names the field at fault.
    ///
    /// Foundation's decoder reports a number that does not fit its field (`-5` for a count, `1.5` or `1e20` for a
    /// whole number) as invalid JSON with no path; this function then finds the field (``JSONFieldLocator``)
    /// and throws a `DecodingError` whose coding path is that field's.
    ///
    /// - Throws: `DecodingError`: as `JSONDecoder` throws it, or located as above.
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        do {
            return try decoder().decode(type, from: data)
        } catch DecodingError.dataCorrupted(let context) where context.codingPath.isEmpty {
            throw JSONFieldLocator.locate(type, in: data) ?? DecodingError.dataCorrupted(context)
        }
    }

    /// A decoding error in words, with the path of the field at fault: `missing field 'ledger.models[0].calls'`,
    /// `ledger.models[0].calls: -5 is not a whole number from 0 to 18446744073709551615`, `the top level: …`.
    public static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func path(_ codingPath: [any CodingKey]) -> String {
            var text = ""
            for key in codingPath {
                if let index = key.intValue {
                    text += "[\(index)]"
                } else {
                    text += (text.isEmpty ? "" : ".") + key.stringValue
                }
            }
            return text.isEmpty ? "the top level" : text
        }
        switch error {
        case .keyNotFound(let key, let context): return "missing field '\(path(context.codingPath + [key]))'"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}
