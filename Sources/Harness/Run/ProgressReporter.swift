#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Progress on standard error during long runs: a live line on a terminal, plain lines otherwise (at most one
/// every few seconds per phase), nothing with `quiet`.
public final class ProgressReporter: @unchecked Sendable {
    private let quiet: Bool
    private let live: Bool
    private let started: UInt64
    private var lastLine: UInt64 = 0
    private var current = ""
    private var liveWidth = 0
    /// The length of one drive, for the bar: simulated nanoseconds (a `duration:` run) or events.
    var driveLength: (nanoseconds: UInt64?, events: UInt64?) = (nil, nil)

    /// A reporter; `quiet` prints nothing. `live` (default: standard error is a terminal) redraws one line.
    public init(quiet: Bool, live: Bool = isatty(2) != 0) {
        self.quiet = quiet
        self.live = live
        self.started = Clocks.monotonic()
    }

    /// Starts a phase (printed at once).
    public func phase(_ name: String) {
        current = name
        emit(name, force: true)
    }

    /// Progress within the current phase: `done` of `total` (total 0: unknown).
    public func step(_ detail: String) {
        emit("\(current): \(detail)", force: false)
    }

    /// A drive's progress callback (epochs, simulated time, events) reporting through ``step(_:)``.
    var driveStep: (Int, UInt64, UInt64) -> Void {
        { [self] _, nanoseconds, events in
            var fraction: Double?
            if let total = driveLength.nanoseconds, total > 0 { fraction = Double(nanoseconds) / Double(total) }
            if let total = driveLength.events, total > 0 { fraction = Double(events) / Double(total) }
            let detail = "\(Self.format(Double(nanoseconds) / 1e9)) s simulated, \(events) events"
            step(fraction.map { Self.bar(min(1, $0)) + " " + detail } ?? detail)
        }
    }

    /// A line that always appears (unless quiet), ending any live line.
    public func note(_ line: String) {
        guard !quiet else { return }
        if live && liveWidth > 0 { write("\r" + String(repeating: " ", count: liveWidth) + "\r") }
        liveWidth = 0
        write(line + "\n")
    }

    /// Ends a live line.
    public func finish() {
        if !quiet && live && liveWidth > 0 { write("\n") }
        liveWidth = 0
    }

    private func emit(_ text: String, force: Bool) {
        guard !quiet else { return }
        let now = Clocks.monotonic()
        let elapsed = Double(now &- started) / 1e9
        let line = "[\(Self.format(elapsed))s] \(text)"
        if live {
            guard force || now &- lastLine > 100_000_000 else { return }
            lastLine = now
            let padding = max(0, liveWidth - line.count)
            write("\r" + line + String(repeating: " ", count: padding))
            liveWidth = line.count
        } else {
            guard force || now &- lastLine > 5_000_000_000 else { return }
            lastLine = now
            write(line + "\n")
        }
    }

    private func write(_ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { Glibc.write(2, $0.baseAddress! + offset, $0.count - offset) }
            if written <= 0 { return }
            offset += written
        }
    }

    /// `[########------------]  40%`
    static func bar(_ fraction: Double) -> String {
        let filled = Int((fraction * 20).rounded(.down))
        let percent = Int((fraction * 100).rounded(.down))
        return "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: 20 - filled) + "] "
            + String(repeating: " ", count: percent < 10 ? 2 : percent < 100 ? 1 : 0) + "\(percent)%"
    }

    private static func format(_ seconds: Double) -> String {
        let tenths = Int((seconds * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
}
