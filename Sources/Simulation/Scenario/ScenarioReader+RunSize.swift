import Foundation
import Yams

/// The expected size of a run, from its length, arrival process and control-plane load.
struct RunSize {
    /// Simulated seconds the run spans (its duration, or when its last event is due).
    var seconds: Double
    /// Requests the run is expected to generate.
    var requests: Double
    /// Windows (epochs of `stats.interval`) the run spans.
    var windows: Double
    /// Server events offered, subscriptions, client replacements (over whole windows) and per-window
    /// client-slot visits.
    var controlOperations: Double

    /// The size of `scenario` at scale 1.
    init(_ scenario: Scenario) {
        switch scenario.length {
        case .duration(let seconds):
            self.seconds = seconds
            requests = Self.requests(of: scenario.arrival, over: seconds)
        case .events(let count):
            seconds = Self.seconds(of: scenario.arrival, forEvents: Double(count))
            requests = Double(count)
        }
        // Epochs are whole windows: the last one runs to its end, and even the shortest run has one.
        windows = max(1, (seconds / scenario.stats.intervalSeconds).rounded(.up))
        let controlSeconds = windows * scenario.stats.intervalSeconds
        var perSecond = 0.0
        var visitsSlots = false
        if let events = scenario.serverEvents {
            perSecond += events.ratePerSecond
            visitsSlots = true
        }
        if let subscriptions = scenario.subscriptions, subscriptions.pieces > 0 {
            perSecond += subscriptions.subscribeRatePerSecond
        }
        switch scenario.clients.churn {
        case .none: break
        case .rates(let connects, let disconnects): perSecond += max(connects, disconnects)
        case .sessions: visitsSlots = true
        }
        controlOperations = perSecond * controlSeconds + (visitsSlots ? Double(scenario.clients.count) * windows : 0)
    }

    /// Requests `arrival` is expected to generate in `seconds` (the integral of its rate).
    static func requests(of arrival: ArrivalSpec, over seconds: Double) -> Double {
        switch arrival {
        case .constant(let rate), .poisson(let rate):
            return rate * seconds
        case .burst(let rate, let burstRate, let period, let length):
            // Whole periods at the mean rate, and a whole burst for the part period (an upper bound).
            let mean = (rate * (period - length) + burstRate * length) / period
            return mean * seconds + burstRate * length
        case .ramp(let from, let to, let over):
            guard seconds > over else { return seconds * (from + (from + (to - from) * seconds / over)) / 2 }
            return over * (from + to) / 2 + to * (seconds - over)
        }
    }

    /// When the `count`-th event of `arrival` is due, in seconds (the expected time for Poisson).
    static func seconds(of arrival: ArrivalSpec, forEvents count: Double) -> Double {
        switch arrival {
        case .constant(let rate), .poisson(let rate):
            return count / rate
        case .burst, .ramp:
            guard let schedule = try? ArrivalSchedule(arrival, random: RandomStream(seed: 0)),
                let nanoseconds = schedule.time(ofEvent: UInt64(count))  // count ≤ 10⁹: `events:` is bounded
            else { return .infinity }
            return Double(nanoseconds) / 1e9
        }
    }
}

extension RunSize {
    /// Requests the run of `scenario` at `scale` can generate at most: its `events:`, or for a `duration:` run the
    /// expected count plus ten standard deviations of a Poisson count of that mean (`n + 10√n + 10`), which no
    /// run exceeds in practice.
    static func largestRequests(_ scenario: Scenario, scale: Double) -> Double {
        switch scenario.length {
        case .events(let count):
            return (Double(count) * scale).rounded()
        case .duration(let seconds):
            let expected = requests(of: scenario.arrival, over: seconds * scale)
            return expected + 10 * expected.squareRoot() + 10
        }
    }
}

