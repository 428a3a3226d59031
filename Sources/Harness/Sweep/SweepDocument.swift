/// `sweep.json`: a sweep's points, fits, capacity table and targets (docs/sweep-format.md). Written whole after
/// every point, so an interrupted sweep leaves every finished point.
public struct SweepDocument: Sendable, Codable {
    /// The schema version of this layout.
    public static let currentSchemaVersion = 1

    /// ``currentSchemaVersion`` when written.
    public var schemaVersion: Int
    /// The tool's version.
    public var toolVersion: String
    /// The scenario as named in its file, and the file.
    public var scenario: String
    /// The scenario file.
    public var scenarioFile: String
    /// When the sweep started (ISO 8601, UTC).
    public var startedAt: String
    /// The command line.
    public var arguments: [String]
    /// Each parameter alone (`true`) or the cross product.
    public var oneAtATime: Bool
    /// The varied parameters and their values.
    public var axes: [SweepAxis]
    /// The scenario's own value of each axis's parameter.
    public var baseValues: [Double]
    /// The budgets of the capacity table.
    public var budgets: SweepBudgets
    /// Points planned (``points`` holds those finished so far).
    public var plannedPoints: Int
    /// The finished points, in order.
    public var points: [SweepPointResult]
    /// Each figure against each swept parameter (from the finished, successful points).
    public var fits: [FigureFit]
    /// The capacity table (from the fits against clients).
    public var capacity: [CapacityRow]
    /// The targets, met or missed.
    public var targets: [TargetOutcome]

    /// Whether every planned point finished, ran successfully, and every target was met.
    public var passed: Bool {
        points.count == plannedPoints && points.allSatisfy { $0.status == .ok }
            && targets.allSatisfy { $0.met != false }
    }
}

/// One finished point.
public struct SweepPointResult: Sendable, Codable {
    /// How the point went.
    public enum Status: String, Sendable, Codable {
        /// Ran; every threshold and conservation check held.
        case ok
        /// Ran, but a scenario threshold or conservation check failed (its run directory says which).
        case checksFailed = "checks-failed"
        /// Could not run; ``error`` says why.
        case failed
    }

    /// The point.
    public var point: SweepPointSpec
    /// How it went.
    public var status: Status
    /// Why it failed (``Status/failed`` only).
    public var error: String?
    /// Wall-clock seconds the point took.
    public var seconds: Double
    /// The point's own run directory (`result.json`, `report.md`), relative to the sweep directory.
    public var runDirectory: String?
    /// Per figure (``SweepFigure`` raw value), its value; a figure not measured is absent.
    public var figures: [String: Double]
    /// Half-width of the 95 % interval of the overhead figure, ns.
    public var overheadInterval95: Double?
    /// Timed repetitions behind each cold-path median.
    public var coldPathRepetitions: [String: Int]
    /// In a one-at-a-time sweep, the 0-based index of an earlier point with the same values whose run this point
    /// shares instead of running it again (the scenario's own values, listed in two `--vary` arguments); `nil` for a
    /// point that ran. Optional since sweep schema version 1, so older sweep files load.
    public var sameAs: Int? = nil

    /// The value of `figure`, if measured.
    public func value(_ figure: SweepFigure) -> Double? { figures[figure.rawValue] }

    /// Whether the overhead's 95 % interval reaches 0 ("below the noise"): its mean is then no cost, neither shown
    /// as one, fitted, nor divided into a capacity.
    public var overheadBelowNoise: Bool {
        guard let value = value(.overhead), let width = overheadInterval95, value.isFinite, width.isFinite else {
            return false
        }
        return value - width <= 0
    }
}

/// One figure's growth against one parameter.
public struct FigureFit: Sendable, Codable {
    /// The figure (``SweepFigure`` raw value).
    public var figure: String
    /// The parameter.
    public var parameter: SweepParameter
    /// The points used: `(value of the parameter, figure)`.
    public var points: [[Double]]
    /// The chosen model (``GrowthFitter`` rule).
    public var chosen: GrowthFit
    /// Every model fitted.
    public var candidates: [GrowthFit]
    /// The fastest growth the design allows (against clients only; `nil`: no expectation).
    public var expected: GrowthModel?
    /// Whether the chosen growth is worse than ``expected``.
    public var flagged: Bool
    /// One line: `bytes per client: constant, 481 B (±1.2 % across the range)`.
    public var summary: String
    /// The growth exponent k of `figure ≈ c·n^k` (log–log least squares; ``GrowthFitter/exponent(_:)``), `nil`
    /// when it cannot be computed (fewer than two positive points). Added in sweep schema version 1 as optional.
    public var exponent: Double? = nil
    /// `true` when the figure is a time whose change from the smallest to the largest size is within the noise
    /// (``SweepAnalysis/timedNoiseRatio``): it is then never flagged, and the capacity table draws no limit from
    /// it. Absent otherwise; optional since sweep schema version 1.
    public var withinNoise: Bool? = nil
}

/// One of the targets, evaluated on the sweep.
public struct TargetOutcome: Sendable, Codable {
    /// The target in words.
    public var target: String
    /// Whether the sweep met it; `nil` when the sweep cannot tell (e.g. clients not varied; ``detail`` says why).
    public var met: Bool?
    /// The figures behind the verdict.
    public var detail: String
}
