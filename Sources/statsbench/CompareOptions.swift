import ArgumentParser
import Harness

/// The comparison settings shared by `statsbench compare` and `statsbench run --baseline`.
struct CompareOptions: ParsableArguments {
    @Option(help: "Significance level of the Mann–Whitney U test for timed figures (0 < α < 1).")
    var alpha = 0.05

    @Option(help: "Minimum effect for a timed figure, in percent of the baseline's median.")
    var minEffect = 10.0

    @Option(help: "Minimum effect in nanoseconds for timed figures in ns (the larger of the two applies).")
    var minEffectNs = 2.0

    @Option(
        help: """
            Allowance for run-to-run variation of timed figures, in percent of the baseline's median: the interval \
            of the change is widened by ± this much.
            """)
    var runNoise = 15.0

    @Option(
        help: """
            With several runs a side, the percentage of a side's runs trimmed from each end before Welch's t \
            (Yuen's trimmed t), once the side has 8 runs or more; 0 never trims (0 ≤ x < 50).
            """)
    var runTrim = 20.0

    @Option(
        help: """
            A slower timed figure (test and interval agree) fails only when its change is above this \
            percentage of the baseline's median …
            """)
    var allowedSlowdown = 10.0

    @Option(help: "… and above this many nanoseconds.")
    var allowedSlowdownNs = 2.0

    @Flag(help: "Let timed figures fail the gate even when the two sides ran on different machines.")
    var gateAcrossMachines = false

    @Flag(help: "Only exact figures can fail; timed figures are reported with their verdicts.")
    var exactOnly = false

    @Option(
        help: """
            When the generator's own CPU time per event differs by more than this percentage between the sides, \
            the machine's speed changed: the output says so.
            """)
    var controlTolerance = 25.0

    @Flag(help: "Also make timed faster/slower verdicts inconclusive when the machine's speed changed.")
    var controlInconclusive = false

    @Option(help: "Allowed rise in allocations per event before it counts as a regression.")
    var allocationTolerance = 0.01

    @Option(help: "Allowed rise in instructions per record before it counts as a regression.")
    var instructionTolerance = 0.5

    /// The settings, or a message naming the option that is out of range.
    func settings() -> Result<CompareSettings, ValidationError> {
        var settings = CompareSettings()
        let checks: [(Bool, String)] = [
            (alpha > 0 && alpha < 1, "--alpha must be between 0 and 1, got \(alpha)"),
            (minEffect >= 0 && minEffect.isFinite, "--min-effect must be a percentage ≥ 0, got \(minEffect)"),
            (runNoise >= 0 && runNoise.isFinite, "--run-noise must be a percentage ≥ 0, got \(runNoise)"),
            (
                runTrim >= 0 && runTrim < 50,
                "--run-trim must be a percentage from 0 up to (not including) 50, got \(runTrim)"
            ),
            (minEffectNs >= 0 && minEffectNs.isFinite, "--min-effect-ns must be ≥ 0, got \(minEffectNs)"),
            (
                allowedSlowdown >= 0 && allowedSlowdown.isFinite,
                "--allowed-slowdown must be a percentage ≥ 0, got \(allowedSlowdown)"
            ),
            (
                allowedSlowdownNs >= 0 && allowedSlowdownNs.isFinite,
                "--allowed-slowdown-ns must be ≥ 0, got \(allowedSlowdownNs)"
            ),
            (
                controlTolerance > 0 && controlTolerance.isFinite,
                "--control-tolerance must be a percentage above 0, got \(controlTolerance)"
            ),
            (
                allocationTolerance >= 0 && allocationTolerance.isFinite,
                "--allocation-tolerance must be ≥ 0, got \(allocationTolerance)"
            ),
            (
                instructionTolerance >= 0 && instructionTolerance.isFinite,
                "--instruction-tolerance must be ≥ 0, got \(instructionTolerance)"
            ),
        ]
        if let failed = checks.first(where: { !$0.0 }) { return .failure(ValidationError(failed.1)) }
        settings.rule.alpha = alpha
        settings.rule.minimumEffect = minEffect / 100
        settings.rule.minimumEffectNanoseconds = minEffectNs
        settings.rule.runNoise = runNoise / 100
        settings.rule.runTrim = runTrim / 100
        settings.allowedSlowdown = allowedSlowdown / 100
        settings.allowedSlowdownAbsolute = allowedSlowdownNs
        settings.timedGateAcrossMachines = gateAcrossMachines
        settings.timedGate = !exactOnly
        settings.allocationTolerance = allocationTolerance
        settings.controlTolerance = controlTolerance / 100
        settings.controlMakesInconclusive = controlInconclusive
        settings.instructionTolerance = instructionTolerance
        return .success(settings)
    }
}
