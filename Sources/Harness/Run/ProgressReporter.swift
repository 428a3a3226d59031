import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Progress on standard error during long runs: a live line on a terminal, plain lines otherwise (at most one
/// every few seconds per phase), nothing with `quiet`.
///
/// Sendable as the compiler checks it: the changing state is behind one `Mutex`, held while a line is built and
/// written, so lines from several threads never interleave.
public final class ProgressReporter: Sendable {
    private let quiet: Bool
    private let live: Bool
    private let started: UInt64
    private let state = Mutex(State())

    /// What changes between lines.
    private struct State {
        var lastLine: UInt64 = 0
        var current = ""
        var liveWidth = 0
        var driveLength: (nanoseconds: UInt64?, events: UInt64?) = (nil, nil)
    }

    /// The length of one drive, for the bar: simulated nanoseconds (a `duration:` run) or events.
    var driveLength: (nanoseconds: UInt64?, events: UInt64?) {
        get { state.withLock { $0.driveLength } }
        set { state.withLock { $0.driveLength = newValue } }
    }

    /// A reporter; `quiet` prints nothing. `live` (default: standard error is a terminal) redraws one line.
    public init(quiet: Bool, live: Bool = isatty(2) != 0) {
        self.quiet = quiet
        self.live = live
        self.started = Clocks.monotonic()
    }

    /// Starts a phase (printed at once).
    public func phase(_ name: String) {
        state.withLock { state in
            state.current = name
            emit(name, force: true, state: &state)
        }
    }

    /// Progress within the current phase: `done` of `total` (total 0: unknown).
    public func step(_ detail: String) {
        state.withLock { state in emit("\(state.current): \(detail)", force: false, state: &state) }
    }

    /// A drive's progress callback (epochs, simulated time, events) reporting through ``step(_:)``.
    var driveStep: (Int, UInt64, UInt64) -> Void {
        { [self] _, nanoseconds, events in
            let driveLength = self.driveLength
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
        warning(line)
    }

    /// A line that always appears, even when quiet (something the user must know), ending any live line.
    public func warning(_ line: String) {
        state.withLock { state in
            if live && state.liveWidth > 0 { Self.write("\r" + String(repeating: " ", count: state.liveWidth) + "\r") }
            state.liveWidth = 0
            Self.write(line + "\n")
        }
    }

    /// Ends a live line.
    public func finish() {
        state.withLock { state in
            if !quiet && live && state.liveWidth > 0 { Self.write("\n") }
            state.liveWidth = 0
        }
    }

    private func emit(_ text: String, force: Bool, state: inout State) {
        guard !quiet else { return }
        let now = Clocks.monotonic()
        let elapsed = Double(now &- started) / 1e9
        let line = "[\(Self.format(elapsed))s] \(text)"
        if live {
            guard force || now &- state.lastLine > 100_000_000 else { return }
            state.lastLine = now
            let padding = max(0, state.liveWidth - line.count)
            Self.write("\r" + line + String(repeating: " ", count: padding))
            state.liveWidth = line.count
        } else {
            guard force || now &- state.lastLine > 5_000_000_000 else { return }
            state.lastLine = now
            Self.write(line + "\n")
        }
    }

    /// Writes `text` to standard error unbuffered (a failed write drops the rest of the line: progress only).
    private static func write(_ text: String) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                guard let base = buffer.baseAddress else { return 0 }
                #if canImport(Glibc)
                    return Glibc.write(2, base + offset, buffer.count - offset)
                #elseif canImport(Darwin)
                    return Darwin.write(2, base + offset, buffer.count - offset)
                #endif
            }
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

    /// Seconds with one decimal (`12.3`), the progress line's clock.
    private static func format(_ seconds: Double) -> String {
        Formatting.fixed(seconds, digits: 1)
    }
}
