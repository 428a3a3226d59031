import Foundation
import Yams

extension ScenarioReader {
    /// `clients: {count:, churn:, disconnects:}`.
    func clients(_ node: Node, _ path: String) -> ClientSpec? {
        guard let fields = fields(node, path, known: ["count", "churn", "disconnects"], expecting: "a mapping")
        else { return nil }
        var spec = ClientSpec()
        var valid = true
        if let count = fields["count"] {
            if let value = integer(count, path.child("count"), in: 1...ScenarioLimits.clients) {
                spec.count = value
            } else {
                valid = false
            }
        }
        if let churn = fields["churn"] {
            if let value = self.churn(churn, path.child("churn")) { spec.churn = value } else { valid = false }
        }
        if let mix = fields["disconnects"] {
            if let weights = weights(mix, path.child("disconnects"), names: ["graceful", "error", "timeout"]) {
                spec.disconnects = DisconnectMix(
                    graceful: weights["graceful"] ?? 0, error: weights["error"] ?? 0, timeout: weights["timeout"] ?? 0)
            } else {
                valid = false
            }
        }
        return valid ? spec : nil
    }

    private func churn(_ node: Node, _ path: String) -> ClientChurn? {
        let keys = ["connect-rate", "disconnect-rate", "session-length"]
        guard let fields = fields(node, path, known: keys, expecting: "a mapping") else { return nil }
        if let session = fields["session-length"] {
            if let rate = fields.entries["connect-rate"] ?? fields.entries["disconnect-rate"] {
                report(rate.key, path, "give either session-length or connect-rate/disconnect-rate, not both")
                return nil
            }
            return distribution(session, path.child("session-length"), of: .duration).map { .sessions(length: $0) }
        }
        guard fields["connect-rate"] != nil || fields["disconnect-rate"] != nil else {
            report(node, path, "describe the churn with connect-rate and disconnect-rate, or with session-length")
            return nil
        }
        let connects = quantity(fields, "connect-rate", .rate, .controlRate, default: 0)
        let disconnects = quantity(fields, "disconnect-rate", .rate, .controlRate, default: 0)
        guard let connects, let disconnects else { return nil }
        return .rates(connectsPerSecond: connects, disconnectsPerSecond: disconnects)
    }

    /// `requests: {methods: [...]}`.
    func requests(_ node: Node, _ path: String) -> RequestMix? {
        guard let fields = fields(node, path, known: ["methods"], expecting: "a mapping with methods"),
            let listNode = required(fields, "methods", example: "[{name: get, latency: {constant: 1ms}}]"),
            let list = items(listNode, path.child("methods"), expecting: "a list of methods")
        else { return nil }
        guard !list.isEmpty else {
            report(listNode, path.child("methods"), "needs at least one method")
            return nil
        }
        guard list.count <= ScenarioLimits.methods else {
            report(
                listNode, path.child("methods"),
                "\(list.count) methods, more than the \(ScenarioLimits.methods) a run may hold")
            return nil
        }
        var methods: [MethodSpec] = []
        var valid = true
        var firstUse: [String: Int] = [:]
        for (index, item) in list.enumerated() {
            let itemPath = path.child("methods").item(index)
            let method = method(item, itemPath)
            if let nameNode = item.mapping?["name"], let name = nameNode.scalar?.string {
                if let first = firstUse[name] {
                    report(
                        nameNode, itemPath.child("name"),
                        "method '\(name)' is already defined at methods[\(first)]; method names must be unique")
                    valid = false
                } else {
                    firstUse[name] = index
                }
            }
            if let method { methods.append(method) } else { valid = false }
        }
        guard valid else { return nil }
        guard methods.contains(where: { $0.weight > 0 }) else {
            report(
                listNode, path.child("methods"),
                "method weights must sum to more than 0; give a method a positive weight")
            return nil
        }
        return RequestMix(methods: methods)
    }

