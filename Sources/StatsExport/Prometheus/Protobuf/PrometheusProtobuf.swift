import StatsCore
import SwiftProtobuf

/// Builds the protobuf exposition's messages (`io.prometheus.client`, generated in metrics.pb.swift) from an
/// ``ExpositionStructure`` and frames them as the delimited format wants.
enum PrometheusProtobuf {
    /// The `MetricFamily` of `family`: counters and gauges one `Metric` per sample; histograms with their
    /// classic buckets (the text's `le` set, `+Inf` implicit) and, when the unit allows
    /// (``NativeHistogramBuckets``), the native-histogram fields.
    static func family(_ family: ExpositionStructure.Family) -> Io_Prometheus_Client_MetricFamily {
        var message = Io_Prometheus_Client_MetricFamily()
        message.name = family.name
        message.help = family.help
        switch family.type {
        case .counter, .gauge:
            message.type = family.type == .counter ? .counter : .gauge
            message.metric = family.samples.map { sample in
                var metric = Io_Prometheus_Client_Metric()
                metric.label = labels(sample.labels)
                if family.type == .counter {
                    metric.counter.value = sample.value
                } else {
                    metric.gauge.value = sample.value
                }
                return metric
            }
        case .histogram:
            message.type = .histogram
            message.metric = family.histograms.map { series in
                var metric = Io_Prometheus_Client_Metric()
                metric.label = labels(series.labels)
                metric.histogram = histogram(series)
                return metric
            }
        }
        return message
    }

    /// A histogram series: sample count and sum, classic buckets, native fields.
    static func histogram(_ series: ExpositionStructure.Histogram) -> Io_Prometheus_Client_Histogram {
        var message = Io_Prometheus_Client_Histogram()
        message.sampleCount = series.snapshot.count
        message.sampleSum = series.snapshot.sum * series.unitScale
        message.bucket = series.classic.map { bucket in
            var classic = Io_Prometheus_Client_Bucket()
            classic.cumulativeCount = bucket.cumulativeCount
            classic.upperBound = bucket.upperBound * series.unitScale
            return classic
        }
        if let native = NativeHistogramBuckets(snapshot: series.snapshot, unitScale: series.unitScale) {
            message.schema = Int32(native.schema)
            message.zeroThreshold = native.zeroThreshold
            message.zeroCount = native.zeroCount
            message.positiveSpan = native.spans.map { span in
                var bucketSpan = Io_Prometheus_Client_BucketSpan()
                bucketSpan.offset = span.offset
                bucketSpan.length = span.length
                return bucketSpan
            }
            message.positiveDelta = native.deltas
        }
        return message
    }

    /// Label pairs in order.
    static func labels(_ labels: [(String, String)]) -> [Io_Prometheus_Client_LabelPair] {
        labels.map { label in
            var pair = Io_Prometheus_Client_LabelPair()
            pair.name = label.0
            pair.value = label.1
            return pair
        }
    }

    /// `messages` in the delimited framing: each message's length as a base-128 varint, then its bytes.
    static func delimited(_ messages: [some SwiftProtobuf.Message]) throws -> [UInt8] {
        var output: [UInt8] = []
        for message in messages {
            let bytes: [UInt8] = try message.serializedBytes()
            appendVarint(UInt64(bytes.count), to: &output)
            output.append(contentsOf: bytes)
        }
        return output
    }

    /// Appends `value` as a protobuf varint: 7 bits per byte, least significant first, high bit set on all
    /// but the last.
    static func appendVarint(_ value: UInt64, to output: inout [UInt8]) {
        var rest = value
        while rest >= 0x80 {
            output.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        output.append(UInt8(rest))
    }
}
