import Simulation

/// A scenario setting `statsbench sweep --vary NAME=…` can vary, and how a value is read and applied.
public enum SweepParameter: String, Sendable, Codable, CaseIterable, Hashable {
    /// `clients=1k,10k`: `clients.count`.
    case clients
    /// `workers=1,2`: `workers`.
    case workers
    /// `rate=20k/s,…`: the mean request arrival rate (the arrival process scaled to it, see ``edit(_:base:)``).
    case rate
    /// `methods=3,30`: the scenario's methods repeated and renamed to N methods (``ScenarioEdit/methods(count:)``).
    case methods
    /// `history-capacity=60,600`: `stats.history-capacity`.
    case historyCapacity = "history-capacity"

    /// The names `--vary` accepts, in the order of the documentation.
    public static var names: [String] { allCases.map(\.rawValue) }

    /// Whether values are whole numbers (every parameter but ``rate``).
    var isWhole: Bool { self != .rate }

    /// The unit of a value, for reports (`clients`, `events/s`, …).
    public var unit: String {
        switch self {
        case .clients: "clients"
        case .workers: "workers"
        case .rate: "events/s"
        case .methods: "methods"
        case .historyCapacity: "samples"
        }
    }

    /// Reads one value as written on the command line (`10k`, `20k/s`, `2`).
    ///
    /// - Throws: a message naming what is wrong: not a quantity of this kind, not a whole number, or not above 0
    ///   (the scenario's own range is checked when the value is applied).
    func value(_ text: String) throws(SweepPlanError.Reason) -> Double {
        let value: Double
        do {
            value = self == .rate ? try Quantities.ratePerSecond(text) : try Quantities.count(text)
        } catch {
            throw .unparseable(error.message)
        }
        if isWhole {
            guard abs(value) < 1e15 else { throw .unparseable("'\(text)' is more than 10¹⁵ \(unit)") }
            guard value == value.rounded() else { throw .unparseable("'\(text)' is not a whole number of \(unit)") }
        }
        // The methods are written into the scenario one by one: past the limit the edited file itself would be
        // refused (its size, not the count), so the count is checked here, by the validator's own limit.
        if self == .methods, !(1...ScenarioLimits.methods).contains(Int(value)) {
            throw .outOfRange(
                field: "requests.methods",
                message: "must be from 1 to \(ScenarioLimits.methods) methods, got \(text)")
        }
        return value
    }

    /// The scenario's own value of this parameter (for the rate: the arrival process's mean rate).
    public func value(in scenario: Scenario) -> Double {
        switch self {
        case .clients: Double(scenario.clients.count)
        case .workers: Double(scenario.workers)
        case .rate: Self.meanRate(scenario.arrival)
        case .methods: Double(scenario.requests.methods.count)
        case .historyCapacity: Double(scenario.stats.historyCapacity)
        }
    }

    /// The edit that sets this parameter to `value` in `base` (the scenario as written).
    ///
    /// The rate scales the arrival process by `value` / its mean rate: `poisson` and `constant` get the rate,
    /// a `burst` has both its rates scaled (period and length kept), a `ramp` both ends (its length kept), so
    /// the shape is the scenario's and the mean (for a ramp: the rate it ends at; down to 0, the rate it starts
    /// at) is `value`.
    func edit(_ value: Double, base: Scenario) -> ScenarioEdit {
        // Whole parameters' values are below 10¹⁵ (``value(_:)``); a rate can be any size, and its YAML is the
        // number as is (the scenario's own range check names it).
        let whole = SweepFormat.plain(value.rounded())
        switch self {
        case .clients: return .set(path: ["clients", "count"], yaml: whole)
        case .workers: return .set(path: ["workers"], yaml: whole)
        case .methods: return .methods(count: Int(value.rounded()))
        case .historyCapacity: return .set(path: ["stats", "history-capacity"], yaml: whole)
        case .rate:
            let mean = Self.meanRate(base.arrival)
            let factor = mean > 0 ? value / mean : 0
            let yaml: String
            switch base.arrival {
            case .poisson: yaml = "{poisson: \(value)}"
            case .constant: yaml = "{constant: \(value)}"
            case .burst(let rate, let burstRate, let period, let length):
                yaml =
                    "{burst: {rate: \(rate * factor), burst-rate: \(burstRate * factor), period: \(period), "
                    + "length: \(length)}}"
            case .ramp(let from, let to, let over):
                yaml = "{ramp: {from: \(from * factor), to: \(to * factor), over: \(over)}}"
            }
            return .set(path: ["arrival"], yaml: yaml)
        }
    }

    /// The mean arrival rate of `arrival`, per second (a burst's mean over a period, a ramp's final rate, or its
    /// first one for a ramp down to 0).
    static func meanRate(_ arrival: ArrivalSpec) -> Double {
        switch arrival {
        case .poisson(let rate), .constant(let rate): rate
        case .burst(let rate, let burstRate, let period, let length):
            (rate * (period - length) + burstRate * length) / period
        case .ramp(let from, let to, _): to > 0 ? to : from
        }
    }
}
