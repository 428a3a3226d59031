/// Why an ``EventStreamConfiguration`` (or a worker's share of it) was rejected.
public enum EventStreamError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The request mix is empty or has more methods than a `UInt16` index holds.
    case invalidMethodCount(Int)
    /// A method's weight is negative or not finite.
    case invalidWeight(method: String, weight: Double)
    /// Every weight is 0, so no method could be chosen.
    case noPositiveWeight
    /// A method's error rate is outside `0 ... 1`.
    case invalidErrorRate(method: String, errorRate: Double)
    /// The client count is below 1 or above `UInt32.max`.
    case invalidClientCount(Int)
    /// `worker` is not in `0 ..< workers`, or `workers` is below 1.
    case invalidWorker(worker: Int, workers: Int)
    /// A method's latency or size distribution is invalid; `field` is `latency`, `requestBytes` or `responseBytes`.
    case invalidDistribution(method: String, field: String, DistributionError)
    /// The arrival process is invalid.
    case invalidArrival(ArrivalError)

    /// What was wrong, where, and what to do.
    public var description: String {
        switch self {
        case .invalidMethodCount(let count):
            return "request mix: \(count) methods; give between 1 and 65535 methods"
        case .invalidWeight(let method, let weight):
            return "request mix: method \"\(method)\" has weight \(weight); weights must be finite and 0 or more"
        case .noPositiveWeight:
            return "request mix: every method has weight 0; give at least one method a positive weight"
        case .invalidErrorRate(let method, let errorRate):
            return "request mix: method \"\(method)\" has error rate \(errorRate); it must be within 0 ... 1"
        case .invalidClientCount(let count):
            return "clients: \(count) is invalid; give between 1 and \(UInt32.max) clients"
        case .invalidWorker(let worker, let workers):
            return "event stream: worker \(worker) of \(workers) is invalid; workers must be at least 1 and "
                + "worker within 0 ..< workers"
        case .invalidDistribution(let method, let field, let error):
            return "request mix: method \"\(method)\", \(field): \(error)"
        case .invalidArrival(let error):
            return "arrival: \(error)"
        }
    }
}
