import ServerStats
import Yams

extension ScenarioReader {
    static let topLevelKeys = [
        "name", "description", "seed", "duration", "events", "workers", "clients", "requests", "server-events",
        "subscriptions", "arrival", "stats", "sinks", "measurements", "thresholds", "faults",
        "alerts",
    ]

    /// The whole scenario at the document root; `nil` when any issue was reported.
    func scenario(_ root: Node) -> Scenario? {
        guard let fields = fields(root, "", known: Self.topLevelKeys, expecting: "a scenario mapping") else {
            return nil
        }
        let name = required(fields, "name", example: "smoke").flatMap { reportName($0) }
        let description = optional(fields, "description", default: "") { node, path in
            string(node, path, expecting: "text").flatMap { text in
                guard let control = Scenario.bidiControl(in: text) else { return text }
                report(
                    node, path,
                    "must not contain the bidirectional control character \(control): it would reorder the report's text"
                )
                return nil
            }
        }
        let seed = required(fields, "seed", example: "42").flatMap { self.seed($0, "seed") }
        let length = runLength(fields)
        let workers = optional(fields, "workers", default: 1) { integer($0, $1, in: 1...ScenarioLimits.workers) }
        let clients = optional(fields, "clients", default: ClientSpec()) { self.clients($0, $1) }
        let requests = required(fields, "requests", example: "{methods: [...]}").flatMap {
            self.requests($0, "requests")
        }
        let events: ServerEventSpec?? = fields["server-events"].map { self.events($0, "server-events") }
        let subscriptions: SubscriptionSpec?? = fields["subscriptions"].map { self.subscriptions($0, "subscriptions") }
        let arrival = required(fields, "arrival", example: "{poisson: 10k/s}").flatMap { self.arrival($0, "arrival") }
        let stats = optional(fields, "stats", default: StatsSettings()) { self.stats($0, $1) }
        let sinks = optional(fields, "sinks", default: Scenario.defaultSinks.map(\.name)) {
            names($0, $1, what: "sink", known: SinkKind.all.map(\.name))
        }
        let measurements = optional(fields, "measurements", default: Scenario.defaultMeasurements.map(\.name)) {
            names($0, $1, what: "measurement", known: MeasurementKind.all.map(\.name))
        }
        let thresholds = optional(fields, "thresholds", default: []) {
            self.thresholds($0, $1, measurements: measurements, sinks: sinks)
        }
        let faults = optional(fields, "faults", default: []) { self.faults($0, $1, length: length) }
        let alerts: AlertThresholds?? = fields["alerts"].map { self.alertThresholds($0, path: "alerts") }
        guard let name, let description, let seed, let length, let workers, let clients, let requests,
            events != .some(nil), subscriptions != .some(nil), let arrival, let stats, let sinks, let measurements,
            let thresholds, let faults, alerts != .some(nil), issues.isEmpty
        else { return nil }
        let scenario = Scenario(
            name: name, description: description, seed: seed, length: length, workers: workers, clients: clients,
            requests: requests, serverEvents: events ?? nil, subscriptions: subscriptions ?? nil, arrival: arrival,
            stats: stats, sinks: sinks.compactMap { SinkKind(name: $0) },
            measurements: measurements.compactMap { MeasurementKind(name: $0) }, thresholds: thresholds, faults: faults,
            alerts: alerts ?? nil)
        return checkRunSize(scenario, root: fields) ? scenario : nil
    }

    /// The scenario's name, which becomes a report directory (``Scenario/reportNameProblem(_:)``); `nil`
    /// (reported) otherwise.
    private func reportName(_ node: Node) -> String? {
        guard let name = string(node, "name") else { return nil }
        if let problem = Scenario.reportNameProblem(name) {
            report(node, "name", problem)
            return nil
        }
        return name
    }

    /// Exactly one of `duration:` and `events:`.
    private func runLength(_ fields: Fields) -> RunLength? {
        switch (fields.entries["duration"], fields.entries["events"]) {
        case (let duration?, nil):
            return quantity(duration.value, "duration", .duration, .runDuration).map { .duration(seconds: $0) }
        case (nil, let events?):
            return integer(events.value, "events", in: 1...ScenarioLimits.events).map { .events(count: $0) }
        case (_?, let events?):
            report(events.key, "events", "give either duration or events, not both")
            return nil
        case (nil, nil):
            report(fields.node, "duration", "missing run length; add e.g. 'duration: 10s' or 'events: 1M'")
            return nil
        }
    }

