import ServerStats

/// The compact table `statsbench watch` prints: one line per stats file. Pure functions of a report.
///
/// ```
/// time (UTC)           interval    calls  calls/s  errors   err%      recv      sent   events  dropped  conn  disc
/// 2025-01-01 12:00:10     10.0s     3000    300.0       1   0.03  29.3 KiB  14.6 KiB        0        0     2     0
/// ```
public enum StatsWatchTable {
    private static let widths = [19, 9, 8, 8, 7, 6, 9, 9, 8, 8, 5, 5]

    /// The column titles, aligned like ``row(_:)``.
    public static var header: String {
        line([
            "time (UTC)", "interval", "calls", "calls/s", "errors", "err%", "recv", "sent", "events", "dropped", "conn",
            "disc",
        ])
    }

    /// One line for `report`: its time, interval length and interval totals.
    public static func row(_ report: IntervalReport) -> String {
        let totals = report.totals
        let seconds = report.intervalSeconds
        // A report of no length (written at the instant of the one before it) has no rate: "—", not 0.
        let rate = seconds > 0 ? fixed(Double(totals.apiCalls) / seconds, 1) : "—"
        let errorPercent = totals.apiCalls == 0 ? 0 : Double(totals.apiFailures) / Double(totals.apiCalls) * 100
        return line([
            UTCDateTime(report.timestamp).readable, fixed(seconds, 1) + "s", "\(totals.apiCalls)", rate,
            "\(totals.apiFailures)", fixed(errorPercent, 2), bytes(totals.bytesReceived), bytes(totals.bytesSent),
            "\(totals.eventsSent)", "\(totals.eventsDropped)", "\(totals.clientsConnected)",
            "\(totals.clientsDisconnected)",
        ])
    }

    /// `512 B`, `29.3 KiB`, `1.5 MiB`, … (binary units, one decimal).
    public static func bytes(_ count: UInt64) -> String {
        guard count >= 1024 else { return "\(count) B" }
        var value = Double(count)
        var unit = 0
        let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return fixed(value, 1) + " " + units[unit]
    }

    /// `value` with exactly `decimals` decimals, rounded half away from zero; no locale.
    static func fixed(_ value: Double, _ decimals: Int) -> String {
        guard value.isFinite else { return "\(value)" }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        let whole = UInt64(scaled / scale)
        let fraction = UInt64(scaled - Double(whole) * scale)
        let digits = String(fraction)
        let padded = String(repeating: "0", count: max(0, decimals - digits.count)) + digits
        return (value < 0 && scaled > 0 ? "-" : "") + "\(whole)" + (decimals > 0 ? "." + padded : "")
    }

    private static func line(_ cells: [String]) -> String {
        var result = cells[0] + String(repeating: " ", count: max(0, widths[0] - cells[0].count))
        for (cell, width) in zip(cells.dropFirst(), widths.dropFirst()) {
            result += "  " + String(repeating: " ", count: max(0, width - cell.count)) + cell
        }
        return result
    }
}