extension Scenario {
    /// The methods whose model calls could cost more over the run at `scale` (`run --scale`) than the call
    /// ledger and the generator's totals can sum (``ScenarioLimits/runCostMicroUnits``): the largest cost of one
    /// call (``CallCostSpec/largestCallMicroUnits``) times the run's largest request count, for each method with
    /// a `cost:` and a weight above 0 (a method of weight 0 gets no request). Each is the method's index in
    /// `requests.methods` and the reason, with the figures; empty when the run's costs fit.
    public func callCostProblems(scale: Double = 1) -> [(method: Int, reason: String)] {
        let count = RunSize.largestRequests(self, scale: scale)
        let lengthText: String
        if case .events = length {
            lengthText = "the run's \(ScenarioReader.figure(count)) events"
        } else {
            lengthText = "the run's at most \(ScenarioReader.figure(count)) requests"
        }
        let limit = ScenarioLimits.runCostMicroUnits
        return requests.methods.enumerated().compactMap { index, method in
            guard let cost = method.cost, method.weight > 0 else { return nil }
            let perCall = cost.largestCallMicroUnits
            let total = perCall * count
            guard !(total <= limit) else { return nil }
            let tokens = CallCostModel.largestTokens(cost.inputTokens) + CallCostModel.largestTokens(cost.outputTokens)
            return (
                index,
                "one call can cost up to \(ScenarioReader.figure(perCall)) micro-units "
                    + "(\(ScenarioReader.figure(Double(tokens))) input and output tokens at cost-per-token "
                    + "\(ScenarioReader.figure(cost.costPerToken))); × \(lengthText) that is "
                    + "\(ScenarioReader.figure(total)) micro-units, more than the \(ScenarioReader.figure(limit)) "
                    + "(\(ScenarioReader.figure(limit / 1e6)) currency units) the call ledger can sum; lower "
                    + "cost-per-token or the token counts, or shorten the run"
            )
        }
    }
}

extension ScenarioReader {
    /// Reports a valid scenario whose run would be too large to finish (``ScenarioLimits``), whose model calls
    /// could cost more than the call ledger sums (``Scenario/callCostProblems(scale:)``, at the method's `cost`),
    /// or whose parts the generator would refuse; `root` locates the issues. Returns whether the scenario passed.
    func checkRunSize(_ scenario: Scenario, root: Fields) -> Bool {
        let before = issues.count
        let lengthKey = root.entries["duration"] != nil ? "duration" : "events"
        let lengthNode = root[lengthKey]
        if case .events(let count) = scenario.length, let total = scenario.arrival.totalEvents, Double(count) > total {
            report(
                lengthNode, lengthKey,
                "the arrival ramp down to 0 has about \(Self.figure(total.rounded(.down))) events in all, fewer than "
                    + "the \(Self.figure(Double(count))) asked for; lower events or give the ramp a later end")
            return false
        }
        let size = RunSize(scenario)
        if !(size.requests <= ScenarioLimits.expectedRequests) {
            report(
                lengthNode, lengthKey,
                "the run would generate about \(Self.figure(size.requests)) requests, more than the "
                    + "\(Self.figure(ScenarioLimits.expectedRequests)) a run may; shorten the run or lower the "
                    + "arrival rate")
        }
        if size.requests < 1 {
            report(
                lengthNode, lengthKey,
                "the run would generate no request (about \(Self.figure(size.requests)) at the arrival rate over "
                    + "\(ThresholdValue.seconds(size.seconds))): lengthen the run or raise the arrival rate")
        } else if case .duration(let seconds) = scenario.length,
            case let first = RunSize.seconds(of: scenario.arrival, forEvents: 0), !(first < seconds)
        {
            // The expected count is an average over the process's periods; a burst after a quiet phase (rate 0)
            // may start only after the run ends.
            report(
                lengthNode, lengthKey,
                "the run would generate no request: the arrival process's first event is due at "
                    + "\(ThresholdValue.seconds(first)), not before the run's end at \(ThresholdValue.seconds(seconds)); "
                    + "lengthen the run or raise the arrival rate")
        }
        if !(size.windows <= ScenarioLimits.windows) {
            report(
                lengthNode, lengthKey,
                "the run spans about \(Self.figure(size.windows)) windows of stats.interval "
                    + "(\(Self.figure(size.seconds)) s of simulated time), more than the "
                    + "\(Self.figure(ScenarioLimits.windows)) a run may; lengthen stats.interval, shorten the run "
                    + "or raise the arrival rate")
        }
        if !(size.controlOperations <= ScenarioLimits.controlOperations) {
            report(
                lengthNode, lengthKey,
                "the run would make about \(Self.figure(size.controlOperations)) server events, subscriptions, "
                    + "client replacements and per-window client visits, more than the "
                    + "\(Self.figure(ScenarioLimits.controlOperations)) a run may; shorten the run or lower "
                    + "server-events.rate, subscribe-rate, churn or clients.count")
        }
        if let events = scenario.serverEvents,
            Double(events.queueCapacity) * Double(scenario.clients.count) > Double(ScenarioLimits.queueSlots)
        {
            report(
                root["server-events"], "server-events.queue-capacity",
                "clients.count × queue-capacity = "
                    + "\(Self.figure(Double(events.queueCapacity) * Double(scenario.clients.count))) "
                    + "queued-event slots, more than the \(Self.figure(Double(ScenarioLimits.queueSlots))) a run may "
                    + "hold; lower queue-capacity or clients.count")
        }
        let windows = scenario.requests.methods.count * (scenario.workers + 1)
        if windows > ScenarioLimits.methodWindows {
            report(
                root["requests"], "requests.methods",
                "\(scenario.requests.methods.count) methods × (\(scenario.workers) workers + 1) = \(windows) "
                    + "per-method latency windows (about 1 MiB each), more than the \(ScenarioLimits.methodWindows) "
                    + "a run may hold; use fewer methods or workers")
        }
        let models = Set(scenario.requests.methods.compactMap { $0.cost?.model })
        if models.count > ScenarioLimits.costModels {
            report(
                root["requests"], "requests.methods",
                "\(models.count) distinct cost models, more than the \(ScenarioLimits.costModels) the call ledger "
                    + "holds; reuse model names")
        }
        let methodItems = root["requests"]?.mapping?["methods"]?.sequence.map(Array.init) ?? []
        for (index, reason) in scenario.callCostProblems() {
            let node = index < methodItems.count ? methodItems[index].mapping?["cost"] : nil
            report(node ?? root["requests"], "requests.methods".item(index).child("cost"), reason)
        }
        checkTimedFaults(scenario, size: size, root: root)
        if let length = root["arrival"] {
            do {
                _ = try ArrivalSchedule(scenario.arrival, random: RandomStream(seed: scenario.seed))
            } catch {
                report(length, "arrival", "\(error)")
            }
        }
        return issues.count == before
    }

