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
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let date = formatter.date(from: text) ?? ISO8601DateFormatter().date(from: text)
        guard let date, date.timeIntervalSince1970 >= 0 else { return nil }
        return StatsTime(secondsSinceEpoch: date.timeIntervalSince1970)
    }
}
