/// What a ``PrometheusRenderer`` renders and how.
public struct PrometheusOptions: Sendable, Hashable {
    /// Prefix of the pipeline's metric names (`statsbench` → `statsbench_api_calls_total`); empty for none.
    public var namespace: String = "statsbench"
    /// How latency histograms are reduced to `le` buckets (default: one per octave, occupied range only).
    public var histogramCoarsening: HistogramCoarsening = .octaves
    /// Render per-client series (off by default: one series per client per figure is unbounded cardinality).
    public var perClientSeries: Bool = false
    /// At most this many clients (the first by id) get series when ``perClientSeries`` is on.
    public var clientSeriesLimit: Int = 100

    /// The defaults: namespace `statsbench`, octave buckets, no per-client series.
    public init() {}
}

/// The metric types of the text format.
enum PrometheusType: String {
    case counter, gauge, histogram
}
