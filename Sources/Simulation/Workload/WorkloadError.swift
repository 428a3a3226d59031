/// Why a workload generator (churn, call costs) cannot be built from a scenario: the field and the reason.
public struct WorkloadError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The scenario field, e.g. `clients.churn.session-length`.
    public var path: String
    /// What is wrong with it.
    public var reason: String

    /// An error about `path`.
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    /// `path: reason`.
    public var description: String { "\(path): \(reason)" }
}
