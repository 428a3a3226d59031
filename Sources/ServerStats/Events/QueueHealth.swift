/// Seed 003's queue health classes, from how full a client's event queue is.
///
/// - `healthy`: below 75 % of capacity.
/// - `warning`: 75 % or more — the consumer is falling behind.
/// - `critical`: 90 % or more — overflow (drop-oldest) is imminent or happening: a queue that overflowed is
///   full, and stays critical until its consumer drains it below 90 %.
public enum QueueHealth: String, Sendable, Hashable, Codable, CaseIterable {
    /// Below 75 % full.
    case healthy
    /// At least 75 % full.
    case warning
    /// At least 90 % full.
    case critical

    /// The fraction of capacity at which a queue becomes `warning`.
    public static var warningFill: Double { 0.75 }
    /// The fraction of capacity at which a queue becomes `critical`.
    public static var criticalFill: Double { 0.90 }

    /// The class of a queue holding `depth` of `capacity` events.
    public init(depth: UInt64, capacity: Int) {
        let fill = capacity > 0 ? Double(depth) / Double(capacity) : 1
        if fill >= Self.criticalFill {
            self = .critical
        } else if fill >= Self.warningFill {
            self = .warning
        } else {
            self = .healthy
        }
    }
}
