/// A figure that alerts watch: CPU, memory, disk, error rate or p99 latency.
///
/// A struct over a private enum, so that metrics can be added without breaking `switch`es in callers.
/// Encoded as its ``name`` (`"cpu"`, `"memory"`, `"disk"`, `"error_rate"`, `"p99_latency"`).
public struct AlertMetric: Hashable, Sendable, Codable, CustomStringConvertible {
    enum Kind: Int, CaseIterable, Sendable {
        case cpu, memory, disk, errorRate, p99Latency
    }

    let kind: Kind

    /// This process's CPU use, in percent of one core.
    public static let cpu = AlertMetric(kind: .cpu)
    /// This process's resident memory, in percent of the machine's memory.
    public static let memory = AlertMetric(kind: .memory)
    /// The fullest watched filesystem's used space, in percent of its size.
    public static let disk = AlertMetric(kind: .disk)
    /// Failed requests, in percent of all requests.
    public static let errorRate = AlertMetric(kind: .errorRate)
    /// The 99th percentile of request latency, in seconds.
    public static let p99Latency = AlertMetric(kind: .p99Latency)

    /// Every metric, in the order an evaluation reports them.
    public static let all: [AlertMetric] = Kind.allCases.map { AlertMetric(kind: $0) }

    /// The metric's name in alert ids and files: `cpu`, `memory`, `disk`, `error_rate`, `p99_latency`.
    public var name: String {
        switch kind {
        case .cpu: "cpu"
        case .memory: "memory"
        case .disk: "disk"
        case .errorRate: "error_rate"
        case .p99Latency: "p99_latency"
        }
    }

    /// The metric's name.
    public var description: String { name }

    /// The metric named `name`, or `nil` if there is none.
    public init?(name: String) {
        guard let metric = Self.all.first(where: { $0.name == name }) else { return nil }
        self = metric
    }

    init(kind: Kind) { self.kind = kind }

    /// Decodes a metric from its name.
    public init(from decoder: any Decoder) throws {
        let name = try decoder.singleValueContainer().decode(String.self)
        guard let metric = AlertMetric(name: name) else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription: "Unknown alert metric '\(name)'; expected one of "
                        + Self.all.map(\.name).joined(separator: ", ")))
        }
        self = metric
    }

    /// Encodes the metric as its name.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }
}
