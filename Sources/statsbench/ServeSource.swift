import ArgumentParser
import Foundation
import Harness
import ServerStats
import StatsExport
import StatsHTTP
import Synchronization

/// What `statsbench serve` serves: a scenario's live load, or an idle pipeline whose clock a ticker moves.
final class ServeSource: Sendable {
    let pipeline: StatsPipeline
    let load: LiveLoad?
    /// The call ledger persisted with `--state-file`.
    let ledger: CallLedger
    /// Whether a load's failure was reported.
    let reportedFailure = Atomic<Bool>(false)

    init(pipeline: StatsPipeline, load: LiveLoad?, ledger: CallLedger) {
        self.pipeline = pipeline
        self.load = load
        self.ledger = ledger
    }

    /// The live load of `scenario`, or an idle pipeline without one; either reports `restartCount` restarts.
    static func make(scenario: String?, runs: Int, speed: Double, restartCount: UInt64) throws -> ServeSource {
        if let scenario {
            do {
                let load = try LiveLoad.start(
                    scenarioFile: scenario, runs: runs, speed: speed, restartCount: restartCount)
                return ServeSource(
                    pipeline: load.pipeline, load: load, ledger: load.ledger)
            } catch {
                throw startupError("--scenario \(scenario): \(error)")
            }
        }
        var configuration = StatsPipelineConfiguration(methods: try! MethodTable(["request"]), workerCapacity: 1)
        configuration.windowSlot = .seconds(1)
        configuration.restartCount = restartCount
        let pipeline = try! StatsPipeline(configuration: configuration)  // a valid, fixed configuration
        return ServeSource(
            pipeline: pipeline, load: nil,
            ledger: CallLedger(registry: pipeline.workers))
    }

    /// The load's state for `/health` (`nil` without a scenario).
    var loadStatus: (@Sendable () -> LoadStatus?)? {
        guard let load else { return nil }
        return {
            let status = load.status
            return LoadStatus(scenario: load.scenarioName, running: status.running, runsCompleted: status.runsCompleted)
        }
    }

    /// Moves the idle pipeline's clock (or a finished load's) to the wall clock; a running load moves its own
    /// clock. Reports once why a load stopped early. Called every second by `serve`'s clock service.
    func tick() {
        let status = load?.status
        if let failure = status?.failure, reportedFailure.exchange(true, ordering: .relaxed) == false {
            printToStandardError("error: the scenario's load stopped: \(failure)")
        }
        guard status?.running != true else { return }
        let now = StatsTime.wallClockNow()
        pipeline.tick(to: now)
    }

    /// Stops the load, if any; then nothing records any more.
    func stop() {
        guard let load, !load.stop() else { return }
        printToStandardError("warning: the scenario's load did not stop within 30 s")
    }
}
