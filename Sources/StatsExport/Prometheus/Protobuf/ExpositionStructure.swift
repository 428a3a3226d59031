import StatsCore

/// The families of one exposition as data rather than text: what the protobuf exposition is built from. The
/// renderer fills it beside the text (same families, same order, same skips) while
/// ``PrometheusRenderer/keepsStructure`` is on.
struct ExpositionStructure: Sendable {
    /// One family: its samples (counters and gauges) or its histograms.
    struct Family: Sendable {
        var name: String
        var help: String
        var type: PrometheusType
        var samples: [(labels: [(String, String)], value: Double)] = []
        var histograms: [Histogram] = []
    }

    /// One histogram series: the snapshot, the classic buckets the text shows, and the unit factor.
    struct Histogram: Sendable {
        var labels: [(String, String)]
        var snapshot: HistogramSnapshot
        var classic: [CumulativeBucket]
        var unitScale: Double
    }

    private(set) var families: [Family] = []

    /// Starts family `name` (already checked unique by the renderer).
    mutating func begin(name: String, help: String, type: PrometheusType) {
        families.append(Family(name: name, help: help, type: type))
    }

    /// Adds a counter or gauge sample to the current family; histogram samples (`_bucket`, `_sum`, `_count`)
    /// are ignored: the histogram itself is added by ``addHistogram(labels:snapshot:classic:unitScale:)``.
    mutating func add(labels: [(String, String)], value: Double) {
        guard let last = families.indices.last, families[last].type != .histogram else { return }
        families[last].samples.append((Self.sanitized(labels), value))
    }

    /// Adds a histogram series to the current (histogram) family.
    mutating func addHistogram(
        labels: [(String, String)], snapshot: HistogramSnapshot, classic: [CumulativeBucket], unitScale: Double
    ) {
        guard let last = families.indices.last, families[last].type == .histogram else { return }
        families[last].histograms.append(
            Histogram(labels: Self.sanitized(labels), snapshot: snapshot, classic: classic, unitScale: unitScale))
    }

    /// Label names as the text format writes them (values need no escaping in protobuf).
    private static func sanitized(_ labels: [(String, String)]) -> [(String, String)] {
        labels.map { (PrometheusText.labelName($0.0), $0.1) }
    }
}

extension PrometheusRenderer {
    /// When on, every render also keeps its families as data, for ``protobufExposition()`` (off by default: the
    /// text exposition alone allocates nothing per sample).
    public var keepsStructure: Bool {
        get { structure != nil }
        set {
            if newValue != keepsStructure { structure = newValue ? ExpositionStructure() : nil }
        }
    }

    /// The families rendered since the last ``reset()`` in the Prometheus protobuf exposition
    /// (``PrometheusExpositionFormat/protobuf``): each `io.prometheus.client.MetricFamily` preceded by its
    /// length as a varint. Latency histograms in seconds carry native-histogram buckets
    /// (``NativeHistogramBuckets``) beside their classic `le` buckets. Empty when ``keepsStructure`` was off
    /// during the render.
    ///
    /// - Throws: SwiftProtobuf's encoding error, which these messages (no required fields) never raise.
    public func protobufExposition() throws -> [UInt8] {
        guard let structure else { return [] }
        return try PrometheusProtobuf.delimited(structure.families.map(PrometheusProtobuf.family))
    }
}