    /// A fault at a time needs a stats window before it and one after it, and must come before the run's end: the
    /// run (at scale 1; `run --scale` checks its own length again) must span two stats intervals, and each timed
    /// fault's `at` must fall before the run's end (an `events:` run ends about when its last event is due).
    private func checkTimedFaults(_ scenario: Scenario, size: RunSize, root: Fields) {
        let timed = scenario.faults.enumerated().filter { !$0.element.kind.happensAtStart }
        guard !timed.isEmpty else { return }
        let interval = scenario.stats.intervalSeconds
        if size.seconds < 2 * interval {
            report(
                root["faults"], "faults",
                "the run spans \(ThresholdValue.seconds(size.seconds)), shorter than two stats intervals "
                    + "(\(ThresholdValue.seconds(2 * interval))): a fault at a time needs a window before and after "
                    + "it; lengthen the run or shorten stats.interval")
        }
        // A duration run's faults were checked as they were read.
        guard case .events(let count) = scenario.length else { return }
        let items = root["faults"]?.sequence.map(Array.init) ?? []
        for (index, fault) in timed where fault.atSeconds >= size.seconds {
            let node = index < items.count ? items[index].mapping?["at"] : nil
            report(
                node ?? root["faults"], "faults".item(index).child("at"),
                "must fall within the run: its \(Self.figure(Double(count))) events end about "
                    + "\(ThresholdValue.seconds(size.seconds)) into it at the arrival rate, got "
                    + (node?.scalar?.string ?? "\(ThresholdValue.seconds(fault.atSeconds))"))
        }
    }

    /// A large figure as a user reads it: `1.2e+10`, `350000`.
    static func figure(_ value: Double) -> String {
        guard value.isFinite else { return "infinitely many" }
        if value.magnitude < 1e7, value == value.rounded() { return String(Int64(value)) }  // |value| < 10⁷
        return String(format: "%.3g", value)
    }
}
