/// Settings of a comparison: the timed rule, the tolerances of the exact figures and what gates.
public struct CompareSettings: Sendable, Codable, Equatable {
    /// The decision rule for timed figures.
    public var rule = TimedRule()
    /// A `slower` timed figure (the rank test and the interval of the change agree) regresses (fails the gate)
    /// only when its change is above this fraction of the baseline's median (0.10 = +10 %) …
    public var allowedSlowdown: Double = 0.10
    /// … and above this many nanoseconds (or ratio units for ratios): a figure near 0 cannot fail on a fraction
    /// of nothing.
    public var allowedSlowdownAbsolute: Double = 2
    /// Whether timed figures can fail the gate when the two sides ran on different machines (CPU model or
    /// cores); by default they are reported and do not gate.
    public var timedGateAcrossMachines = false
    /// Whether timed figures can fail the gate at all (`false`: exact figures only).
    public var timedGate = true
    /// The control: the generator's CPU time per event with sink `none` runs the same code on both sides, so when
    /// it differs by more than this fraction the machine's speed changed between the runs, and the output says so.
    public var controlTolerance: Double = 0.25
    /// Whether a control beyond ``controlTolerance`` also turns timed `faster`/`slower` verdicts into
    /// `inconclusive` (off by default: the interleaved pairs cancel most of such a change — measured, the
    /// calibrated sink's +30 % was found through generator swings of ±40 %).
    public var controlMakesInconclusive = false
    /// Allocations per event may rise by this much before they count as a regression (absolute, per event).
    public var allocationTolerance: Double = 0.01
    /// A relative accuracy error may rise by this much (absolute, as a fraction; 1e-9: exact but for rounding).
    public var accuracyTolerance: Double = 1e-9
    /// Instructions per record may rise by this much (the (I₂ − I₁)/(N₂ − N₁) quotient is not always whole).
    public var instructionTolerance: Double = 0.5

    /// The defaults.
    public init() {}
}

/// One side of a comparison: the result files read and what they say about themselves.
public struct ComparedSide: Sendable, Codable, Equatable {
    /// The `result.json` files, in the order read.
    public var files: [String]
    /// Schema versions found.
    public var schemaVersions: [Int]
    /// Machines found (`CPU model, N cores`).
    public var machines: [String]
    /// Git revisions found.
    public var gitRevisions: [String]
    /// Scenario names, each with its number of runs, e.g. `smoke ×3`.
    public var scenarios: [String]
}

/// One figure of one scenario compared: the content of a `compare.json` row and a JUnit test case.
public struct FigureComparison: Sendable, Codable, Equatable {
    /// The scenario.
    public var scenario: String
    /// The figure, e.g. `overhead statsbench` or `allocations/event seed-naive`.
    public var figure: String
    /// `timed` (tested for noise) or `exact` (compared against a tolerance).
    public var kind: String
    /// The figure's unit: `ns`, `×`, `allocations/event`, `instructions/record`, `fraction`, `count`, `hash`.
    public var unit: String
    /// Baseline and current figure (medians for timed figures; `nil` where a side lacks it).
    public var baseline, current: Double?
    /// The values as text (a hash is not a number).
    public var baselineText, currentText: String
    /// `current − baseline`, and as a fraction of |baseline| (`nil` when the baseline is 0 or missing).
    public var change, relativeChange: Double?
    /// 95 % interval of the change (timed figures).
    public var changeLower, changeUpper: Double?
    /// The two-sided p-value of the test the verdict used (timed figures): Welch's t on the run medians when
    /// both sides have two runs or more, else Mann–Whitney U on the pooled pairs.
    public var pValue: Double?
    /// Samples per side (timed figures: pairs, all runs together).
    public var samples: [Int]?
    /// The verdict.
    public var verdict: Verdict
    /// Whether this figure fails the gate.
    public var regressed: Bool
    /// The allowed change, in words, e.g. `exact` or `slower by ≤ +20.0 ns (max of 10 %, 2 ns and the minimum effect)`.
    public var limit: String
    /// Why the verdict, in words.
    public var detail: String
    /// Runs with samples per side (timed figures); with two or more on both sides the runs are the samples of
    /// the test (compare.json schema version 2).
    public var runs: [Int]? = nil
}

/// The content of `compare.json` (documented in `docs/comparing-runs.md`).
public struct ComparisonReport: Sendable, Codable {
    /// The version of this schema. Version 2: timed rows carry `runs` (runs per side), and with two runs or more
    /// on both sides `pValue` and the interval are Welch's t on the run medians.
    public static let currentSchemaVersion = 2

    /// Schema version of this document.
    public var schemaVersion = ComparisonReport.currentSchemaVersion
    /// The baseline side.
    public var baseline: ComparedSide
    /// The current side.
    public var current: ComparedSide
    /// The settings used.
    public var settings: CompareSettings
    /// What differs between the sides and limits the comparison (schema versions, machines, missing
    /// scenarios, seeds or scales).
    public var notes: [String]
    /// Every figure compared.
    public var rows: [FigureComparison]
    /// Figures that regressed beyond their allowed change.
    public var regressions: Int {
        rows.filter(\.regressed).count
    }
    /// Whether nothing regressed (the command exits 0).
    public var passed: Bool { regressions == 0 }

    enum CodingKeys: String, CodingKey {
        case schemaVersion, baseline, current, settings, notes, rows, regressions, passed
    }

    /// Creates a report.
    public init(
        baseline: ComparedSide, current: ComparedSide, settings: CompareSettings, notes: [String],
        rows: [FigureComparison]
    ) {
        self.baseline = baseline
        self.current = current
        self.settings = settings
        self.notes = notes
        self.rows = rows
    }

    /// Decodes a report (the stored `regressions` and `passed` are recomputed from the rows).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        schemaVersion = try container.decode(Int.self, forKey: .schemaVersion)
        baseline = try container.decode(ComparedSide.self, forKey: .baseline)
        current = try container.decode(ComparedSide.self, forKey: .current)
        settings = try container.decode(CompareSettings.self, forKey: .settings)
        notes = try container.decode([String].self, forKey: .notes)
        rows = try container.decode([FigureComparison].self, forKey: .rows)
    }

    /// Encodes every field, `regressions` and `passed` included.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(schemaVersion, forKey: .schemaVersion)
        try container.encode(baseline, forKey: .baseline)
        try container.encode(current, forKey: .current)
        try container.encode(settings, forKey: .settings)
        try container.encode(notes, forKey: .notes)
        try container.encode(rows, forKey: .rows)
        try container.encode(regressions, forKey: .regressions)
        try container.encode(passed, forKey: .passed)
    }
}
