import ArgumentParser
import Foundation
import ServerStats
import ServiceLifecycle
import StatsExport

/// `statsbench watch DIR`: prints each new stats file as it appears (the stats-file watcher).
struct Watch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print each new stats file in DIR as it appears: one table row per file, or the JSON document.",
        discussion: """
            statsbench's writers give a file its final name after it is written in full. A file another tool \
            writes in place may be seen half-written: it is reported as skipped, read again once it changes and \
            printed when it parses. The directory may be emptied, removed and recreated; watch reports it and keeps going. SIGINT or SIGTERM \
            ends it gracefully through a swift-service-lifecycle ServiceGroup (exit 0).
            """)

    @Argument(help: "The stats directory (statsbench serve --stats-path).")
    var directory: String

    @Flag(help: "Print each file's JSON document as it is, instead of a table row.")
    var json = false

    @Option(parsing: .unconditional, help: "Time between directory listings, e.g. 1s, 250ms.")
    var interval = DurationArgument(argument: "1s")!

    @Option(help: "The stats file name prefix (PREFIX-stats-YYYYMMDD-HHMMSS.json).")
    var prefix = "statsbench"

    @Flag(help: "Also print the files already in the directory at start.")
    var existing = false

    /// A missing directory is watched until it appears (documented above); a file in its place is a usage error.
    mutating func validate() throws {
        guard !directory.isEmpty else { throw ValidationError("the stats directory is empty: give a path") }
        // As serve's intervals: shorter would list the directory in a busy loop.
        guard interval.duration >= .milliseconds(1) else {
            throw ValidationError("--interval \(interval) is shorter than 1 ms")
        }
        // A prefix is part of a file name: not empty, no '/', not hidden (a leading '.' marks temporary files).
        guard !prefix.isEmpty, !prefix.contains("/"), !prefix.hasPrefix("."),
            prefix.unicodeScalars.allSatisfy({ !CharacterSet.controlCharacters.contains($0) })
        else {
            throw ValidationError(
                "--prefix must be part of a file name (not empty, no '/', not starting with '.'), got '\(prefix)'")
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw ValidationError("\(directory) is a file, not a stats directory")
        }
    }

    mutating func run() async throws {
        let watcher = StatsFileWatcher(
            directory: directory, prefix: prefix, pollInterval: interval.duration, reportExistingFiles: existing)
        let json = json
        let directory = directory
        let service = WatchService(watcher: watcher, directory: directory, json: json)
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [.init(service: service)], gracefulShutdownSignals: [.sigterm, .sigint],
                cancellationSignals: [], logger: Serve.lifecycleLogger()))
        try await group.run()
    }

    /// The watch loop as a service: prints events until the group shuts down gracefully (SIGINT, SIGTERM).
    struct WatchService: Service {
        let watcher: StatsFileWatcher
        let directory: String
        let json: Bool

        func run() async throws {
            await cancelWhenGracefulShutdown {
                var printedHeader = false
                for await event in watcher.events() {
                    switch event {
                    case .report(let file, let report):
                        if json {
                            Watch.printDocument(file: directory + "/" + file, report: report)
                        } else {
                            if !printedHeader { writeLine(StatsWatchTable.header) }
                            printedHeader = true
                            writeLine(StatsWatchTable.row(report))
                        }
                    case .unreadable(let file, let reason):
                        printToStandardError("warning: skipped \(file): \(reason) (read again if it changes)")
                    case .directoryUnavailable(let path, let reason):
                        printToStandardError(
                            "note: stats directory '\(path)' is unavailable (\(reason)); still watching")
                    case .directoryAvailable(let path):
                        printToStandardError("note: stats directory '\(path)' is back")
                    }
                }
            }
        }
    }

    /// Prints the file as written; when retention removed it meanwhile, the parsed report re-encoded.
    static func printDocument(file: String, report: IntervalReport) {
        if let text = try? String(contentsOfFile: file, encoding: .utf8) {
            writeLine(text.hasSuffix("\n") ? String(text.dropLast()) : text)
            return
        }
        do {
            let data = try JSONNumbers.encoder(formatting: [.prettyPrinted, .sortedKeys]).encode(report)
            writeLine(String(decoding: data, as: UTF8.self))
        } catch {
            printToStandardError("warning: cannot print \(file) (gone, and its report cannot be encoded: \(error))")
        }
    }
}

/// Writes `line` and a newline to standard output at once (unbuffered: a pipe sees each line when printed).
func writeLine(_ line: String) {
    FileDescriptorWriter.write(line + "\n", to: 1)
}
