extension Scenario {
    /// Why this scenario's run, with its length multiplied by `scale` (`statsbench run --scale`), is larger than a
    /// run may be, or `nil` when it fits: the limits a scenario file is held to when it is read
    /// (``ScenarioLimits/expectedRequests`` requests, ``ScenarioLimits/windows`` windows of `stats.interval`,
    /// ``ScenarioLimits/controlOperations`` control-plane operations). A file is checked at scale 1; a scale
    /// above 1 must be checked again, or `--scale 1e9` would run for days and hold every ground-truth latency in
    /// memory.
    public func scaledRunProblem(scale: Double) -> String? {
        var scaled = self
        switch length {
        case .events(let count):
            let product = Double(count) * scale
            guard product <= ScenarioLimits.expectedRequests else {
                return "events × scale = \(ScenarioReader.figure(product)) requests, more than the "
                    + "\(ScenarioReader.figure(ScenarioLimits.expectedRequests)) a run may generate"
            }
            scaled.length = .events(count: max(1, Int(product.rounded())))
        case .duration(let seconds):
            scaled.length = .duration(seconds: seconds * scale)
        }
        let size = RunSize(scaled)
        if !(size.requests <= ScenarioLimits.expectedRequests) {
            return "the run would generate about \(ScenarioReader.figure(size.requests)) requests, more than the "
                + "\(ScenarioReader.figure(ScenarioLimits.expectedRequests)) a run may"
        }
        if !(size.windows <= ScenarioLimits.windows) {
            return "the run would span about \(ScenarioReader.figure(size.windows)) windows of stats.interval, more "
                + "than the \(ScenarioReader.figure(ScenarioLimits.windows)) a run may"
        }
        if !(size.controlOperations <= ScenarioLimits.controlOperations) {
            return "the run would make about \(ScenarioReader.figure(size.controlOperations)) control-plane "
                + "operations (server events, subscriptions, client replacements, per-window client visits), more "
                + "than the \(ScenarioReader.figure(ScenarioLimits.controlOperations)) a run may"
        }
        return nil
    }
}
