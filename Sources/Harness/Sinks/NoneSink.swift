import Simulation

/// No statistics at all: the baseline every overhead is measured against. Its `record` is an empty call the
/// optimiser may remove, so a run through it costs exactly the generator and the runner.
public final class NoneSink: Sink {
    /// Creates the sink (nothing to set up).
    public init(setup: SinkSetup) throws(HarnessError) {}

    /// Does nothing.
    @inline(__always)
    public func record(_ request: SimulatedRequest, worker: Int) {}
}
