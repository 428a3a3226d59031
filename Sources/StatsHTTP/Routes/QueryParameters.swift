import Hummingbird

/// Reading query parameters strictly: a parameter given with an unusable value, or given more than once, is a 400
/// naming it, never a silent default or a silent choice between two values.
enum QueryParameters {
    /// The page of `/health/clients`: `limit` in 1...500 (default 50), `offset` ≥ 0 (default 0).
    static func page(_ request: Request) throws(StatsHTTPError) -> (limit: Int, offset: Int) {
        let limit = try integer("limit", in: request, default: 50, range: 1...500, expected: "an integer from 1 to 500")
        let offset = try integer("offset", in: request, default: 0, range: 0...Int.max, expected: "an integer ≥ 0")
        return (limit, offset)
    }

    /// Throws ``StatsHTTPError/unknownParameter(name:accepted:)`` for the first query parameter of `request` that
    /// is not in `accepted` (`?limit=5` where the endpoint reads `latest`): a misspelt or misplaced parameter would
    /// otherwise be ignored and the answer look like its result. Names are compared as sent (the router does not
    /// decode them), and a refused one is named as sent.
    static func refuseUnknown(in request: Request, accepted: [String]) throws(StatsHTTPError) {
        for (name, _) in request.uri.queryParameters where !accepted.contains(String(name)) {
            throw .unknownParameter(name: String(String(name).prefix(100)), accepted: accepted)
        }
    }

    /// The integer value of `name`, or `fallback` when absent. The value is decimal digits, with a `-` for a
    /// negative one: a `+` is refused, since a form-encoded query sends a space as `+` (`latest=+1` may mean " 1").
    static func integer(
        _ name: String, in request: Request, default fallback: Int, range: ClosedRange<Int>, expected: String
    ) throws(StatsHTTPError) -> Int {
        guard let raw = try single(name, in: request) else { return fallback }
        guard !raw.hasPrefix("+"), let value = Int(raw), range.contains(value) else {
            throw .badParameter(name: name, value: echo(name, raw, in: request), expected: expected)
        }
        return value
    }

    /// The string value of `name`, or `nil` when absent. A value whose percent-encoded bytes are not UTF-8
    /// (`%FF`), or that holds a control character (`%00`), is a 400: no name the server knows contains one. A
    /// U+FFFD sent as such (`%EF%BF%BD`, valid UTF-8) is text like any other.
    static func string(_ name: String, in request: Request) throws(StatsHTTPError) -> String? {
        guard let value = try single(name, in: request) else { return nil }
        let control = value.unicodeScalars.contains { $0.properties.generalCategory == .control }
        if control || (value.unicodeScalars.contains("\u{FFFD}") && sentBytesAreNotUTF8(name, in: request)) {
            throw .badParameter(
                name: name, value: echo(name, value, in: request),
                expected: "UTF-8 text without control characters (percent-encoded)")
        }
        return value
    }

    /// Whether the value of `name` as sent, once its percent escapes are decoded, is not UTF-8 (`%FF`, `%C3%28`).
    /// The router decodes such bytes to U+FFFD, as it decodes a U+FFFD that was sent (`%EF%BF%BD`), so only the
    /// bytes sent tell the two apart. A value with a malformed escape (`%zz`) is taken as sent, as the router does.
    static func sentBytesAreNotUTF8(_ name: String, in request: Request) -> Bool {
        guard let sent = sentValue(name, in: request), let bytes = percentDecoded(sent.utf8) else { return false }
        return String(validating: bytes, as: UTF8.self) == nil
    }

    /// The first value of `name` as the client sent it, still percent-encoded (`nil` when absent, or given
    /// without `=`).
    static func sentValue(_ name: String, in request: Request) -> Substring? {
        for pair in (request.uri.query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            if parts.count == 2, parts[0] == name { return parts[1] }
        }
        return nil
    }

    /// The bytes of `encoded` with each `%XX` escape decoded; `nil` when an escape is malformed.
    static func percentDecoded(_ encoded: Substring.UTF8View) -> [UInt8]? {
        func hexDigit(_ byte: UInt8) -> UInt8? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        var bytes: [UInt8] = []
        var iterator = encoded.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexDigit), let low = iterator.next().flatMap(hexDigit) else {
                return nil
            }
            bytes.append(high << 4 | low)
        }
        return bytes
    }

    /// Whether `scalar` cannot be shown: U+FFFD (what an invalid percent-encoded byte decodes to) or a control
    /// character.
    static func unprintable(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\u{FFFD}" || scalar.properties.generalCategory == .control
    }

    /// Whether `scalar` is not echoed into a message as it is: ``unprintable(_:)``, or a format character such as
    /// a right-to-left override, which would reorder the message around it.
    static func hidden(_ scalar: Unicode.Scalar) -> Bool {
        unprintable(scalar) || scalar.properties.generalCategory == .format
    }

    /// The value to show in an error: as the client sent it (still percent-encoded) when the decoded text is not
    /// printable (an invalid byte decodes to U+FFFD, which would hide what was sent), else the decoded text; at
    /// most 100 characters.
    static func echo(_ name: String, _ decoded: String, in request: Request) -> String {
        guard decoded.unicodeScalars.contains(where: hidden) else { return String(decoded.prefix(100)) }
        return sentValue(name, in: request).map { String($0.prefix(100)) } ?? shown(decoded)
    }

    /// `text` as an error message may hold it: each ``hidden(_:)`` scalar replaced by `?`, at most 100 characters.
    /// For values that are not in the query as sent (a repeated parameter, a path segment).
    static func shown(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: text.unicodeScalars.map { hidden($0) ? "?" : $0 })
        return String(String(scalars).prefix(100))
    }

    /// The one value of `name`, or `nil` when absent; a 400 when it is given more than once (`?limit=1&limit=999`).
    private static func single(_ name: String, in request: Request) throws(StatsHTTPError) -> String? {
        let values = request.uri.queryParameters.getAll(name)
        guard values.count <= 1 else {
            throw .badParameter(
                name: name, value: shown(values.joined(separator: ", ")),
                expected: "one value (it was given \(values.count) times)")
        }
        return values.first
    }
}
