/// Renders statistics as Prometheus text exposition format 0.0.4 into a byte buffer that is reused between
/// renders (``reset()`` keeps its capacity), in the style of swift-prometheus's `emit(into:)`.
///
/// Each `append…` call adds whole metric families: one `# HELP` and one `# TYPE` line, then its samples.
/// A family name already rendered since the last ``reset()`` is skipped (with a comment line saying so), so
/// the output never has two groups of one family.
///
/// ```swift
/// var renderer = PrometheusRenderer()
/// let page = renderer.render(pipeline: pipeline, resources: sampler.sample(at: .wallClockNow()))
/// // in a /metrics handler; the next render reuses the buffer
/// ```
public struct PrometheusRenderer: Sendable {
    /// What is rendered and how.
    public var options: PrometheusOptions

    /// The exposition so far, UTF-8.
    public private(set) var bytes: [UInt8] = []
    private var families: Set<String> = []
    /// The families rendered since the last ``reset()`` as data, kept only while ``keepsStructure`` is on.
    var structure: ExpositionStructure?

    /// A renderer with `options` and an empty buffer.
    public init(options: PrometheusOptions = PrometheusOptions()) {
        self.options = options
    }

    /// Empties the exposition, keeping the buffer's capacity.
    public mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        families.removeAll(keepingCapacity: true)
        if structure != nil { structure = ExpositionStructure() }
    }

    /// The exposition so far as a string.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Capacity of the reused buffer, in bytes.
    public var bufferCapacity: Int { bytes.capacity }

    /// Appends a comment line (`# ` followed by `text`, newlines replaced by spaces).
    public mutating func appendComment(_ text: String) {
        write("# ")
        write(String(text.map { $0 == "\n" ? " " : $0 }))
        write("\n")
    }

    /// `name` with the namespace prefix.
    func qualified(_ name: String) -> String {
        options.namespace.isEmpty ? name : PrometheusText.metricName(options.namespace) + "_" + name
    }

    /// Writes a family's HELP and TYPE lines; returns false (and writes a comment) when `name` was already
    /// rendered, in which case the caller writes no samples.
    /// A histogram family also owns `NAME_bucket`, `NAME_sum` and `NAME_count`, so a later family of one of
    /// those names is skipped too.
    mutating func beginFamily(_ name: String, help: String, type: PrometheusType) -> Bool {
        let owned = type == .histogram ? [name, name + "_bucket", name + "_sum", name + "_count"] : [name]
        guard !owned.contains(where: families.contains) else {
            appendComment("skipped a second family named \(name) (\(type.rawValue)): names must be unique")
            return false
        }
        families.formUnion(owned)
        structure?.begin(name: name, help: help, type: type)
        write("# HELP ")
        write(name)
        write(" ")
        write(PrometheusText.escapeHelp(help))
        write("\n# TYPE ")
        write(name)
        write(" ")
        write(type.rawValue)
        write("\n")
        return true
    }

    /// True when a family written since the last ``reset()`` owns the sample name `name`.
    func isNameTaken(_ name: String) -> Bool { families.contains(name) }

    /// Writes `name{labels} value`.
    mutating func writeSample(_ name: String, labels: [(String, String)] = [], _ value: UInt64) {
        structure?.add(labels: labels, value: Double(value))
        writeSeries(name, labels: labels)
        writeDigits(value)
        write("\n")
    }

    /// Writes `name{labels} value`.
    mutating func writeSample(_ name: String, labels: [(String, String)] = [], _ value: Double) {
        structure?.add(labels: labels, value: value)
        writeSeries(name, labels: labels)
        write(PrometheusText.number(value))
        write("\n")
    }

    /// Writes one family of unlabelled or labelled samples, all of one type; nothing when `samples` is empty.
    mutating func appendFamily(
        _ name: String, help: String, type: PrometheusType, _ samples: [(labels: [(String, String)], value: Double)]
    ) {
        guard !samples.isEmpty, beginFamily(name, help: help, type: type) else { return }
        for sample in samples { writeSample(name, labels: sample.labels, sample.value) }
    }

    /// Writes one family of integer samples; nothing when `samples` is empty.
    mutating func appendFamily(
        _ name: String, help: String, type: PrometheusType, _ samples: [(labels: [(String, String)], value: UInt64)]
    ) {
        guard !samples.isEmpty, beginFamily(name, help: help, type: type) else { return }
        for sample in samples { writeSample(name, labels: sample.labels, sample.value) }
    }

    /// Writes `name{k="v",…} ` (labels sanitized and escaped; no braces without labels).
    mutating func writeSeries(_ name: String, labels: [(String, String)]) {
        write(name)
        if !labels.isEmpty {
            write("{")
            for (position, label) in labels.enumerated() {
                if position > 0 { write(",") }
                write(PrometheusText.labelName(label.0))
                write("=\"")
                write(PrometheusText.escapeLabelValue(label.1))
                write("\"")
            }
            write("}")
        }
        write(" ")
    }

    mutating func write(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    /// Decimal digits of `value`, without building a string.
    private mutating func writeDigits(_ value: UInt64) {
        guard value > 0 else {
            bytes.append(UInt8(ascii: "0"))
            return
        }
        let start = bytes.count
        var rest = value
        while rest > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(rest % 10))
            rest /= 10
        }
        bytes[start...].reverse()
    }
}
