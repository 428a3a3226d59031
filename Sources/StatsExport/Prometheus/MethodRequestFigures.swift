import ServerStats
import StatsCore

/// One API method's request figures as the exporter renders them: all-time calls and errors, the sliding
/// window's statistics and, optionally, the window's latency histogram.
public struct MethodRequestFigures: Sendable, Hashable {
    /// The method name (the `method` label).
    public var method: String
    /// Calls since start.
    public var calls: UInt64
    /// Failed calls since start.
    public var errors: UInt64
    /// Figures over the monitor's window.
    public var window: RequestStatistics
    /// Latencies in the window, in seconds; `nil` to render no histogram.
    public var latency: HistogramSnapshot?

    /// Figures of one method.
    public init(
        method: String, calls: UInt64, errors: UInt64, window: RequestStatistics, latency: HistogramSnapshot? = nil
    ) {
        self.method = method
        self.calls = calls
        self.errors = errors
        self.window = window
        self.latency = latency
    }

    /// Every method of `monitor`, in table order, at `time`. The window statistics and the histogram are read
    /// one after the other (each under the monitor's rotation lock), so a rotation in between may make them
    /// differ by one slot.
    public static func all(from monitor: RequestMonitor, at time: StatsTime) -> [MethodRequestFigures] {
        monitor.methods.ids.map { id in
            let counts = monitor.allTimeCounts(method: id)
            return MethodRequestFigures(
                method: monitor.methods.names[id.index], calls: counts.calls, errors: counts.errors,
                window: monitor.statistics(method: id, at: time), latency: monitor.windowSnapshot(method: id))
        }
    }

    /// Every method of `pipeline`'s request monitor, in table order, at the pipeline's clock (as
    /// ``all(from:at:)``).
    public static func all(from pipeline: StatsPipeline) -> [MethodRequestFigures] {
        pipeline.methods.ids.map { id in
            let counts = pipeline.allTimeCounts(method: id)
            return MethodRequestFigures(
                method: pipeline.methods.names[id.index], calls: counts.calls, errors: counts.errors,
                window: pipeline.requestStatistics(method: id), latency: pipeline.windowLatency(method: id))
        }
    }
}
