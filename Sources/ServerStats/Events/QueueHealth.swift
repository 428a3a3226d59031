import Synchronization

/// The queue health classes, from how full a client's event queue is.
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

/// How many connected clients' event queues are `warning` and `critical` now, kept as their depths change (so a
/// server snapshot reads two words instead of every client's record); the rest are `healthy`.
///
/// ``EventQueue`` reports each change of depth under its lock; a client that disconnects takes its class with it.
/// A queue must not be used after its client disconnected (its record is then recycled).
final class QueueHealthCounts: Sendable {
    private let warning = Atomic<Int64>(0)
    private let critical = Atomic<Int64>(0)

    /// A queue of `capacity` went from `old` to `new` events.
    func moved(from old: Int, to new: Int, capacity: Int) {
        let before = QueueHealth(depth: UInt64(old), capacity: capacity)
        let after = QueueHealth(depth: UInt64(new), capacity: capacity)
        guard before != after else { return }
        add(-1, to: before)
        add(1, to: after)
    }

    /// A client whose queue held `depth` events left.
    func left(depth: UInt64, capacity: Int) {
        add(-1, to: QueueHealth(depth: depth, capacity: capacity))
    }

    /// Counts by class for `connected` clients (healthy = the others; never negative).
    func counts(connected: Int64) -> [QueueHealth: UInt64] {
        let warnings = max(0, warning.load(ordering: .relaxed))
        let criticals = max(0, critical.load(ordering: .relaxed))
        return [
            .healthy: UInt64(max(0, connected - warnings - criticals)), .warning: UInt64(warnings),
            .critical: UInt64(criticals),
        ]
    }

    private func add(_ amount: Int64, to health: QueueHealth) {
        switch health {
        case .healthy: return
        case .warning: warning.wrappingAdd(amount, ordering: .relaxed)
        case .critical: critical.wrappingAdd(amount, ordering: .relaxed)
        }
    }
}
