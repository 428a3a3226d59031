/// Why a threshold's text cannot be read; the message says what to write instead.
public struct ThresholdSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong and what to do.
    public let message: String

    /// The message.
    public var description: String { message }
}

extension Threshold {
    /// Parses `METRIC OP VALUE`, e.g. `overhead.p999 < 1us`, `accuracy.p99 <= 0.55%`, `ring.torn == 0`.
    ///
    /// The value's unit must suit the metric: a duration for overhead latencies, a percentage for accuracy
    /// errors, a plain number for counts and ratios.
    public init(parsing text: String) throws(ThresholdSyntaxError) {
        let syntax = "write METRIC OP VALUE, e.g. 'overhead.p999 < 1us' or 'accuracy.p99 <= 0.55%'"
        guard let operatorStart = text.firstIndex(where: { "<>=!".contains($0) }) else {
            throw ThresholdSyntaxError(message: "no comparison operator in '\(text)'; \(syntax)")
        }
        let metricText = String(text[..<operatorStart]).trimmingSpaces
        let rest = text[operatorStart...]
        guard
            let comparator = ThresholdComparator.allCases.sorted(by: { $0.rawValue.count > $1.rawValue.count })
                .first(where: { rest.hasPrefix($0.rawValue) })
        else {
            throw ThresholdSyntaxError(message: "unknown comparison operator in '\(text)'; use <, <=, >, >= or ==")
        }
        let valueText = String(rest.dropFirst(comparator.rawValue.count)).trimmingSpaces
        guard !metricText.isEmpty, !valueText.isEmpty else {
            throw ThresholdSyntaxError(message: "incomplete threshold '\(text)'; \(syntax)")
        }
        guard let metric = ThresholdMetric(path: metricText) else {
            let known = ThresholdMetric.allPaths
            let hint = closestName(to: metricText, in: known).map { "did you mean '\($0)'? " } ?? ""
            throw ThresholdSyntaxError(
                message:
                    "unknown threshold metric '\(metricText)'; \(hint)known metrics: \(known.joined(separator: ", "))"
            )
        }
        self.init(metric: metric, comparator: comparator, value: try Self.value(valueText, for: metric))
    }

    private static func value(_ text: String, for metric: ThresholdMetric) throws(ThresholdSyntaxError)
        -> ThresholdValue
    {
        let (number, unit) = QuantityParser.split(text)
        guard let magnitude = QuantityParser.plainNumber(number) else {
            throw ThresholdSyntaxError(message: "'\(text)' is not a number with an optional unit (e.g. 1us, 0.55%, 0)")
        }
        switch metric.unit {
        case .duration:
            guard !unit.isEmpty, unit != "%", QuantityParser.isDurationUnit(unit),
                let seconds = try? QuantityParser.duration(text)
            else {
                throw ThresholdSyntaxError(
                    message:
                        "\(metric.path) is a duration; "
                        + "write the limit with a unit: ns, us, ms or s (e.g. 1us), got '\(text)'"
                )
            }
            return .seconds(seconds)
        case .percentage:
            guard unit == "%" else {
                throw ThresholdSyntaxError(
                    message:
                        "\(metric.path) is a relative error; "
                        + "write the limit as a percentage (e.g. 0.55%), got '\(text)'"
                )
            }
            return .fraction((try? QuantityParser.fraction(text)) ?? magnitude / 100)
        case .number:
            guard unit.isEmpty else {
                throw ThresholdSyntaxError(
                    message: "\(metric.path) is a plain number; write the limit without a unit, got '\(text)'")
            }
            return .number(magnitude)
        }
    }
}
