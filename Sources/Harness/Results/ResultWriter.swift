import Foundation
import StatsExport

/// Writes a result's files: `result.json`, `report.md` and `report.html`, each atomically with the project's one atomic writer
/// (temporary file in the same directory, fsync, rename over the old file, fsync the directory), so running
/// again into the same directory replaces the files and a reader never sees half of one.
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

        /// ``standard(reportsRoot:scenario:stamp:)`` with a stamped directory of its own: the directory is created
        /// here, exclusively, so that a second result stamped the same second (the same scenario twice in one run,
        /// or two runs within a second) goes to `<stamp>-2`, `<stamp>-3`, … instead of replacing the first.
        ///
        /// - Throws: ``HarnessError/output(path:reason:)`` when the scenario's directory cannot be created, or a
        ///   thousand directories of this stamp exist.
        public static func claimStandard(
            reportsRoot: URL, scenario: String, stamp: String
        ) throws(HarnessError) -> Destination {
            let parent = reportsRoot.appendingPathComponent(scenario)
            if let problem = DirectoryMaker.problem(creating: parent.path) {
                throw .output(path: parent.path, reason: "cannot create the directory (\(problem))")
            }
            for attempt in 1...1000 {
                let candidate = attempt == 1 ? stamp : "\(stamp)-\(attempt)"
                // mkdir(2) fails with EEXIST when the directory is there: the claim is atomic across processes.
                if mkdir(parent.appendingPathComponent(candidate).path, 0o755) == 0 {
                    return standard(reportsRoot: reportsRoot, scenario: scenario, stamp: candidate)
                }
                guard errno == EEXIST else {
                    throw .output(
                        path: parent.appendingPathComponent(candidate).path,
                        reason: "cannot create the directory: \(String(cString: strerror(errno)))")
                }
            }
            throw .output(path: parent.path, reason: "1000 results are stamped \(stamp) already")
        }

        /// `<reportsRoot>/baselines/<name>/<scenario>/`: a saved baseline that later runs compare against.
        public static func baseline(reportsRoot: URL, name: String, scenario: String) -> Destination {
            Destination(directories: [
                reportsRoot.appendingPathComponent("baselines").appendingPathComponent(name)
                    .appendingPathComponent(scenario)
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

    /// Writes `result.json`, `report.md` and `report.html` into every directory of `destination`; returns the first
    /// directory's `report.md` path.
    @discardableResult
    public static func write(_ result: RunResult, to destination: Destination) throws(HarnessError) -> String {
        // The report first: it needs no encoding, so even a result that cannot be encoded leaves its report.
        let report = Data(ReportRenderer.markdown(result).utf8)
        let page = Data(HTMLReport.runPage(result).utf8)
        for directory in destination.directories {
            try writeAtomically(report, to: directory.appendingPathComponent("report.md"))
            try writeAtomically(page, to: directory.appendingPathComponent("report.html"))
        }
        let json: Data
        do {
            // Non-finite numbers are written as "+Inf", "-Inf", "NaN" (JSONNumbers), so no figure can fail this.
            json = try JSONNumbers.encoder().encode(result)
        } catch {
            throw .output(path: "result.json", reason: "cannot encode the result: \(error)")
        }
        for directory in destination.directories {
            try writeAtomically(json, to: directory.appendingPathComponent("result.json"))
        }
        return destination.directories[0].appendingPathComponent("report.md").path
    }

    /// Writes `data` to `url` atomically, creating the directory if needed: a temporary file beside it, fsync,
    /// rename over any existing file, fsync the directory. Repeatable: running twice replaces the file.
    ///
    /// - Throws: ``HarnessError/output(path:reason:)`` when the directory cannot be created, the write fails, or
    ///   something other than a regular file is at `url` (a directory, a FIFO, a device such as `/dev/stdout`'s
    ///   target): a rename would replace it, so `AtomicFile` refuses it instead.
    public static func writeAtomically(_ data: Data, to url: URL) throws(HarnessError) {
        let directory = url.deletingLastPathComponent()
        if let problem = DirectoryMaker.problem(creating: directory.path) {
            throw .output(path: directory.path, reason: "cannot create the directory (\(problem))")
        }
        do {
            _ = try AtomicFile.write(
                Array(data), directory: directory.path, placement: .replace(url.lastPathComponent))
        } catch {
            throw .output(path: url.path, reason: "\(error)")
        }
    }
}
