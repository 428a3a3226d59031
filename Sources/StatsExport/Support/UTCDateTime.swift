import ServerStats

/// A ``ServerStats/StatsTime`` broken down into UTC calendar fields, computed arithmetically (no time zone
/// database, no locale, no `gmtime`), so that file names and table rows are the same on every machine.
public struct UTCDateTime: Sendable, Hashable {
    /// Year, e.g. 2025.
    public let year: Int
    /// Month, 1...12.
    public let month: Int
    /// Day of the month, 1...31.
    public let day: Int
    /// Hour, 0...23.
    public let hour: Int
    /// Minute, 0...59.
    public let minute: Int
    /// Second, 0...59 (the fraction is dropped).
    public let second: Int

    /// The UTC fields of `time` (whole seconds, rounded down).
    public init(_ time: StatsTime) {
        let seconds = Int(time.nanosecondsSinceEpoch / 1_000_000_000)
        let days = seconds / 86_400
        let rest = seconds % 86_400
        hour = rest / 3600
        minute = rest % 3600 / 60
        second = rest % 60
        // Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's `civil_from_days`).
        let shifted = days + 719_468
        let era = shifted / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    }

    /// `YYYYMMDD-HHMMSS`, the stamp of stats file names.
    public var compactStamp: String {
        pad(year, 4) + pad(month, 2) + pad(day, 2) + "-" + pad(hour, 2) + pad(minute, 2) + pad(second, 2)
    }

    /// `YYYY-MM-DD HH:MM:SS`, for tables.
    public var readable: String {
        pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + " " + pad(hour, 2) + ":" + pad(minute, 2) + ":"
            + pad(second, 2)
    }

    private func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
