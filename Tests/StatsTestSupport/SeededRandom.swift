import Foundation

/// SplitMix64: a small, fast, seedable generator, so every test's data is the same on every run.
public struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64

    /// A generator whose stream is fixed by `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in (0, 1): never 0, so `log` is safe.
    public mutating func unitOpen() -> Double {
        (Double(next() >> 11) + 0.5) * 0x1p-53
    }

    /// Standard normal (Box–Muller).
    public mutating func normal() -> Double {
        (-2 * log(unitOpen())).squareRoot() * cos(2 * .pi * unitOpen())
    }
}

/// The test distributions, in seconds: typical request latencies, plus the extremes a statistics library must
/// still place — sub-microsecond cache hits and a mix that spans nanoseconds to more than a day.
public enum TestDistribution: String, CaseIterable, CustomStringConvertible, Sendable {
    case lognormal, pareto, bimodal, uniform, constant
    /// Uniform over 100 ... 900 ns: in-memory cache hits.
    case subMicrosecond
    /// Log-uniform over 200 ns ... 30 h: one histogram holding request latencies and session durations.
    case nanosecondsToHours

    /// The distribution's name.
    public var description: String { rawValue }

    /// One value drawn from the distribution.
    public func sample(_ random: inout SeededRandom) -> Double {
        switch self {
        case .lognormal:
            return exp(log(0.010) + 1.0 * random.normal())  // median 10 ms
        case .pareto:
            return 0.001 / pow(random.unitOpen(), 1 / 1.5)  // Pareto(α = 1.5, x_m = 1 ms)
        case .bimodal:
            // 70 % fast path around 2 ms, 30 % slow path around 80 ms.
            let center = random.unitOpen() < 0.7 ? 0.002 : 0.080
            return exp(log(center) + 0.25 * random.normal())
        case .uniform:
            return 0.001 + random.unitOpen() * 0.999  // 1 ms ... 1 s
        case .constant:
            return 0.0425
        case .subMicrosecond:
            return 100e-9 + random.unitOpen() * 800e-9
        case .nanosecondsToHours:
            return exp(log(200e-9) + random.unitOpen() * (log(30 * 3600.0) - log(200e-9)))
        }
    }

    /// `count` values drawn with a generator seeded by `seed`.
    public func samples(_ count: Int, seed: UInt64) -> [Double] {
        var random = SeededRandom(seed: seed)
        return (0..<count).map { _ in sample(&random) }
    }
}