    /// A list of distinct names from `known`; `nil` (reported) otherwise.
    private func names(_ node: Node, _ path: String, what: String, known: [String]) -> [String]? {
        guard let list = items(node, path, expecting: "a list of \(what) names") else { return nil }
        guard !list.isEmpty else {
            report(node, path, "needs at least one \(what); known: \(known.joined(separator: ", "))")
            return nil
        }
        var names: [String] = []
        var valid = true
        for (index, item) in list.enumerated() {
            guard let name = string(item, path.item(index), expecting: "a \(what) name") else {
                valid = false
                continue
            }
            guard known.contains(name) else {
                let hint = closestName(to: name, in: known).map { "did you mean '\($0)'? " } ?? ""
                report(
                    item, path.item(index), "unknown \(what) '\(name)'; \(hint)known: \(known.joined(separator: ", "))")
                valid = false
                continue
            }
            guard !names.contains(name) else {
                report(item, path.item(index), "\(what) '\(name)' is listed twice; remove one")
                valid = false
                continue
            }
            names.append(name)
        }
        return valid ? names : nil
    }

    /// The thresholds; each must name a measurement in `measurements`, and one whose figure is the pipeline's
    /// own (overhead, accuracy, allocations per event: sink `statsbench`'s) needs that sink in `sinks` (`nil`: a
    /// list that did not read, not checked).
    private func thresholds(_ node: Node, _ path: String, measurements: [String]?, sinks: [String]?) -> [Threshold]? {
        guard let list = items(node, path, expecting: "a list of thresholds like 'overhead.p999 < 1us'") else {
            return nil
        }
        var thresholds: [Threshold] = []
        var valid = true
        for (index, item) in list.enumerated() {
            guard let text = string(item, path.item(index), expecting: "a threshold like 'overhead.p999 < 1us'") else {
                valid = false
                continue
            }
            do {
                let threshold = try Threshold(parsing: text)
                if let measurements, !measurements.contains(threshold.metric.measurement.name) {
                    let name = threshold.metric.measurement.name
                    report(
                        item, path.item(index),
                        "\(threshold.metric.path) needs measurement '\(name)'; add it to measurements")
                    valid = false
                }
                let pipelineFigure =
                    [.overhead, .accuracy].contains(threshold.metric.measurement)
                    || threshold.metric.statistic == .allocationsPerEvent
                let statsbench = SinkKind.statsbench.name
                if pipelineFigure, let sinks, !sinks.contains(statsbench) {
                    report(
                        item, path.item(index),
                        "\(threshold.metric.path) is a figure of sink '\(statsbench)'; add it to sinks")
                    valid = false
                }
                thresholds.append(threshold)
            } catch {
                report(item, path.item(index), error.message)
                valid = false
            }
        }
        return valid ? thresholds : nil
    }

    private func faults(_ node: Node, _ path: String, length: RunLength?) -> [FaultSpec]? {
        guard let list = items(node, path, expecting: "a list of faults like {kind: process-dies, at: 5s}") else {
            return nil
        }
        var faults: [FaultSpec] = []
        var valid = true
        for (index, item) in list.enumerated() {
            if let fault = fault(item, path.item(index), length: length) { faults.append(fault) } else { valid = false }
        }
        return valid ? faults : nil
    }

    private func fault(_ node: Node, _ path: String, length: RunLength?) -> FaultSpec? {
        guard let fields = fields(node, path, known: ["kind", "at"], expecting: "a fault mapping") else { return nil }
        let known = FaultKind.all.map(\.name)
        var kind: FaultKind?
        if let kindNode = required(fields, "kind", example: "process-dies"),
            let name = string(kindNode, path.child("kind"), expecting: "a fault kind")
        {
            kind = FaultKind(name: name)
            if kind == nil {
                let hint = closestName(to: name, in: known).map { "did you mean '\($0)'? " } ?? ""
                report(
                    kindNode, path.child("kind"),
                    "unknown fault '\(name)'; \(hint)known: \(known.joined(separator: ", "))")
            }
        }
        let at = quantity(
            fields, "at", .duration, .nonNegative(upTo: ScenarioLimits.runSeconds, "168h (7 days)"), default: 0)
        guard let kind, let at else { return nil }
        if kind.happensAtStart, at != 0 {
            report(fields["at"], path.child("at"), "\(kind.name) happens at the start of the run; remove 'at'")
            return nil
        }
        if case .duration(let seconds) = length, at >= seconds {
            report(
                fields["at"], path.child("at"),
                "must fall within the run (duration \(ThresholdValue.seconds(seconds))), "
                    + "got \(fields["at"]?.scalar?.string ?? "")"
            )
            return nil
        }
        return FaultSpec(kind: kind, atSeconds: at)
    }
}
