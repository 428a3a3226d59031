import Logging
import ServiceLifecycle
import Synchronization

/// A `serve` job as a swift-service-lifecycle service: `step` every `interval` until the group shuts down
/// gracefully (SIGINT, SIGTERM) or is cancelled, then `final` once. The group shuts its services down in reverse
/// order, each after the one after it has finished, which is what orders the final steps.
struct PeriodicService: Service, CustomStringConvertible {
    /// The job's name, in the group's logs.
    let description: String
    /// Time between two steps; `nil` for a service with no periodic step (it only waits, then runs `final`).
    let interval: Duration?
    /// Whether to run `step` once at once (the collector samples at start).
    let stepAtStart: Bool
    let step: @Sendable () async -> Void
    let final: @Sendable () async -> Void

    init(
        _ name: String, every interval: Duration?, stepAtStart: Bool = false,
        step: @escaping @Sendable () async -> Void = {}, final: @escaping @Sendable () async -> Void = {}
    ) {
        self.description = name
        self.interval = interval
        self.stepAtStart = stepAtStart
        self.step = step
        self.final = final
    }

    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                if stepAtStart { await step() }
                guard let interval else {
                    while true { try await Task.sleep(for: .seconds(3600)) }
                }
                let clock = ContinuousClock()
                var deadline = clock.now
                while true {
                    deadline = deadline.advanced(by: interval)
                    if deadline < clock.now { deadline = clock.now.advanced(by: interval) }
                    try await Task.sleep(until: deadline, clock: clock)
                    await step()
                }
            }
        } catch {
            // Graceful shutdown or cancellation ends the periodic part; the final step always runs.
        }
        await final()
    }
}

/// What the final steps of a shutdown lost, one sentence each (empty when nothing was lost).
final class ShutdownLosses: Sendable {
    private let losses = Mutex<[String]>([])

    /// Records that `sentence` was lost.
    func add(_ sentence: String) { losses.withLock { $0.append(sentence) } }

    /// Every loss recorded, in order.
    var all: [String] { losses.withLock { $0 } }
}

extension Serve {
    /// The group's logger: standard error, warnings and above (standard output carries `listening on …`).
    static func lifecycleLogger() -> Logger {
        var logger = Logger(label: "statsbench.serve") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = .warning
        return logger
    }
}
