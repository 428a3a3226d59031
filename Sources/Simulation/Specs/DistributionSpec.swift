/// A probability distribution as a scenario file names it: what to draw latencies, sizes and costs from.
///
/// The spec is data (parsed and validated from a scenario); a sampler built from it draws values. Parameters
/// are in the unit of the quantity (seconds for latencies, bytes for sizes).
public indirect enum DistributionSpec: Sendable, Hashable {
    /// Always `value`.
    case constant(value: Double)
    /// Uniform in `[minimum, maximum)`.
    case uniform(minimum: Double, maximum: Double)
    /// Exponential with the given mean.
    case exponential(mean: Double)
    /// Lognormal with the given median (`e^μ`) and `sigma` (σ of the underlying normal).
    case lognormal(median: Double, sigma: Double)
    /// Pareto (type I) with scale `minimum` (`x_m`) and shape `alpha` (heavier tail as it falls).
    case pareto(minimum: Double, alpha: Double)
    /// A mixture: `first` with probability `firstWeight`, else `second`.
    case bimodal(first: DistributionSpec, second: DistributionSpec, firstWeight: Double)
    /// Values drawn uniformly from a file's samples (one number per line), resolved relative to the scenario.
    case empirical(path: String)
}

/// When events arrive: an open-loop arrival process. Event *i* has an intended start time fixed by the
/// process alone, and latency is measured from it — never from when a late generator got round to it.
public enum ArrivalSpec: Sendable, Hashable {
    /// Evenly spaced, `ratePerSecond` events per second.
    case constant(ratePerSecond: Double)
    /// Poisson arrivals (exponential gaps) at `ratePerSecond` on average.
    case poisson(ratePerSecond: Double)
    /// `ratePerSecond` normally, `burstRatePerSecond` for `burstSeconds` out of every `periodSeconds`.
    case burst(ratePerSecond: Double, burstRatePerSecond: Double, periodSeconds: Double, burstSeconds: Double)
    /// Rate rising (or falling) linearly from `fromPerSecond` to `toPerSecond` over `overSeconds`, then staying
    /// there; a ramp down to 0 ends the arrivals (``totalEvents``).
    case ramp(fromPerSecond: Double, toPerSecond: Double, overSeconds: Double)

    /// Events the process has in all: `nil` when it goes on for ever; a ramp down to 0 has
    /// `fromPerSecond · overSeconds / 2` (the area under its rate), after which no event comes.
    public var totalEvents: Double? {
        if case .ramp(let from, let to, let over) = self, to == 0 { return from * over / 2 }
        return nil
    }
}
