import StatsCore

extension PrometheusRenderer {
    /// Appends one histogram family: for each series, cumulative `name_bucket{…,le="…"}` lines at the
    /// boundaries chosen by ``PrometheusOptions/histogramCoarsening`` (exact boundaries of the snapshot's
    /// layout, so every count is exact), then `le="+Inf"` (the snapshot's ``StatsCore/HistogramSnapshot/count``),
    /// `name_sum` and `name_count`. Nothing when `series` is empty.
    ///
    /// - Parameters:
    ///   - name: the full metric name, used as given (sanitized); no namespace is added.
    ///   - unitScale: multiplies boundaries and sums, e.g. `1e-9` to render a nanosecond histogram in seconds.
    public mutating func appendHistogram(
        name: String, help: String, series: [(labels: [(String, String)], snapshot: HistogramSnapshot)],
        unitScale: Double = 1
    ) {
        let name = PrometheusText.metricName(name)
        guard !series.isEmpty, beginFamily(name, help: help, type: .histogram) else { return }
        let bucketName = name + "_bucket"
        for (labels, snapshot) in series {
            let buckets = snapshot.cumulativeBuckets(options.histogramCoarsening)
            structure?.addHistogram(labels: labels, snapshot: snapshot, classic: buckets, unitScale: unitScale)
            for bucket in buckets {
                writeSample(
                    bucketName, labels: labels + [("le", PrometheusText.number(bucket.upperBound * unitScale))],
                    bucket.cumulativeCount)
            }
            writeSample(bucketName, labels: labels + [("le", "+Inf")], snapshot.count)
            writeSample(name + "_sum", labels: labels, snapshot.sum * unitScale)
            writeSample(name + "_count", labels: labels, snapshot.count)
        }
    }
}
