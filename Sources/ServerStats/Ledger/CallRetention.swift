/// How many raw call records a ``CallLedger`` keeps beside its exact aggregates.
///
/// Aggregates are exact whatever the retention; raw records are a bounded window for inspection ("the last
/// calls"), never the source of a total. See ``CallLedger`` for what is kept and what is dropped.
///
/// ```swift
/// CallLedger(registry: registry, retention: .newest(1_000))
/// CallLedger(registry: registry, retention: .disabled)
/// ```
public struct CallRetention: Sendable, Hashable, CustomStringConvertible {
    /// Maximum number of raw records kept; 0 when retention is disabled.
    public let limit: Int

    private init(limit: Int) {
        self.limit = limit
    }

    /// Keep the newest `count` raw records (at least 1).
    public static func newest(_ count: Int) -> CallRetention {
        precondition(count >= 1, "CallRetention.newest needs a count of at least 1, got \(count); use .disabled")
        return CallRetention(limit: count)
    }

    /// Keep no raw records: recording only updates the aggregates.
    public static var disabled: CallRetention { CallRetention(limit: 0) }

    /// The newest 10 000 records.
    public static var `default`: CallRetention { .newest(10_000) }

    /// True when raw records are kept.
    public var isEnabled: Bool { limit > 0 }

    /// `newest 10000` or `disabled`.
    public var description: String { isEnabled ? "newest \(limit)" : "disabled" }
}
