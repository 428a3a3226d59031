import Foundation

/// Writes a result's files: `result.json` and `report.md`, each atomically (temporary file, then rename).
public enum ResultWriter {
    /// Where a run's files go: `reports/<scenario>/<UTC stamp>/` plus a copy in `reports/latest/<scenario>/`,
    /// or `<output>/<scenario>/` when an output directory is given.
    public struct Destination: Sendable {
        /// The directories the files are written to (the first is the one reported).
        public var directories: [URL]

        /// The default layout under `reportsRoot` (usually `reports/`), stamped `stamp`.
        public static func standard(reportsRoot: URL, scenario: String, stamp: String) -> Destination {
            Destination(directories: [
                reportsRoot.appendingPathComponent(scenario).appendingPathComponent(stamp),
                reportsRoot.appendingPathComponent("latest").appendingPathComponent(scenario),
            ])
        }

        /// `output/<scenario>/`.
        public static func output(_ output: URL, scenario: String) -> Destination {
            Destination(directories: [output.appendingPathComponent(scenario)])
        }
    }

    /// A UTC timestamp for directory names: `20261123T001500Z`.
    public static func stamp(_ date: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.string(from: date)
    }

    /// Writes `result.json` and `report.md` into every directory of `destination`; returns the first
    /// directory's `report.md` path.
    @discardableResult
    public static func write(_ result: RunResult, to destination: Destination) throws(HarnessError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let json: Data
        do {
            json = try encoder.encode(result)
        } catch {
            throw .output(path: "result.json", reason: "cannot encode the result: \(error)")
        }
        let report = Data(ReportRenderer.markdown(result).utf8)
        for directory in destination.directories {
            try writeAtomically(json, to: directory.appendingPathComponent("result.json"))
            try writeAtomically(report, to: directory.appendingPathComponent("report.md"))
        }
        return destination.directories[0].appendingPathComponent("report.md").path
    }

    /// Writes `data` to a temporary file beside `url`, then renames it over `url`.
    public static func writeAtomically(_ data: Data, to url: URL) throws(HarnessError) {
        let directory = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
            try data.write(to: temporary)
            if FileManager.default.fileExists(atPath: url.path) {
                _ = try FileManager.default.replaceItemAt(url, withItemAt: temporary)
            } else {
                try FileManager.default.moveItem(at: temporary, to: url)
            }
        } catch {
            throw .output(path: url.path, reason: error.localizedDescription)
        }
    }
}
