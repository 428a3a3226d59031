import Harness
import ServerStats
import Simulation
import StatsCore
import StatsTestSupport
import Testing

@Suite("Peer sinks: seed-naive, swift-prometheus, hdrhistogram")
struct PeerSinkTests {
    let setup = SinkSetup(methods: HandMadeRun.methods, workers: 2, clients: 3)

    // MARK: Setup

    @Test("every peer sink rejects a setup without methods, naming itself")
    func rejectsNoMethods() {
        let empty = SinkSetup(methods: [], workers: 1, clients: 1)
        let errors = [
            setupError(SeedNaiveSink.self, empty), setupError(PrometheusSink.self, empty),
            setupError(HDRHistogramSink.self, empty),
        ]
        let names = ["seed-naive", "swift-prometheus", "hdrhistogram"]
        for (error, name) in zip(errors, names) {
            guard let error, case .sinkSetup(let sink, let why) = error else {
                Issue.record("\(name) accepted a setup without methods")
                continue
            }
            #expect(sink == name && why.contains("no methods"))
        }
        let repeated = setupError(PrometheusSink.self, SinkSetup(methods: ["a", "a"], workers: 1, clients: 1))
        #expect(repeated?.description.contains("method names repeat") == true)
    }

    // MARK: Totals and run quantiles

    @Test("seed-naive: exact totals, exact nearest-rank run quantiles")
    func seedNaiveRun() throws {
        let sink = try SeedNaiveSink(setup: setup)
        for slot in 0..<3 { sink.connect(slot: slot) }
        HandMadeRun.record(into: sink)
        #expect(sink.totals() == HandMadeRun.totals)
        let run = try #require(sink.quantiles(HandMadeRun.quantiles, scope: .run))
        #expect(run == HandMadeRun.exact.map { $0.map(Optional.some) })
        // Spot check against the hand value: p50 of 2, 4, … 1000 ms is the 250th, 500 ms.
        #expect(run[0][0] == 0.5)
        sink.disconnect(slot: 1, reason: .timeout)
        #expect(sink.connectedClients == 2)
    }

    @Test("hdrhistogram: exact totals, run quantiles within 0.1 % of exact, exact max")
    func hdrRun() throws {
        let sink = try HDRHistogramSink(setup: setup)
        HandMadeRun.record(into: sink)
        #expect(sink.totals() == HandMadeRun.totals)
        let run = try #require(sink.quantiles(HandMadeRun.quantiles, scope: .run))
        for (estimates, exact) in zip(run, HandMadeRun.exact) {
            for (estimate, value) in zip(estimates, exact) {
                #expect(isClose(estimate, value, relative: 0.001), "\(String(describing: estimate)) vs \(value)")
            }
            #expect(estimates[4] == exact[4])  // valueAtPercentile(100) is maxRecorded, exact
        }
    }

