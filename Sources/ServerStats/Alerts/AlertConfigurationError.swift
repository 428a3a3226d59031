import Foundation

/// Why alert thresholds were rejected.
public enum AlertConfigurationError: Error, Equatable, CustomStringConvertible, LocalizedError {
    /// A threshold is negative, infinite or NaN.
    case invalidThreshold(metric: AlertMetric, severity: AlertSeverity, value: Double)
    /// A metric's warning threshold is above its critical threshold.
    case warningAboveCritical(metric: AlertMetric, warning: Double, critical: Double)
    /// The hysteresis fraction is outside `0 ..< 1`.
    case invalidHysteresis(Double)
    /// The cooldown is negative, infinite or NaN.
    case invalidCooldown(seconds: Double)

    /// What was wrong, where, and what to do.
    public var description: String {
        switch self {
        case .invalidThreshold(let metric, let severity, let value):
            return "Alert threshold \(metric.name).\(severity.rawValue) = \(value) is invalid: thresholds must be "
                + "finite and not negative. Pass a value >= 0 for \(metric.name) to AlertThresholds."
        case .warningAboveCritical(let metric, let warning, let critical):
            return "Alert thresholds for \(metric.name) are inverted: warning \(warning) is above critical "
                + "\(critical). Set warning <= critical for \(metric.name)."
        case .invalidHysteresis(let fraction):
            return "Alert hysteresis \(fraction) is invalid: it is a fraction of the threshold from 0 (none) to "
                + "below 1 (default 0.1 = 10 %). Pass e.g. 0.1 to AlertThresholds(hysteresis:)."
        case .invalidCooldown(let seconds):
            return "Alert cooldown \(seconds) s is invalid: it must be finite and not negative (0 = off). "
                + "Pass a number of seconds to AlertThresholds(cooldownSeconds:)."
        }
    }

    /// The same text as ``description``, for Foundation's `localizedDescription`.
    public var errorDescription: String? { description }
}
