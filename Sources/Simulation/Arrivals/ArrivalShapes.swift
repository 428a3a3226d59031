/// A burst process's constants: each period runs at the normal rate first, then bursts for its last
/// `burstSeconds`. Events are spread evenly within each phase (the rate integrated, not drawn).
@usableFromInline
struct BurstShape: Sendable {
    @usableFromInline let normalRate: Double
    @usableFromInline let burstRate: Double
    @usableFromInline let periodSeconds: Double
    @usableFromInline let normalSeconds: Double
    /// Events in the normal phase of one period, `normalRate × normalSeconds` (not necessarily whole).
    @usableFromInline let normalEvents: Double
    /// Events in one whole period.
    @usableFromInline let eventsPerPeriod: Double

    @usableFromInline
    init(normalRate: Double, burstRate: Double, periodSeconds: Double, burstSeconds: Double) {
        self.normalRate = normalRate
        self.burstRate = burstRate
        self.periodSeconds = periodSeconds
        self.normalSeconds = periodSeconds - burstSeconds
        self.normalEvents = normalRate * (periodSeconds - burstSeconds)
        self.eventsPerPeriod = normalEvents + burstRate * burstSeconds
    }

    /// The time (seconds) at which the cumulative rate reaches `index` events.
    @inlinable
    func time(ofEvent index: Double) -> Double {
        let period = (index / eventsPerPeriod).rounded(.down)
        let within = max(0, index - period * eventsPerPeriod)
        let start = period * periodSeconds
        if within < normalEvents || burstRate == 0 {
            return start + min(within / normalRate, normalSeconds)
        }
        return start + normalSeconds + (within - normalEvents) / burstRate
    }
}

/// A ramp process's constants: the rate rises (or falls) linearly from `fromRate` to `toRate` over
/// `rampSeconds`, then stays at `toRate`.
@usableFromInline
struct RampShape: Sendable {
    @usableFromInline let fromRate: Double
    @usableFromInline let toRate: Double
    @usableFromInline let rampSeconds: Double
    /// `(toRate − fromRate) / (2 · rampSeconds)`: the quadratic term of the cumulative rate.
    @usableFromInline let halfSlope: Double
    /// Events during the ramp, `(fromRate + toRate) · rampSeconds / 2`.
    @usableFromInline let rampEvents: Double

    @usableFromInline
    init(fromRate: Double, toRate: Double, rampSeconds: Double) {
        self.fromRate = fromRate
        self.toRate = toRate
        self.rampSeconds = rampSeconds
        self.halfSlope = rampSeconds > 0 ? (toRate - fromRate) / (2 * rampSeconds) : 0
        self.rampEvents = (fromRate + toRate) * rampSeconds / 2
    }

    /// The time (seconds) at which `∫ rate` reaches `index` events; `+∞` for an event beyond a ramp down to 0
    /// (which has ``rampEvents`` events in all).
    ///
    /// During the ramp it solves `fromRate·t + halfSlope·t² = n` in the cancellation-free form
    /// `t = 2n / (fromRate + √(fromRate² + 4·halfSlope·n))`; afterwards the rate is constant.
    @inlinable
    func time(ofEvent index: Double) -> Double {
        if index <= 0 { return 0 }
        if index <= rampEvents {
            let discriminant = max(0, fromRate * fromRate + 4 * halfSlope * index)
            return min(2 * index / (fromRate + discriminant.squareRoot()), rampSeconds)
        }
        guard toRate > 0 else { return .infinity }
        return rampSeconds + (index - rampEvents) / toRate
    }
}