    @Test("swift-prometheus: exact totals; histogram_quantile on the default buckets, by hand")
    func prometheusRun() throws {
        let sink = try PrometheusSink(setup: setup)
        HandMadeRun.record(into: sink)
        #expect(sink.totals() == HandMadeRun.totals)
        #expect(sink.bucketBounds.count == 11 && sink.bucketBounds.first == .milliseconds(5))
        #expect(sink.bucketBounds.last == .seconds(10))

        // Tiny case. Default bounds (s): .005 .01 .025 .05 .1 .25 .5 1 2.5 5 10 +Inf.
        // get: 3, 7, 20, 300 ms → cumulative 1 2 3 3 3 3 4 4 4 4 4 | 4.
        //   q .25: rank 1 → bucket .005: 0 + .005 × 1/1 = .005
        //   q .5:  rank 2 → bucket .01: .005 + .005 × 1/1 = .01
        //   q .75: rank 3 → bucket .025: .01 + .015 × 1/1 = .025
        //   q .9:  rank 3.6 → bucket .5 (count 1 above .25's 3): .25 + .25 × 0.6/1 = .4
        //   q 1:   rank 4 → bucket .5: .25 + .25 × 1/1 = .5 (the top non-empty bucket's bound, not 300 ms)
        // put: 2 s, 12 s → cumulative 0 0 0 0 0 0 0 0 1 1 1 | 2.
        //   q .25: rank .5 → bucket 2.5: 1 + 1.5 × .5/1 = 1.75;  q .5: rank 1 → 1 + 1.5 × 1/1 = 2.5
        //   q .75, .9, 1: rank ≥ 1.5, reached only by +Inf → the highest finite bound, 10
        let tiny = try PrometheusSink(setup: setup)
        for ms in [3.0, 7, 20, 300] { tiny.record(makeRequest(milliseconds: ms, method: 0), worker: 0) }
        for ms in [2000.0, 12000] { tiny.record(makeRequest(milliseconds: ms, method: 1), worker: 0) }
        let run = try #require(tiny.quantiles([0.25, 0.5, 0.75, 0.9, 1.0], scope: .run))
        let expected = [[0.005, 0.01, 0.025, 0.4, 0.5], [1.75, 2.5, 10, 10, 10]]
        for (answers, hand) in zip(run, expected) {
            for (answer, value) in zip(answers, hand) {
                #expect(isClose(answer, value, relative: 1e-12), "\(String(describing: answer)) vs \(value)")
            }
        }
    }

    @Test("swift-prometheus reads its series back through escaped method labels")
    func prometheusEscapedLabels() throws {
        let methods = ["say \"hi\"", "back\\slash", "two\nlines"]
        let sink = try PrometheusSink(setup: SinkSetup(methods: methods, workers: 1, clients: 1))
        for method in 0..<3 {
            for _ in 0...method {
                sink.record(makeRequest(milliseconds: 1, method: UInt16(method), failed: true), worker: 0)
            }
        }
        #expect(sink.totals().requestsPerMethod == [1, 2, 3])
        #expect(sink.totals().failures == 6)
        #expect(try #require(sink.quantiles([1.0], scope: .run)) == [[0.005], [0.005], [0.005]])
    }

    // MARK: Windows

    @Test("seed-naive: .window sorts only the last window's samples")
    func seedNaiveWindow() throws {
        let sink = try SeedNaiveSink(setup: setup)
        try recordTwoWindows(into: sink) { window in
            let answer = try #require(sink.quantiles([0.5, 1.0], scope: .window))
            if window == 1 {
                #expect(answer == [[0.05, 0.1], [0.15, 0.2]])  // 50th of 1…100 ms; 51st of 100…200 ms
            } else {
                #expect(answer == [[0.55, 0.6], [nil, nil]])  // 51st of 500…600 ms; no put in window 2
            }
        }
    }

    @Test("swift-prometheus: .window is histogram_quantile of the bucket increases")
    func prometheusWindow() throws {
        let sink = try PrometheusSink(setup: setup)
        try recordTwoWindows(into: sink) { window in
            let answer = try #require(sink.quantiles([0.5, 1.0], scope: .window))
            guard window == 2 else { return }
            // Window 2, get: 500…600 ms → increases: 1 in ≤ .5 (500 ms), 100 more in ≤ 1.
            // q .5: rank 50.5 → bucket 1: .5 + .5 × 49.5/100 = .7475; q 1 → 1. (Cumulatively, with window 1's
            // 100 values ≤ .1, the median would fall in the .5 bucket.) put: no increase → no answer.
            #expect(isClose(answer[0][0], 0.7475, relative: 1e-12))
            #expect(answer[0][1] == 1.0)
            #expect(answer[1] == [nil, nil])
        }
        // The whole run, get: 1…100 ms and 500…600 ms, cumulative 5 10 25 50 100 100 101 201 …; q .5: rank
        // 100.5 → bucket .5 (one value above .25's 100): .25 + .25 × .5/1 = .375.
        let run = try #require(sink.quantiles([0.5], scope: .run))
        #expect(isClose(run[0][0], 0.375, relative: 1e-12))
    }