    private func method(_ node: Node, _ path: String) -> MethodSpec? {
        let keys = ["name", "weight", "latency", "error-rate", "request-size", "response-size", "cost"]
        guard let fields = fields(node, path, known: keys, expecting: "a method mapping") else { return nil }
        let name = required(fields, "name", example: "tools/call").flatMap { node in
            string(node, path.child("name")).flatMap {
                checkedName($0, "a method name", node: node, path.child("name"))
            }
        }
        let weight = quantity(fields, "weight", .number, .weight, default: 1)
        let latency = required(fields, "latency", example: "{lognormal: {median: 10ms, sigma: 1}}").flatMap {
            distribution($0, path.child("latency"), of: .duration)
        }
        let errorRate = quantity(fields, "error-rate", .fraction, .unitInterval, default: 0)
        let requestSize = optionalDistribution(fields, "request-size", of: .size)
        let responseSize = optionalDistribution(fields, "response-size", of: .size)
        let cost: CallCostSpec?? = fields["cost"].map { self.cost($0, path.child("cost")) }
        guard let name, let weight, let latency, let errorRate, let requestSize, let responseSize, cost != .some(nil)
        else { return nil }
        return MethodSpec(
            name: name, weight: weight, latency: latency, errorRate: errorRate, requestSize: requestSize,
            responseSize: responseSize, cost: cost ?? nil)
    }

    /// A method's or cost model's name as it goes into reports, label values and URLs (`what`: "a method name"):
    /// 1 to 200 characters, none of them a control character (a newline would break every table row that names
    /// it) or a bidirectional control (it would reorder the text after it); `nil` (reported) otherwise.
    private func checkedName(_ name: String, _ what: String, node: Node, _ path: String) -> String? {
        if name.isEmpty || name.count > 200 {
            report(node, path, "\(what) must have 1 to 200 characters, got \(name.count)")
            return nil
        }
        if let control = name.unicodeScalars.first(where: { $0.properties.generalCategory == .control }) {
            report(
                node, path,
                "\(what) must not contain control characters, got \(Scenario.codePoint(control)) in "
                    + name.debugDescription)
            return nil
        }
        if let control = Scenario.bidiControl(in: name) {
            report(
                node, path,
                "\(what) must not contain the bidirectional control character \(control): it would reorder the "
                    + "report's text")
            return nil
        }
        return name
    }

    private func optionalDistribution(_ fields: Fields, _ key: String, of quantity: Quantity) -> DistributionSpec? {
        guard let node = fields[key] else { return .constant(value: 0) }
        return distribution(node, fields.path.child(key), of: quantity)
    }

    private func cost(_ node: Node, _ path: String) -> CallCostSpec? {
        let keys = ["model", "input-tokens", "output-tokens", "cache-hit-rate", "cost-per-token"]
        guard let fields = fields(node, path, known: keys, expecting: "a mapping") else { return nil }
        let model = required(fields, "model", example: "claude-sonnet").flatMap { node in
            string(node, path.child("model")).flatMap {
                checkedName($0, "a model name", node: node, path.child("model"))
            }
        }
        let input = required(fields, "input-tokens", example: "{lognormal: {median: 800, sigma: 0.5}}").flatMap {
            distribution($0, path.child("input-tokens"), of: .count)
        }
        let output = required(fields, "output-tokens", example: "{lognormal: {median: 300, sigma: 0.5}}").flatMap {
            distribution($0, path.child("output-tokens"), of: .count)
        }
        let cacheHitRate = quantity(fields, "cache-hit-rate", .fraction, .unitInterval, default: 0)
        let costPerToken = quantity(
            fields, "cost-per-token", .number, .nonNegative(upTo: ScenarioLimits.costPerToken, "1"), default: 0)
        guard let model, let input, let output, let cacheHitRate, let costPerToken else { return nil }
        return CallCostSpec(
            model: model, inputTokens: input, outputTokens: output, cacheHitRate: cacheHitRate,
            costPerToken: costPerToken)
    }

