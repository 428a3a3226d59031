/// The hook for a sweep's `report.html`: the HTML report module sets ``render`` to a function that draws each
/// figure against the swept parameter with its fitted curve and the capacity table; while it is `nil`,
/// `statsbench sweep` writes no `report.html`.
public enum SweepHTML {
    /// Renders a sweep's self-contained HTML page (`nil`: no HTML report in this build).
    nonisolated(unsafe) public static var render: ((SweepDocument) -> String)?
}
