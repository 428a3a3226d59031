/// Running the collector on its own: a loop that samples every interval until cancelled.
extension HistoryCollector {
    /// Collects a sample now and then once per interval, until the calling task is cancelled.
    ///
    /// Ticks are kept on a fixed cadence of the continuous clock (the time a sample takes does not add up);
    /// if the loop falls behind by more than an interval it skips the missed ticks instead of catching up in a
    /// burst. Cancellation ends the sleep at once and the method returns; a sample being taken completes first.
    /// Samples are stamped with the wall-clock time.
    public func run() async {
        let clock = ContinuousClock()
        let interval = configuration.interval
        var deadline = clock.now
        while !Task.isCancelled {
            collectOnce(at: .wallClockNow())
            deadline = deadline.advanced(by: interval)
            let now = clock.now
            if deadline < now { deadline = now.advanced(by: interval) }
            do {
                try await Task.sleep(until: deadline, clock: clock)
            } catch {
                return
            }
        }
    }

    /// Starts ``run()`` in a new task; does nothing if already started. The task keeps the collector alive
    /// until ``stop()``.
    public func start() {
        runner.withLock { task in
            guard task == nil else { return }
            task = Task { await self.run() }
        }
    }

    /// Cancels the task ``start()`` launched and waits until it has ended; no sample is taken after this
    /// returns. Does nothing if not started.
    public func stop() async {
        let task = runner.withLock { task in
            defer { task = nil }
            return task
        }
        task?.cancel()
        await task?.value
    }

    /// Whether ``start()`` launched a task that ``stop()`` has not stopped yet.
    public var isRunning: Bool {
        runner.withLock { $0 != nil }
    }
}
