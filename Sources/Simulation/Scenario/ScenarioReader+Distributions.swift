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
    /// A constant distribution of `quantity`. A count is drawn as a whole number (a draw of another distribution
    /// is rounded), so a constant count with a fraction (`input-tokens: 0.5`) is refused rather than rounded in
    /// silence. (A size with a fraction of a byte, such as `1.1KiB`, is rounded: its unit makes it one.)
    private func constant(_ node: Node, _ path: String, of quantity: Quantity) -> DistributionSpec? {
        guard let value = self.quantity(node, path, quantity, .distribution(of: quantity)) else { return nil }
        if quantity == .count, value != value.rounded(.down) {
            report(node, path, "a constant count is a whole number, got \(node.scalar?.string ?? String(value))")
            return nil
        }
        return .constant(value: value)
    }

    func distribution(_ node: Node, _ path: String, of quantity: Quantity) -> DistributionSpec? {
        if node.scalar != nil, node.null == nil {
            return constant(node, path, of: quantity)
        }
        guard let (kind, body, kindPath) = singleKey(node, path, kinds: Self.distributionKinds, what: "a distribution")
        else { return nil }
        switch kind {
        case "constant":
            return constant(body, kindPath, of: quantity)
        case "uniform":
            guard let fields = parameters(body, kindPath, ["min", "max"]),
                let minimum = requiredQuantity(fields, "min", quantity, .distribution(of: quantity)),
                let maximum = requiredQuantity(fields, "max", quantity, .distribution(of: quantity))
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
                let mean = requiredQuantity(fields, "mean", quantity, .distribution(of: quantity, positive: true))
            else { return nil }
            return .exponential(mean: mean)
        case "lognormal":
            guard let fields = parameters(body, kindPath, ["median", "sigma"]) else { return nil }
            let median = requiredQuantity(fields, "median", quantity, .distribution(of: quantity, positive: true))
            let sigma = requiredQuantity(fields, "sigma", .number, .positive(upTo: ScenarioLimits.sigma, "10"))
            guard let median, let sigma else { return nil }
            return .lognormal(median: median, sigma: sigma)
        case "pareto":
            guard let fields = parameters(body, kindPath, ["min", "alpha"]) else { return nil }
            let minimum = requiredQuantity(fields, "min", quantity, .distribution(of: quantity, positive: true))
            let alpha = requiredQuantity(fields, "alpha", .number, .alpha)
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
            return empirical(body, kindPath, of: quantity)
        }
    }

    /// An arrival process: `{poisson: 100k/s}`, `{constant: 10k/s}`,
    /// `{burst: {rate:, burst-rate:, period:, length:}}` or `{ramp: {from:, to:, over:}}`.
    func arrival(_ node: Node, _ path: String) -> ArrivalSpec? {
        guard let (kind, body, kindPath) = singleKey(node, path, kinds: Self.arrivalKinds, what: "an arrival process")
        else { return nil }
        switch kind {
        case "constant":
            return quantity(body, kindPath, .rate, .positiveRate).map { .constant(ratePerSecond: $0) }
        case "poisson":
            return quantity(body, kindPath, .rate, .positiveRate).map { .poisson(ratePerSecond: $0) }
        case "burst":
            guard let fields = parameters(body, kindPath, ["rate", "burst-rate", "period", "length"]) else {
                return nil
            }
            let rate = requiredQuantity(fields, "rate", .rate, .rate)
            let burstRate = requiredQuantity(fields, "burst-rate", .rate, .positiveRate)
            let period = requiredQuantity(fields, "period", .duration, .arrivalSpan)
            let length = requiredQuantity(fields, "length", .duration, .arrivalSpan)
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
            let from = requiredQuantity(fields, "from", .rate, .rate)
            let to = requiredQuantity(fields, "to", .rate, .rate)
            let over = requiredQuantity(fields, "over", .duration, .arrivalSpan)
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

    /// An empirical distribution: its file must exist and hold samples within the bound of `quantity`.
    private func empirical(_ node: Node, _ path: String, of quantity: Quantity) -> DistributionSpec? {
        guard let relative = string(node, path, expecting: "a file path") else { return nil }
        let url = URL(fileURLWithPath: relative, relativeTo: URL(fileURLWithPath: baseDirectory, isDirectory: true))
        let resolved = url.standardizedFileURL.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: resolved, isDirectory: &isDirectory) else {
            report(
                node, path,
                "sample file '\(relative)' not found (looked for \(resolved)); paths are relative to the scenario file")
            return nil
        }
        guard !isDirectory.boolValue else {
            report(node, path, "sample file '\(relative)' is a directory (\(resolved)); name a file of samples")
            return nil
        }
        let attributes = try? FileManager.default.attributesOfItem(atPath: resolved)
        guard attributes?[.type] as? FileAttributeType == .typeRegular,
            let bytes = attributes?[.size] as? NSNumber, bytes.int64Value <= ScenarioLimits.sampleFileBytes
        else {
            report(
                node, path,
                "sample file '\(relative)' must be a regular file of at most "
                    + "\(ScenarioLimits.sampleFileBytes / 1_048_576) MiB")
            return nil
        }
        let samples: [(value: Double, line: Int)]
        do {
            samples = try EmpiricalSamples.numbered(path: resolved, baseDirectory: nil)
        } catch {
            report(node, path, "\(error)")
            return nil
        }
        let bound = Bound.distribution(of: quantity)
        if let outside = samples.first(where: { !bound.admits($0.value) }) {
            report(
                node, path,
                "sample file '\(relative)' line \(outside.line) holds \(outside.value); every sample "
                    + "\(bound.requirement) (in the base unit: seconds, bytes or a count)")
            return nil
        }
        return .empirical(path: resolved)
    }
}
