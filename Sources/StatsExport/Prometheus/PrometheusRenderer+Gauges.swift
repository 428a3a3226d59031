extension PrometheusRenderer {
    /// Appends one gauge family named `name` (used as given, sanitized; no namespace added), one sample per
    /// entry of `samples`; nothing when `samples` is empty. For figures from outside a pipeline, e.g. a run's
    /// headline figures pushed to a Pushgateway.
    public mutating func appendGauges(
        _ name: String, help: String, _ samples: [(labels: [(String, String)], value: Double)]
    ) {
        appendFamily(PrometheusText.metricName(name), help: help, type: .gauge, samples)
    }
}
