extension ArrivalSchedule {
    /// Validates `spec` and builds its schedule, positioned at event 0.
    ///
    /// Only a Poisson process draws from `random` (one value per gap); the others ignore it. Give each
    /// schedule its own sub-stream (``RandomStream/init(seed:stream:)``) so its gaps do not depend on what else
    /// draws random values.
    ///
    /// - Throws: ``ArrivalError`` naming the parameter that is out of range.
    public init(_ spec: ArrivalSpec, random: RandomStream) throws(ArrivalError) {
        let positive = "a finite number above 0"
        let nonNegative = "a finite number, 0 or more"
        switch spec {
        case .constant(let rate):
            try Self.require(rate, "constant", "ratePerSecond", rate > 0, positive)
            self.init(process: .constant(nanosecondsPerEvent: 1e9 / rate), random: random, spec: spec)
        case .poisson(let rate):
            try Self.require(rate, "poisson", "ratePerSecond", rate > 0, positive)
            self.init(process: .poisson(meanGapSeconds: 1 / rate), random: random, spec: spec)
        case .burst(let rate, let burstRate, let period, let burst):
            try Self.require(rate, "burst", "ratePerSecond", rate >= 0, nonNegative)
            try Self.require(burstRate, "burst", "burstRatePerSecond", burstRate >= 0, nonNegative)
            try Self.require(period, "burst", "periodSeconds", period > 0, positive)
            try Self.require(
                burst, "burst", "burstSeconds", burst >= 0 && burst <= period, "within 0 ... periodSeconds (\(period))")
            let shape = BurstShape(normalRate: rate, burstRate: burstRate, periodSeconds: period, burstSeconds: burst)
            guard shape.eventsPerPeriod > 0 && shape.eventsPerPeriod.isFinite else { throw .noEvents(process: "burst") }
            self.init(process: .burst(shape), random: random, spec: spec)
        case .ramp(let from, let to, let over):
            try Self.require(from, "ramp", "fromPerSecond", from >= 0, nonNegative)
            try Self.require(to, "ramp", "toPerSecond", to >= 0, nonNegative)
            try Self.require(over, "ramp", "overSeconds", over >= 0, nonNegative)
            // Down to 0, the ramp's events are all there are: it needs some.
            guard to > 0 || from * over > 0 else { throw .noEvents(process: "ramp") }
            self.init(
                process: .ramp(RampShape(fromRate: from, toRate: to, rampSeconds: over)), random: random, spec: spec)
        }
    }

    /// Throws ``ArrivalError/invalidParameter(process:parameter:value:requirement:)`` unless `value` is finite
    /// and `condition` holds.
    private static func require(
        _ value: Double, _ process: String, _ parameter: String, _ condition: Bool, _ requirement: String
    ) throws(ArrivalError) {
        guard value.isFinite && condition else {
            throw .invalidParameter(process: process, parameter: parameter, value: value, requirement: requirement)
        }
    }
}
