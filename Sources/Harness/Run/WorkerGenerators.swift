import Simulation

/// What every drive of a plan starts from, built once per plan: each worker's event stream at its first event
/// (samplers built and empirical sample files read once) and the churn planner at the run's start. A drive
/// copies them (they are values), so every drive replays the same events and replacements.
struct WorkerGenerators: Sendable {
    /// Per worker, its event stream before the first event.
    let streams: [EventStream]
    /// The client churn before the first epoch.
    let churn: ChurnPlanner

    /// The generators of `plan`'s stream configuration, worker count and clients.
    ///
    /// - Throws: ``HarnessError/scenario(_:)`` naming the method, field or file that cannot be built.
    init(plan: RunPlan) throws(HarnessError) {
        do {
            let first = try EventStream(configuration: plan.stream, worker: 0, workers: plan.workers)
            var streams = [first]
            for worker in 1..<max(1, plan.workers) {
                streams.append(try first.stream(forWorker: worker, of: plan.workers))
            }
            self.streams = streams
        } catch {
            throw .scenario("\(error)")
        }
        do {
            churn = try ChurnPlanner(
                spec: plan.scenario.clients, seed: plan.scenario.seed, baseDirectory: plan.stream.baseDirectory)
        } catch {
            throw .scenario("\(error)")
        }
    }
}
