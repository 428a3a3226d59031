import Foundation
import Yams

extension ScenarioReader {
    private static let distributionKinds = [
        "constant", "uniform", "exponential", "lognormal", "pareto", "bimodal", "empirical",
    ]
    private static let arrivalKinds = ["constant", "poisson", "burst", "ramp"]

    /// A distribution of `quantity` values: `{lognormal: {median: 10ms, sigma: 1}}`, `{pareto: {min: 1ms,
    /// alpha: 1.5}}`, `{constant: 42ms}`, `{uniform: {min:, max:}}`, `{exponential: {mean:}}`,
    /// `{bimodal: {first:, second:, weight:}}`, `{empirical: file.txt}`; a bare scalar means `constant`.
    func distribution(_ node: Node, _ path: String, of quantity: Quantity) -> DistributionSpec? {
        if node.scalar != nil, node.null == nil {
            return self.quantity(node, path, quantity, .nonNegative).map { .constant(value: $0) }
        }
        guard let (kind, body, kindPath) = singleKey(node, path, kinds: Self.distributionKinds, what: "a distribution")
        else { return nil }
        switch kind {
        case "constant":
            return self.quantity(body, kindPath, quantity, .nonNegative).map { .constant(value: $0) }
        case "uniform":
            guard let fields = parameters(body, kindPath, ["min", "max"]),
                let minimum = requiredQuantity(fields, "min", quantity, .nonNegative),
                let maximum = requiredQuantity(fields, "max", quantity, .nonNegative)
            else { return nil }
            guard maximum > minimum else {
                report(
                    fields["max"], kindPath.child("max"),
                    "must be greater than min, got \(fields["max"]?.scalar?.string ?? "")")
                return nil
            }
            return .uniform(minimum: minimum, maximum: maximum)
        case "exponential":
            guard let fields = parameters(body, kindPath, ["mean"]),
                let mean = requiredQuantity(fields, "mean", quantity, .positive)
            else { return nil }
            return .exponential(mean: mean)
        case "lognormal":
            guard let fields = parameters(body, kindPath, ["median", "sigma"]) else { return nil }
            let median = requiredQuantity(fields, "median", quantity, .positive)
            let sigma = requiredQuantity(fields, "sigma", .number, .positive)
            guard let median, let sigma else { return nil }
            return .lognormal(median: median, sigma: sigma)
        case "pareto":
            guard let fields = parameters(body, kindPath, ["min", "alpha"]) else { return nil }
            let minimum = requiredQuantity(fields, "min", quantity, .positive)
            let alpha = requiredQuantity(fields, "alpha", .number, .positive)
            guard let minimum, let alpha else { return nil }
            return .pareto(minimum: minimum, alpha: alpha)
        case "bimodal":
            guard let fields = parameters(body, kindPath, ["first", "second", "weight"]) else { return nil }
            let first = required(fields, "first", example: "{constant: 1ms}").flatMap {
                distribution($0, kindPath.child("first"), of: quantity)
            }
            let second = required(fields, "second", example: "{constant: 50ms}").flatMap {
                distribution($0, kindPath.child("second"), of: quantity)
            }
            let weight = requiredQuantity(fields, "weight", .fraction, .unitInterval)
            guard let first, let second, let weight else { return nil }
            return .bimodal(first: first, second: second, firstWeight: weight)
        default:
            return empirical(body, kindPath)
        }
    }

    /// An arrival process: `{poisson: 100k/s}`, `{constant: 10k/s}`,
    /// `{burst: {rate:, burst-rate:, period:, length:}}` or `{ramp: {from:, to:, over:}}`.
    func arrival(_ node: Node, _ path: String) -> ArrivalSpec? {
        guard let (kind, body, kindPath) = singleKey(node, path, kinds: Self.arrivalKinds, what: "an arrival process")
        else { return nil }
        switch kind {
        case "constant":
            return quantity(body, kindPath, .rate, .positive).map { .constant(ratePerSecond: $0) }
        case "poisson":
            return quantity(body, kindPath, .rate, .positive).map { .poisson(ratePerSecond: $0) }
        case "burst":
            guard let fields = parameters(body, kindPath, ["rate", "burst-rate", "period", "length"]) else {
                return nil
            }
            let rate = requiredQuantity(fields, "rate", .rate, .nonNegative)
            let burstRate = requiredQuantity(fields, "burst-rate", .rate, .positive)
            let period = requiredQuantity(fields, "period", .duration, .positive)
            let length = requiredQuantity(fields, "length", .duration, .positive)
            guard let rate, let burstRate, let period, let length else { return nil }
            guard length <= period else {
                let text = fields["length"]?.scalar?.string ?? ""
                let periodText = fields["period"]?.scalar?.string ?? ""
                report(
                    fields["length"], kindPath.child("length"), "must not exceed period (\(periodText)), got \(text)")
                return nil
            }
            return .burst(
                ratePerSecond: rate, burstRatePerSecond: burstRate, periodSeconds: period, burstSeconds: length)
        default:
            guard let fields = parameters(body, kindPath, ["from", "to", "over"]) else { return nil }
            let from = requiredQuantity(fields, "from", .rate, .nonNegative)
            let to = requiredQuantity(fields, "to", .rate, .nonNegative)
            let over = requiredQuantity(fields, "over", .duration, .positive)
            guard let from, let to, let over else { return nil }
            guard max(from, to) > 0 else {
                report(fields["to"], kindPath.child("to"), "a ramp from 0 to 0 generates nothing; make 'to' positive")
                return nil
            }
            return .ramp(fromPerSecond: from, toPerSecond: to, overSeconds: over)
        }
    }

    /// A mapping with exactly one key naming a kind, e.g. `{lognormal: …}`: the kind, its body and the path its
    /// parameters hang from (the kind is left out of paths: `latency.median`, not `latency.lognormal.median`).
    private func singleKey(_ node: Node, _ path: String, kinds: [String], what: String) -> (String, Node, String)? {
        let example = "write one of \(kinds.joined(separator: ", ")) as the only key, e.g. {\(kinds[0]): …}"
        guard let fields = fields(node, path, known: kinds, expecting: "\(what) (\(example))"),
            let count = node.mapping?.count
        else { return nil }
        guard count == 1 else {
            report(node, path, "expected exactly one kind of \(what), got \(count) keys; \(example)")
            return nil
        }
        guard let (kind, entry) = fields.entries.first else { return nil }
        return (kind, entry.value, path)
    }

    private func parameters(_ node: Node, _ path: String, _ keys: [String]) -> Fields? {
        fields(node, path, known: keys, expecting: "a mapping with \(keys.joined(separator: ", "))")
    }

    private func requiredQuantity(_ fields: Fields, _ key: String, _ kind: Quantity, _ bound: Bound) -> Double? {
        guard let node = required(fields, key, example: kind.example)
        else { return nil }
        return quantity(node, fields.path.child(key), kind, bound)
    }

    private func empirical(_ node: Node, _ path: String) -> DistributionSpec? {
        guard let relative = string(node, path, expecting: "a file path") else { return nil }
        let url = URL(fileURLWithPath: relative, relativeTo: URL(fileURLWithPath: baseDirectory, isDirectory: true))
        let resolved = url.standardizedFileURL.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: resolved, isDirectory: &isDirectory), !isDirectory.boolValue else {
            report(
                node, path,
                "sample file '\(relative)' not found (looked for \(resolved)); paths are relative to the scenario file")
            return nil
        }
        return .empirical(path: resolved)
    }
}
