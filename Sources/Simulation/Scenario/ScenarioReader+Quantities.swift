import Yams

/// A kind of quantity a scenario field holds, with how it is written.
enum Quantity {
    /// Seconds: `250us`, `10ms`, `1.5s`, `2m`, or a plain number of seconds.
    case duration
    /// Bytes: `512B`, `4KiB`, `1MiB`, or a plain number of bytes.
    case size
    /// Per second: `10k/s`, `500/s`, or a plain number.
    case rate
    /// A fraction: `0.5%` or `0.005`.
    case fraction
    /// A count: `300`, `10k`, `1M`.
    case count
    /// A plain number.
    case number

    /// What the field expects, for "expected X, got Y" messages.
    var expectation: String {
        switch self {
        case .duration: "a duration like 10ms"
        case .size: "a size like 4KiB"
        case .rate: "a rate like 10k/s"
        case .fraction: "a fraction like 0.5%"
        case .count: "a number like 300 or 10k"
        case .number: "a number"
        }
    }

    /// A value to show in "add e.g." hints.
    var example: String {
        switch self {
        case .duration: "10ms"
        case .size: "4KiB"
        case .rate: "10k/s"
        case .fraction: "0.5%"
        case .count: "300"
        case .number: "1"
        }
    }

    func parse(_ text: String) throws(QuantityError) -> Double {
        switch self {
        case .duration: return try QuantityParser.duration(text)
        case .size: return try QuantityParser.size(text)
        case .rate: return try QuantityParser.rate(text)
        case .fraction: return try QuantityParser.fraction(text)
        case .count: return try QuantityParser.count(text)
        case .number:
            guard let value = QuantityParser.plainNumber(text) else {
                throw QuantityError(message: "'\(text)' is not a number")
            }
            return value
        }
    }
}

/// The finite range a quantity must fall in, with how its ends are written in messages.
struct Bound {
    /// The lowest value admitted (or the value every admitted one must exceed, when `lowerIncluded` is false).
    let lower: Double
    /// Whether `lower` itself is admitted.
    let lowerIncluded: Bool
    /// The highest value admitted.
    let upper: Double
    /// `lower` as a user writes it (`0`, `1ms`).
    let lowerText: String
    /// `upper` as a user writes it (`24h`, `1G/s`).
    let upperText: String

    /// More than 0 and at most `upper` (written `upperText`).
    static func positive(upTo upper: Double, _ upperText: String) -> Bound {
        Bound(lower: 0, lowerIncluded: false, upper: upper, lowerText: "0", upperText: upperText)
    }

    /// 0 to `upper` (written `upperText`).
    static func nonNegative(upTo upper: Double, _ upperText: String) -> Bound {
        Bound(lower: 0, lowerIncluded: true, upper: upper, lowerText: "0", upperText: upperText)
    }

    /// `lower` to `upper`, both included.
    static func from(_ lower: Double, _ lowerText: String, to upper: Double, _ upperText: String) -> Bound {
        Bound(lower: lower, lowerIncluded: true, upper: upper, lowerText: lowerText, upperText: upperText)
    }

    /// 0…1 inclusive.
    static let unitInterval = Bound(lower: 0, lowerIncluded: true, upper: 1, lowerText: "0", upperText: "1 (100%)")
    /// A span inside an arrival shape (burst `period`, `length`, ramp `over`): more than 0, at most 7 days.
    static let arrivalSpan = Bound.positive(upTo: ScenarioLimits.runSeconds, "168h (7 days)")
    /// A run's `duration:` (1 ms, the shortest stats interval, to 7 days).
    static let runDuration = Bound.from(
        ScenarioLimits.minimumRunSeconds, "1ms", to: ScenarioLimits.runSeconds, "168h (7 days)")
    /// A duration inside a distribution: latencies, session lengths (at most 1 day).
    static let distributionDuration = Bound.nonNegative(upTo: ScenarioLimits.distributionSeconds, "720h")
    /// A size inside a distribution (at most 2 GiB).
    static let bytes = Bound.nonNegative(upTo: ScenarioLimits.bytes, "2GiB")
    /// A token count inside a distribution (at most 10M).
    static let tokens = Bound.nonNegative(upTo: ScenarioLimits.tokens, "10M")
    /// A rate that may be 0 (at most 1G/s).
    static let rate = Bound.nonNegative(upTo: ScenarioLimits.ratePerSecond, "1G/s")
    /// A rate that must be above 0 (0.001/s to 1G/s).
    static let positiveRate = Bound.from(
        ScenarioLimits.minimumPositiveRatePerSecond, "0.001/s", to: ScenarioLimits.ratePerSecond, "1G/s")
    /// A Pareto shape (0.1 to 1000).
    static let alpha = Bound.from(ScenarioLimits.minimumAlpha, "0.1", to: ScenarioLimits.maximumAlpha, "1000")
    /// A `stats.interval` (1 ms to 1 day).
    static let interval = Bound.from(
        ScenarioLimits.minimumIntervalSeconds, "1ms", to: ScenarioLimits.maximumIntervalSeconds, "24h")
    /// A churn or subscription rate (0 to 1M/s).
    static let controlRate = Bound.nonNegative(upTo: ScenarioLimits.controlRatePerSecond, "1M/s")
    /// A server-event rate (0.001/s to 100M/s).
    static let serverEventRate = Bound.from(
        ScenarioLimits.minimumPositiveRatePerSecond, "0.001/s", to: ScenarioLimits.serverEventsPerSecond, "100M/s")
    /// A relative weight (0 to 10⁹).
    static let weight = Bound.nonNegative(upTo: ScenarioLimits.weight, "1e9")

