import Foundation
import Hummingbird
import StatsExport

/// How the endpoints write JSON: keys in kebab-case (`api-calls-total`, `uptime-hours`, `client-id`), sorted,
/// pretty-printed; numbers by the project's rule (``StatsExport/JSONNumbers``): non-finite ones as the strings `"NaN"`,
/// `"+Inf"` and `"-Inf"`, so a recorded NaN never makes a response fail. Optional figures that are unknown are `null`
/// in the endpoints' own response types; inside the embedded raw snapshots (``ServerStats/ServerSnapshot``,
/// ``ServerStats/ClientSnapshot``) an unknown figure is absent.
///
/// Swift property names map to keys word by word: `apiCallsTotal` → `api-calls-total`, `clientID` →
/// `client-id`, `watchedCPUPercent` → `watched-cpu-percent`, `p99Seconds` → `p99-seconds`.
public enum StatsJSON {
    /// The encoder every endpoint uses.
    public static func encoder() -> JSONEncoder {
        let encoder = JSONNumbers.encoder()
        encoder.keyEncodingStrategy = .custom { path in KebabKey(kebabCase(path.last!.stringValue)) }
        return encoder
    }

    /// `name` in kebab-case: a dash before each word; a run of capitals is one word (`clientID` → `client-id`).
    public static func kebabCase(_ name: String) -> String {
        let characters = Array(name)
        var result = ""
        for (index, character) in characters.enumerated() {
            guard character.isUppercase else {
                result.append(character)
                continue
            }
            if index > 0 {
                let previous = characters[index - 1]
                let nextIsLower = index + 1 < characters.count && characters[index + 1].isLowercase
                if previous.isLowercase || previous.isNumber || (previous.isUppercase && nextIsLower) {
                    result.append("-")
                }
            }
            result += character.lowercased()
        }
        return result
    }

    /// A response with `value` as its JSON body.
    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        Response(
            status: status, headers: [.contentType: contentType],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: try body(value))))
    }

    /// The `Content-Type` of every JSON body.
    static var contentType: String { "application/json; charset=utf-8" }

    /// `value` as a response body: its JSON and a final newline.
    ///
    /// - Throws: `EncodingError` when `value`'s `encode(to:)` throws (the endpoints' types never do).
    static func body(_ value: some Encodable) throws -> Data {
        var data = try encoder().encode(value)
        data.append(UInt8(ascii: "\n"))
        return data
    }
}

/// A coding key made by the key strategy.
private struct KebabKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
