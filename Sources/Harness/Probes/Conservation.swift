/// A sink that can check its own books beyond the common totals (the pipeline: clients, events, history).
protocol ConservationReporting {
    /// Checks of the sink's internal figures after a drive that generated `generated` with `outcome`.
    func conservationChecks(generated: GeneratorTotals, outcome: DriveOutcome) -> [ConservationCheck]
}

/// The conservation checks every sink gets: each figure it keeps must equal what the generator produced.
enum Conservation {
    /// Compares every non-`nil` figure of `totals` with `generated`.
    static func checks(sink: String, totals: SinkTotals, generated: GeneratorTotals, methods: [String])
        -> [ConservationCheck]
    {
        var checks: [ConservationCheck] = []
        func check(_ name: String, _ actual: UInt64?, _ expected: UInt64) {
            if let actual {
                checks.append(ConservationCheck(sink: sink, name: name, expected: expected, actual: actual))
            }
        }
        check("requests recorded == generated", totals.requests, generated.requests)
        check("failures recorded == generated", totals.failures, generated.failures)
        check("request bytes recorded == generated", totals.requestBytes, generated.requestBytes)
        check("response bytes recorded == generated", totals.responseBytes, generated.responseBytes)
        if let perMethod = totals.requestsPerMethod {
            for (index, name) in methods.enumerated() {
                check("requests of \(name) recorded == generated", perMethod[index], generated.requestsPerMethod[index])
            }
        }
        return checks
    }
}
