import ArgumentParser
import Harness

/// The comparison settings shared by `statsbench compare` and `statsbench run --baseline`.
struct CompareOptions: ParsableArguments {
    @Option(
        parsing: .unconditional, help: "Significance level of the Mann–Whitney U test for timed figures (0 < α < 1).")
    var alpha: DecimalArgument = 0.05

    @Option(parsing: .unconditional, help: "Minimum effect for a timed figure, in percent of the baseline's median.")
    var minEffect: DecimalArgument = 10.0

    @Option(
        parsing: .unconditional,
        help: "Minimum effect in nanoseconds for timed figures in ns (the larger of the two applies).")
    var minEffectNs: DecimalArgument = 2.0

    @Option(
        parsing: .unconditional,
        help: """
            Allowance for run-to-run variation of timed figures, in percent of the baseline's median: the interval \
            of the change is widened by ± this much.
            """)
    var runNoise: DecimalArgument = 15.0

    @Option(
        parsing: .unconditional,
        help: """
            With several runs a side, the percentage of a side's runs trimmed from each end before Welch's t \
            (Yuen's trimmed t), once the side has 8 runs or more; 0 never trims (0 ≤ x < 50).
            """)
    var runTrim: DecimalArgument = 20.0

    @Option(
        parsing: .unconditional,
        help: """
            A slower timed figure (test and interval agree) fails only when its change is above this \
            percentage of the baseline's median …
            """)
    var allowedSlowdown: DecimalArgument = 10.0

    @Option(parsing: .unconditional, help: "… and above this many nanoseconds.")
    var allowedSlowdownNs: DecimalArgument = 2.0

    @Flag(help: "Let timed figures fail the gate even when the two sides ran on different machines.")
    var gateAcrossMachines = false

    @Flag(help: "Only exact figures can fail; timed figures are reported with their verdicts.")
    var exactOnly = false

    @Option(
        parsing: .unconditional,
        help: """
            When the generator's own CPU time per event differs by more than this percentage between the sides, \
            the machine's speed changed: the output says so.
            """)
    var controlTolerance: DecimalArgument = 25.0

    @Flag(help: "Also make timed faster/slower verdicts inconclusive when the machine's speed changed.")
    var controlInconclusive = false

    @Option(parsing: .unconditional, help: "Allowed rise in allocations per event before it counts as a regression.")
    var allocationTolerance: DecimalArgument = 0.01

    @Option(parsing: .unconditional, help: "Allowed rise in instructions per record before it counts as a regression.")
    var instructionTolerance: DecimalArgument = 0.5

    /// The settings, or a message naming the option that is out of range.
    func settings() -> Result<CompareSettings, ValidationError> {
        var settings = CompareSettings()
        let checks: [(Bool, String)] = [
            (alpha.value > 0 && alpha.value < 1, "--alpha must be between 0 and 1, got \(alpha.value)"),
            (
                minEffect.value >= 0 && minEffect.value.isFinite,
                "--min-effect must be a percentage ≥ 0, got \(minEffect.value)"
            ),
            (
                runNoise.value >= 0 && runNoise.value.isFinite,
                "--run-noise must be a percentage ≥ 0, got \(runNoise.value)"
            ),
            (
                runTrim.value >= 0 && runTrim.value < 50,
                "--run-trim must be a percentage from 0 up to (not including) 50, got \(runTrim.value)"
            ),
            (
                minEffectNs.value >= 0 && minEffectNs.value.isFinite,
                "--min-effect-ns must be ≥ 0, got \(minEffectNs.value)"
            ),
            (
                allowedSlowdown.value >= 0 && allowedSlowdown.value.isFinite,
                "--allowed-slowdown must be a percentage ≥ 0, got \(allowedSlowdown.value)"
            ),
            (
                allowedSlowdownNs.value >= 0 && allowedSlowdownNs.value.isFinite,
                "--allowed-slowdown-ns must be ≥ 0, got \(allowedSlowdownNs.value)"
            ),
            (
                controlTolerance.value > 0 && controlTolerance.value.isFinite,
                "--control-tolerance must be a percentage above 0, got \(controlTolerance.value)"
            ),
            (
                allocationTolerance.value >= 0 && allocationTolerance.value.isFinite,
                "--allocation-tolerance must be ≥ 0, got \(allocationTolerance.value)"
            ),
            (
                instructionTolerance.value >= 0 && instructionTolerance.value.isFinite,
                "--instruction-tolerance must be ≥ 0, got \(instructionTolerance.value)"
            ),
        ]
        if let failed = checks.first(where: { !$0.0 }) { return .failure(ValidationError(failed.1)) }
        settings.rule.alpha = alpha.value
        settings.rule.minimumEffect = minEffect.value / 100
        settings.rule.minimumEffectNanoseconds = minEffectNs.value
        settings.rule.runNoise = runNoise.value / 100
        settings.rule.runTrim = runTrim.value / 100
        settings.allowedSlowdown = allowedSlowdown.value / 100
        settings.allowedSlowdownAbsolute = allowedSlowdownNs.value
        settings.timedGateAcrossMachines = gateAcrossMachines
        settings.timedGate = !exactOnly
        settings.allocationTolerance = allocationTolerance.value
        settings.controlTolerance = controlTolerance.value / 100
        settings.controlMakesInconclusive = controlInconclusive
        settings.instructionTolerance = instructionTolerance.value
        return .success(settings)
    }
}