    @Test("hdrhistogram: .window is the difference of the cumulative histogram since the last window")
    func hdrWindow() throws {
        let sink = try HDRHistogramSink(setup: setup)
        try recordTwoWindows(into: sink) { window in
            let answer = try #require(sink.quantiles([0.5, 1.0], scope: .window))
            let expected: [[Double?]] = window == 1 ? [[0.05, 0.1], [0.15, 0.2]] : [[0.55, 0.6], [nil, nil]]
            for (answers, values) in zip(answer, expected) {
                for (estimate, value) in zip(answers, values) {
                    if let value {
                        #expect(isClose(estimate, value, relative: 0.001), "window \(window)")
                    } else {
                        #expect(estimate == nil)
                    }
                }
            }
        }
        #expect(try #require(sink.quantiles([1.0], scope: .run))[0][0] == 0.6)
    }

    @Test("seed-naive: .run is nil once the 60 s deque evicted a sample")
    func seedNaiveEviction() throws {
        let sink = try SeedNaiveSink(setup: setup)
        sink.record(makeRequest(milliseconds: 5, method: 0, at: 0), worker: 0)
        sink.record(makeRequest(milliseconds: 7, method: 0, at: 60_000_000_000), worker: 0)
        #expect(sink.evictedSamples == 0)  // exactly 60 s apart: still inside
        #expect(sink.quantiles([1.0], scope: .run) != nil)
        sink.record(makeRequest(milliseconds: 9, method: 1, at: 60_000_000_001), worker: 0)
        #expect(sink.evictedSamples == 1)
        #expect(sink.quantiles([1.0], scope: .run) == nil)
        #expect(sink.totals().requests == 3)  // counters are not windowed
        sink.advance(toNanoseconds: 61_000_000_000)
        #expect(sink.quantiles([1.0], scope: .window) == [[0.007], [0.009]])
        let long = try SeedNaiveSink(
            setup: SinkSetup(methods: ["a"], workers: 1, clients: 1, windowNanoseconds: 61_000_000_000))
        #expect(long.quantiles([0.5], scope: .window) == nil)  // a window longer than the 60 s kept
    }

    // MARK: Concurrency

    @Test(
        "two threads × 200 k records: totals and per-method counts conserved",
        arguments: ["seed-naive", "swift-prometheus", "hdrhistogram"])
    func concurrentRecords(sink name: String) throws {
        let sink: any Sink
        switch name {
        case "seed-naive": sink = try SeedNaiveSink(setup: setup)
        case "swift-prometheus": sink = try PrometheusSink(setup: setup)
        default: sink = try HDRHistogramSink(setup: setup)
        }
        let perThread = 200_000
        runOnThreads(2) { thread in
            var random = SeededRandom(seed: UInt64(thread + 1))
            for index in 0..<perThread {
                let latency = 0.1 + Double(random.next() % 1000)  // ms
                // Intended starts 0.5 ms apart: 100 s per thread, so the seed's deque evicts while both record.
                let request = makeRequest(
                    milliseconds: latency, method: UInt16(index % 2), at: UInt64(index) * 500_000,
                    client: UInt32(index % 3), failed: index % 5 == 0, requestBytes: 3, responseBytes: 5)
                sink.record(request, worker: thread)
            }
        }
        let totals = sink.totals()
        #expect(totals.requests == 400_000)
        #expect(totals.requestsPerMethod == [200_000, 200_000])
        #expect(totals.failures == 80_000)
        #expect(totals.requestBytes == 1_200_000 && totals.responseBytes == 2_000_000)
        if let seed = sink as? SeedNaiveSink {
            #expect(seed.evictedSamples > 0)  // the deque evicted while both threads recorded
        }
    }
}