    /// `events: {rate:, kinds:, queue-capacity:, consumer-speed:}`.
    func events(_ node: Node, _ path: String) -> ServerEventSpec? {
        let keys = ["rate", "kinds", "queue-capacity", "consumer-speed"]
        guard let fields = fields(node, path, known: keys, expecting: "a mapping") else { return nil }
        let rate = required(fields, "rate", example: "10k/s").flatMap {
            quantity($0, path.child("rate"), .rate, .serverEventRate)
        }
        let kinds: EventKindWeights? =
            fields["kinds"].map { kindsNode in
                weights(kindsNode, path.child("kinds"), names: ["server", "piece", "connect", "disconnect"]).map {
                    EventKindWeights(
                        server: $0["server"] ?? 0, piece: $0["piece"] ?? 0, connect: $0["connect"] ?? 0,
                        disconnect: $0["disconnect"] ?? 0)
                }
            } ?? EventKindWeights()
        let capacity =
            fields["queue-capacity"].map {
                integer($0, path.child("queue-capacity"), in: 1...ScenarioLimits.queueCapacity)
            } ?? 1024
        let speed: Double?? = fields["consumer-speed"].map {
            quantity($0, path.child("consumer-speed"), .rate, .positiveRate)
        }
        guard let rate, let kinds, let capacity, speed != .some(nil) else { return nil }
        return ServerEventSpec(
            ratePerSecond: rate, kinds: kinds, queueCapacity: capacity, consumerSpeedPerSecond: speed ?? nil)
    }

    /// `subscriptions: {pieces:, subscribe-rate:}`.
    func subscriptions(_ node: Node, _ path: String) -> SubscriptionSpec? {
        guard let fields = fields(node, path, known: ["pieces", "subscribe-rate"], expecting: "a mapping") else {
            return nil
        }
        let pieces = required(fields, "pieces", example: "100").flatMap {
            integer($0, path.child("pieces"), in: 0...ScenarioLimits.pieces)
        }
        let rate = quantity(fields, "subscribe-rate", .rate, .controlRate, default: 0)
        guard let pieces, let rate else { return nil }
        return SubscriptionSpec(pieces: pieces, subscribeRatePerSecond: rate)
    }

    /// `stats: {interval:, history-capacity:, directory:}`.
    func stats(_ node: Node, _ path: String) -> StatsSettings? {
        let keys = ["interval", "history-capacity", "directory"]
        guard let fields = fields(node, path, known: keys, expecting: "a mapping") else { return nil }
        let interval = quantity(fields, "interval", .duration, .interval, default: 1)
        let capacity =
            fields["history-capacity"].map {
                integer($0, path.child("history-capacity"), in: 1...ScenarioLimits.historyCapacity)
            } ?? 360
        let directory: String?? = fields["directory"].map { directoryNode in
            string(directoryNode, path.child("directory"), expecting: "a directory path").flatMap { text in
                let resolved = URL(
                    fileURLWithPath: text, relativeTo: URL(fileURLWithPath: baseDirectory, isDirectory: true)
                )
                .standardizedFileURL.path
                // A directory that is missing is created by the run; one that names a file, or lies under one,
                // never can be: the nearest part of the path that exists must be a directory.
                var existing = URL(fileURLWithPath: resolved)
                var isDirectory: ObjCBool = false
                while !FileManager.default.fileExists(atPath: existing.path, isDirectory: &isDirectory),
                    existing.path != "/"
                {
                    existing = existing.deletingLastPathComponent()
                }
                guard isDirectory.boolValue else {
                    let what = existing.path == resolved ? "is a file" : "lies under the file \(existing.path)"
                    report(
                        directoryNode, path.child("directory"), "'\(text)' \(what), not a directory (\(resolved))")
                    return nil
                }
                return resolved
            }
        }
        guard let interval, let capacity, directory != .some(nil) else { return nil }
        return StatsSettings(intervalSeconds: interval, historyCapacity: capacity, directory: directory ?? nil)
    }
}
