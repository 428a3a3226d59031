import ArgumentParser
import Foundation
import ServerStats
import StatsExport

/// `statsbench watch DIR`: prints each new stats file as it appears (seed 000's watcher client).
struct Watch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print each new stats file in DIR as it appears: one table row per file, or the JSON document.",
        discussion: """
            Only complete files are read: writers give a file its final name after it is written in full. The \
            directory may be emptied, removed and recreated; watch reports it and keeps going. SIGINT or SIGTERM \
            ends it (exit 0).
            """)

    @Argument(help: "The stats directory (statsbench serve --stats-path).")
    var directory: String

    @Flag(help: "Print each file's JSON document as it is, instead of a table row.")
    var json = false

    @Option(help: "Time between directory listings, e.g. 1s, 250ms.")
    var interval = DurationArgument(argument: "1s")!

    @Option(help: "The stats file name prefix (PREFIX-stats-YYYYMMDD-HHMMSS.json).")
    var prefix = "statsbench"

    @Flag(help: "Also print the files already in the directory at start.")
    var existing = false

    mutating func run() async throws {
        let watcher = StatsFileWatcher(
            directory: directory, prefix: prefix, pollInterval: interval.duration, reportExistingFiles: existing)
        let json = json
        let directory = directory
        let task = Task {
            var printedHeader = false
            for await event in watcher.events() {
                switch event {
                case .report(let file, let report):
                    if json {
                        Self.printDocument(file: directory + "/" + file, report: report)
                    } else {
                        if !printedHeader { writeLine(StatsWatchTable.header) }
                        printedHeader = true
                        writeLine(StatsWatchTable.row(report))
                    }
                case .unreadable(let file, let reason):
                    printToStandardError("warning: skipped \(file): \(reason)")
                case .directoryUnavailable(let path, let reason):
                    printToStandardError("note: stats directory '\(path)' is unavailable (\(reason)); still watching")
                case .directoryAvailable(let path):
                    printToStandardError("note: stats directory '\(path)' is back")
                }
            }
        }
        let signals = SignalTrap(signals: [SIGINT, SIGTERM]) { task.cancel() }
        await task.value
        signals.cancel()
    }

    /// Prints the file as written; when retention removed it meanwhile, the parsed report re-encoded.
    static func printDocument(file: String, report: IntervalReport) {
        if let text = try? String(contentsOfFile: file, encoding: .utf8) {
            writeLine(text.hasSuffix("\n") ? String(text.dropLast()) : text)
            return
        }
        if let data = try? JSONNumbers.encoder(formatting: [.prettyPrinted, .sortedKeys]).encode(report) {
            writeLine(String(decoding: data, as: UTF8.self))
        }
    }
}

/// Runs `handler` (on a background queue) when one of `signals` arrives, instead of the default action.
final class SignalTrap {
    private let sources: [any DispatchSourceSignal]

    init(signals: [Int32], handler: @escaping @Sendable () -> Void) {
        sources = signals.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler(handler: handler)
            source.resume()
            return source
        }
    }

    /// Stops trapping (the signals stay ignored).
    func cancel() {
        for source in sources { source.cancel() }
    }
}

/// Writes `line` and a newline to standard output at once (unbuffered: a pipe sees each line when printed).
func writeLine(_ line: String) {
    FileDescriptorWriter.write(line + "\n", to: 1)
}
