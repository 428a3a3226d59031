import Foundation

/// Number formatting shared by the report and the summary.
enum Formatting {
    /// Nanoseconds with a sensible unit: `8.6 ns`, `12.4 µs`, `87 ms`, `4.25 s`, `12.5 min`, `30.0 h`, `12.1 d`.
    static func duration(nanoseconds value: Double) -> String {
        guard value.isFinite else { return "—" }
        let (size, name) = durationUnit(nanoseconds: value)
        let digits = size == 1 && abs(value) < 10 ? 2 : size == 1e9 ? 2 : 1
        return fixed(value / size, digits: digits) + " " + name
    }

    /// The unit every duration the project writes is shown in: the largest of d, h, min, s, ms, µs that
    /// `|nanoseconds|` reaches, else ns. Reports, summaries and chart axes share it (the charts with fewer
    /// digits).
    static func durationUnit(nanoseconds value: Double) -> (nanoseconds: Double, name: String) {
        let magnitude = abs(value)
        for unit in durationUnits where magnitude >= unit.nanoseconds { return unit }
        return (1, "ns")
    }

    private static let durationUnits: [(nanoseconds: Double, name: String)] = [
        (86_400e9, "d"), (3600e9, "h"), (60e9, "min"), (1e9, "s"), (1e6, "ms"), (1e3, "µs"),
    ]

    /// An overhead figure: `52.1 ns ± 4.3 ns`, `below the noise (±184.3 ns)` when its 95 % interval contains 0,
    /// or `unresolved (…: reason)` (``SinkOverhead/unresolvedReason``) — never a negative cost.
    static func overhead(_ sink: SinkOverhead) -> String {
        let width = duration(nanoseconds: sink.confidence95Nanoseconds)
        if let reason = sink.unresolvedReason {
            return "unresolved (\(duration(nanoseconds: sink.meanNanoseconds)) ± \(width): \(reason))"
        }
        return sink.isBelowNoise
            ? "below the noise (±\(width))" : duration(nanoseconds: sink.meanNanoseconds) + " ± " + width
    }

    /// Seconds as a duration.
    static func duration(seconds value: Double?) -> String {
        value.map { duration(nanoseconds: $0 * 1e9) } ?? "—"
    }

    /// A fraction as a percentage: `0.52 %`.
    static func percent(_ fraction: Double?) -> String {
        guard let fraction else { return "—" }
        guard fraction.isFinite else { return "∞" }
        let value = fraction * 100
        if value == 0 { return "0 %" }
        if value < 0.01 { return "<0.01 %" }
        return fixed(value, digits: value < 10 ? 2 : 1) + " %"
    }

    /// A count held as a `Double` (a sweep's values, fitted capacities): rounded, with thousands separators; `—`
    /// when it is not finite, and `≥ 9,000,000,000,000,000,000` beyond what an `Int64` holds (no trap).
    static func count(_ value: Double) -> String {
        guard value.isFinite else { return "—" }
        let limit = 9e18
        if value >= limit { return "≥ " + count(Int64(limit)) }
        if value <= -limit { return "≤ " + count(Int64(-limit)) }
        return count(Int64(value.rounded()))
    }

    /// A count with thousands separators: `5,000,000`.
    static func count<T: BinaryInteger>(_ value: T) -> String {
        let digits = String(value)
        var result = ""
        for (index, character) in digits.reversed().enumerated() {
            if index > 0 && index % 3 == 0 && character != "-" { result.append(",") }
            result.append(character)
        }
        return String(result.reversed())
    }

    /// A rate: `12.3 M/s`.
    static func rate(_ perSecond: Double) -> String {
        if perSecond >= 1e9 { return fixed(perSecond / 1e9, digits: 2) + " G/s" }
        if perSecond >= 1e6 { return fixed(perSecond / 1e6, digits: 2) + " M/s" }
        if perSecond >= 1e3 { return fixed(perSecond / 1e3, digits: 1) + " k/s" }
        return fixed(perSecond, digits: 0) + " /s"
    }

    /// A ratio: `3.5×`.
    static func ratio(_ value: Double?) -> String {
        value.map { fixed($0, digits: $0 < 10 ? 2 : 1) + "×" } ?? "—"
    }

    /// Bytes with a unit.
    static func bytes(_ value: Double?) -> String {
        guard let value else { return "—" }
        if abs(value) < 1024 { return fixed(value, digits: value == value.rounded() ? 0 : 1) + " B" }
        if abs(value) < 1_048_576 { return fixed(value / 1024, digits: 1) + " KiB" }
        return fixed(value / Double(1 << 20), digits: 1) + " MiB"
    }

    /// Micro-units as money: `$12.345678`.
    static func money(_ microUnits: Int64) -> String {
        let sign = microUnits < 0 ? "-" : ""
        let magnitude = microUnits.magnitude
        let fraction = String(magnitude % 1_000_000)
        return "\(sign)$\(magnitude / 1_000_000).\(String(repeating: "0", count: 6 - fraction.count))\(fraction)"
    }

    /// A quantile's label: `p50`, `p99.9`, `max`.
    static func quantile(_ q: Double) -> String {
        if q == 1 { return "max" }
        let percent = q * 100
        return "p" + (percent == percent.rounded() ? String(Int(percent)) : String(format: "%g", percent))
    }

    static func fixed(_ value: Double, digits: Int) -> String {
        String(format: "%.\(digits)f", value)
    }
}