    /// The bound of a distribution's values of `quantity`, with the lower end raised to "more than 0" when
    /// `positive`.
    static func distribution(of quantity: Quantity, positive: Bool = false) -> Bound {
        let bound: Bound
        switch quantity {
        case .duration: bound = .distributionDuration
        case .size: bound = .bytes
        case .count: bound = .tokens
        default: bound = .weight
        }
        return positive ? Bound.positive(upTo: bound.upper, bound.upperText) : bound
    }

    func admits(_ value: Double) -> Bool {
        (lowerIncluded ? value >= lower : value > lower) && value <= upper
    }

    /// What the bound requires, for "…, got X" messages.
    var requirement: String {
        if !lowerIncluded, lower == 0 { return "must be positive and at most \(upperText)" }
        if lower == 0, upperText == "1 (100%)" { return "must be between 0 and 1 (0% and 100%)" }
        return lowerIncluded
            ? "must be from \(lowerText) to \(upperText)" : "must be more than \(lowerText) and at most \(upperText)"
    }
}

extension ScenarioReader {
    /// The quantity at `node`, parsed and checked against `bound`; `nil` (reported) when unusable.
    func quantity(_ node: Node, _ path: String, _ kind: Quantity, _ bound: Bound) -> Double? {
        guard let text = scalarText(node, path, expecting: kind.expectation) else { return nil }
        let value: Double
        do {
            value = try kind.parse(text)
        } catch {
            report(node, path, error.message)
            return nil
        }
        guard bound.admits(value) else {
            report(node, path, "\(bound.requirement), got \(text)")
            return nil
        }
        return value
    }

    /// An optional quantity field: `fallback` when absent, `nil` (reported) when present but unusable.
    func quantity(_ fields: Fields, _ key: String, _ kind: Quantity, _ bound: Bound, default fallback: Double)
        -> Double?
    {
        guard let node = fields[key] else { return fallback }
        return quantity(node, fields.path.child(key), kind, bound)
    }

    /// A whole number in `range` (`10k` style suffixes allowed); `nil` (reported) otherwise.
    func integer(_ node: Node, _ path: String, in range: ClosedRange<Int>) -> Int? {
        guard let text = scalarText(node, path, expecting: "a whole number") else { return nil }
        guard let value = try? QuantityParser.count(text), value == value.rounded(), value.magnitude < 9e18 else {
            report(node, path, "expected a whole number, got '\(text)'")
            return nil
        }
        guard value >= Double(range.lowerBound), value <= Double(range.upperBound) else {
            let upper = range.upperBound == Int.max ? "" : " and at most \(range.upperBound)"
            report(node, path, "must be at least \(range.lowerBound)\(upper), got \(text)")
            return nil
        }
        return Int(value)  // whole and below 9e18 in magnitude: in Int's range
    }

    /// A non-empty string; `nil` (reported) otherwise.
    func string(_ node: Node, _ path: String, expecting what: String = "a name") -> String? {
        guard let text = scalarText(node, path, expecting: what) else { return nil }
        guard !text.allSatisfy(\.isWhitespace) else {
            report(node, path, text.isEmpty ? "must not be empty" : "must not be blank (only spaces)")
            return nil
        }
        return text
    }

    /// A 64-bit unsigned seed; `nil` (reported) otherwise.
    func seed(_ node: Node, _ path: String) -> UInt64? {
        guard let text = scalarText(node, path, expecting: "a whole number") else { return nil }
        guard let value = UInt64(text.trimmingSpaces) else {
            report(node, path, "expected a whole number from 0 to \(UInt64.max), got '\(text)'")
            return nil
        }
        return value
    }

    /// Weights of named parts (`{graceful: 0.8, error: 0.2}`): each not negative, summing to more than 0.
    /// Omitted names weigh 0. Returns `nil` (reported) when unusable.
    func weights(_ node: Node, _ path: String, names: [String]) -> [String: Double]? {
        guard let fields = fields(node, path, known: names, expecting: "a mapping of weights") else { return nil }
        var weights: [String: Double] = [:]
        var valid = true
        for name in names {
            guard let weightNode = fields[name] else { continue }
            if let weight = quantity(weightNode, path.child(name), .number, .weight) {
                weights[name] = weight
            } else {
                valid = false
            }
        }
        guard valid else { return nil }
        guard weights.values.reduce(0, +) > 0 else {
            report(
                node, path,
                "weights must sum to more than 0; "
                    + "give at least one of \(names.joined(separator: ", ")) a positive weight"
            )
            return nil
        }
        return weights
    }
}
