import Foundation
import Hummingbird
import ServerStats

/// The filters of `/health/history`: `since` (a time) and `latest` (a count).
struct HistoryQuery: Equatable {
    /// Keep samples taken at or after this time.
    var since: StatsTime?
    /// Keep only the newest this many (after `since`).
    var latest: Int?

    /// Filters given directly.
    init(since: StatsTime?, latest: Int?) {
        self.since = since
        self.latest = latest
    }

    /// Reads `since` and `latest` from `request`; a bad value is a 400 naming the parameter.
    init(_ request: Request) throws(StatsHTTPError) {
        if let raw = try QueryParameters.string("since", in: request) {
            guard let time = Self.time(raw) else {
                throw .badParameter(
                    name: "since", value: String(raw.prefix(100)),
                    expected: "a UTC time like 2026-01-31T12:00:00Z (fractional seconds allowed) or Unix seconds "
                        + "like 1769860800.5")
            }
            since = time
        }
        if let raw = try QueryParameters.string("latest", in: request) {
            // `?latest` alone asks for the newest sample.
            latest =
                raw.isEmpty
                ? 1
                : try QueryParameters.integer(
                    "latest", in: request, default: 1, range: 1...Int.max, expected: "an integer ≥ 1 (or no value: 1)")
        }
    }

    /// The samples of `all` (oldest first) these filters keep, oldest first.
    func apply(to all: [ResourceSample]) -> [ResourceSample] {
        var kept = all
        if let since { kept = kept.filter { $0.timestamp >= since } }
        if let latest, kept.count > latest { kept = Array(kept.suffix(latest)) }
        return kept
    }

    /// `raw` as a time: Unix seconds (a plain non-negative decimal number) or an RFC 3339 UTC/offset time.
    static func time(_ raw: String) -> StatsTime? {
        let text = raw.trimmingCharacters(in: .whitespaces)
        if !text.isEmpty, text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
            text.filter({ $0 == "." }).count <= 1, let seconds = Double(text), seconds.isFinite,
            seconds < 1.8e10
        {
            return StatsTime(secondsSinceEpoch: seconds)
        }
        // The formatter rolls impossible fields over (February 30 → March 2, 24:00 → the next day, an offset of
        // +25:00): the fields are checked first.
        guard fieldsInRange(text) else { return nil }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let date = formatter.date(from: text) ?? ISO8601DateFormatter().date(from: text)
        guard let date, date.timeIntervalSince1970 >= 0 else { return nil }
        return StatsTime(secondsSinceEpoch: date.timeIntervalSince1970)
    }

    /// Whether `text` has RFC 3339's shape (`YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`) with every field in its
    /// range: month 1–12, a day that the month has (leap years included), hour 0–23, minute and second 0–59, an
    /// offset of at most 23:59.
    static func fieldsInRange(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= bytes.count, !range.isEmpty else { return nil }
            var value = 0
            for byte in bytes[range] {
                guard (0x30...0x39).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        func byte(_ index: Int, _ expected: String) -> Bool {
            index < bytes.count && expected.utf8.contains(bytes[index])
        }
        guard let year = number(0..<4), byte(4, "-"), let month = number(5..<7), byte(7, "-"),
            let day = number(8..<10), byte(10, "Tt"), let hour = number(11..<13), byte(13, ":"),
            let minute = number(14..<16), byte(16, ":"), let second = number(17..<19)
        else { return false }
        var index = 19
        if byte(index, ".") {
            index += 1
            let start = index
            while index < bytes.count, (0x30...0x39).contains(bytes[index]) { index += 1 }
            guard index > start else { return false }
        }
        if byte(index, "Zz") {
            index += 1
        } else {
            guard byte(index, "+-"), let offsetHours = number(index + 1..<index + 3), byte(index + 3, ":"),
                let offsetMinutes = number(index + 4..<index + 6), offsetHours <= 23, offsetMinutes <= 59
            else { return false }
            index += 6
        }
        guard index == bytes.count, (1...12).contains(month), hour <= 23, minute <= 59, second <= 59 else {
            return false
        }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return (1...days).contains(day)
    }
}
