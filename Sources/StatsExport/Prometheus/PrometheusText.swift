/// The lexical rules of the Prometheus text format 0.0.4: names, label values, help text and numbers.
public enum PrometheusText {
    /// `name` made valid as a metric name (`[a-zA-Z_:][a-zA-Z0-9_:]*`): every other character becomes `_`,
    /// and a leading digit gets a `_` before it.
    ///
    /// ```swift
    /// PrometheusText.metricName("http.requests-total")  // "http_requests_total"
    /// ```
    public static func metricName(_ name: String) -> String {
        sanitize(name, allowColon: true)
    }

    /// `name` made valid as a label name (`[a-zA-Z_][a-zA-Z0-9_]*`, not starting with the reserved `__`).
    public static func labelName(_ name: String) -> String {
        let clean = sanitize(name, allowColon: false)
        return clean.hasPrefix("__") ? "x" + clean : clean
    }

    /// A label value escaped for use between double quotes: `\` → `\\`, `"` → `\"`, newline → `\n`.
    public static func escapeLabelValue(_ value: String) -> String {
        var result = ""
        result.reserveCapacity(value.utf8.count)
        for character in value.unicodeScalars {
            switch character {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            case "\n": result += "\\n"
            default: result.unicodeScalars.append(character)
            }
        }
        return result
    }

    /// Help text escaped: `\` → `\\`, newline → `\n`.
    public static func escapeHelp(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            default: result.unicodeScalars.append(character)
            }
        }
        return result
    }

    /// A sample value: integers without a fraction (`10`), others in Swift's shortest round-trip form
    /// (`0.001`, `1e-06`), and `+Inf`, `-Inf`, `NaN`.
    public static func number(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Inf" : "+Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return value.description
    }

    private static func sanitize(_ name: String, allowColon: Bool) -> String {
        guard !name.isEmpty else { return "_" }
        var result = ""
        result.reserveCapacity(name.utf8.count + 1)
        for (position, byte) in name.utf8.enumerated() {
            let isLetter =
                (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) || byte == UInt8(ascii: "_")
                || (allowColon && byte == UInt8(ascii: ":"))
            let isDigit = byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
            if position == 0 && isDigit { result += "_" }
            result.unicodeScalars.append(isLetter || isDigit ? Unicode.Scalar(byte) : "_")
        }
        return result
    }
}
