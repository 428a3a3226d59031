import ServerStats

extension PrometheusRenderer {
    /// Renders a whole `/metrics` page: the pipeline's server-wide statistics, its per-method request metrics
    /// and latency histograms, per-client series if enabled, then `resources` and `metrics` when given.
    /// Starts from an empty exposition (reusing the buffer) and returns its text.
    public mutating func render(
        pipeline: StatsPipeline, resources: ResourceSample? = nil, metrics: MetricsSnapshot? = nil
    ) -> String {
        reset()
        appendServer(pipeline.serverSnapshot())
        appendRequests(MethodRequestFigures.all(from: pipeline))
        if options.perClientSeries { appendClients(pipeline.clientSnapshots()) }
        if let resources { appendResources(resources) }
        if let metrics { appendMetrics(metrics) }
        return text
    }
}
