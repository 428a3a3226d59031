import Simulation
import Testing

@Suite("Arrival schedules")
struct ArrivalScheduleTests {
    private func schedule(_ spec: ArrivalSpec, seed: UInt64 = 1) throws -> ArrivalSchedule {
        try ArrivalSchedule(spec, random: RandomStream(seed: seed))
    }

    private func times(_ spec: ArrivalSpec, count: Int, seed: UInt64 = 1) throws -> [UInt64] {
        var schedule = try schedule(spec, seed: seed)
        return (0..<count).map { _ in schedule.next() }
    }

    @Test("constant: event i at exactly i / rate, from next() and from the closed form")
    func constantSpacing() throws {
        let starts = try times(.constant(ratePerSecond: 1000), count: 100_000)
        #expect(starts.enumerated().allSatisfy { $0.element == UInt64($0.offset) * 1_000_000 })
        let schedule = try schedule(.constant(ratePerSecond: 1000))
        #expect(schedule.hasClosedForm)
        #expect(schedule.time(ofEvent: 3_600_000) == 3_600_000_000_000)
        // A rate that does not divide a second: gaps of 333 333 333 or …334 ns, and 3 events take exactly 1 s.
        let thirds = try times(.constant(ratePerSecond: 3), count: 31)
        #expect(zip(thirds, thirds.dropFirst()).allSatisfy { [333_333_333, 333_333_334].contains($1 - $0) })
        #expect(thirds[3] == 1_000_000_000 && thirds[30] == 10_000_000_000)
    }

    @Test(
        "a block at a time: nextBlock gives the times 32 calls to next() give, with skipped blocks between",
        arguments: [
            ArrivalSpec.poisson(ratePerSecond: 20_000), .constant(ratePerSecond: 3),
            .burst(ratePerSecond: 100, burstRatePerSecond: 50_000, periodSeconds: 1, burstSeconds: 0.1),
            .ramp(fromPerSecond: 1000, toPerSecond: 0, overSeconds: 2),
        ])
    func blockAtATime(spec: ArrivalSpec) throws {
        var single = try schedule(spec, seed: 5)
        var blocks = try schedule(spec, seed: 5)
        let length = ArrivalSchedule.blockLength
        var times = InlineArray<32, UInt64>(repeating: 0)
        for round in 0..<200 {
            // Every third round skips a block (as a worker passes the others' blocks).
            let skipped = round % 3 == 2
            if skipped {
                for _ in 0..<length { _ = single.next() }
                blocks.skip(UInt64(length))
                continue
            }
            blocks.nextBlock(into: &times)
            for position in 0..<length {
                #expect(times[position] == single.next(), "round \(round), position \(position)")
            }
            #expect(blocks.nextEventIndex == single.nextEventIndex)
        }
    }

    @Test("Poisson: mean gap 1/rate (± 6σ/√n = 0.6 %) and coefficient of variation 1 over 1 M events")
    func poissonGaps() throws {
        let count = 1_000_000
        let starts = try times(.poisson(ratePerSecond: 100_000), count: count + 1)
        #expect(starts[0] == 0)
        let gaps = zip(starts, starts.dropFirst()).map { Double($1 - $0) }
        let mean = StatisticalTolerance.average(gaps)
        #expect(abs(mean - 10_000) <= StatisticalTolerance.mean(deviation: 10_000, count: count))
        // For exponential gaps Var(s²) = 8σ⁴/n, so s/σ has standard error √2/√n and the ratio s/mean at most
        // √3/√n ≈ 0.0017: six of them ≈ 0.0104.
        let variation = StatisticalTolerance.variance(gaps).squareRoot() / mean
        #expect(abs(variation - 1) <= 6 * 3.0.squareRoot() / Double(count).squareRoot())
        // Share of gaps shorter than the mean: 1 − 1/e.
        let short = Double(gaps.count { $0 < 10_000 }) / Double(count)
        #expect(abs(short - (1 - 1 / 2.718_281_828_459_045)) <= StatisticalTolerance.proportion(0.632, count: count))
    }

    @Test("Poisson: same seed same times, other seed other times; no closed form; skip keeps later times")
    func poissonDeterminism() throws {
        let first = try times(.poisson(ratePerSecond: 50), count: 1000, seed: 8)
        #expect(first == (try times(.poisson(ratePerSecond: 50), count: 1000, seed: 8)))
        #expect(first != (try times(.poisson(ratePerSecond: 50), count: 1000, seed: 9)))
        var skipping = try schedule(.poisson(ratePerSecond: 50), seed: 8)
        #expect(!skipping.hasClosedForm && skipping.time(ofEvent: 5) == nil)
        skipping.skip(500)
        #expect(skipping.nextEventIndex == 500)
        #expect(skipping.next() == first[500])
        // Skips of any length, within a block and across several, in any mix with next().
        var random = RandomStream(seed: 3)
        var mixed = try schedule(.poisson(ratePerSecond: 50), seed: 8)
        while mixed.nextEventIndex < 900 {
            let step = random.nextIndex(below: 80)
            if step < 40 {
                let index = Int(mixed.nextEventIndex)
                #expect(mixed.next() == first[index], "event \(index)")
            } else {
                mixed.skip(step - 40)
            }
        }
    }

    @Test("Poisson blocks: gaps across a block boundary are exponential like the rest; gaps are uncorrelated")
    func poissonBlockBoundaries() throws {
        let count = 1_280_000
        let block = ArrivalSchedule.blockLength
        let starts = try times(.poisson(ratePerSecond: 100_000), count: count + 1, seed: 4)
        let gaps = zip(starts, starts.dropFirst()).map { Double($1 - $0) }
        // The gap from the last event of a block to the first of the next, and the first gap inside a block.
        for position in [block - 1, 0, block / 2] {
            let chosen = stride(from: position, to: gaps.count, by: block).map { gaps[$0] }
            let mean = StatisticalTolerance.average(chosen)
            #expect(
                abs(mean - 10_000) <= StatisticalTolerance.mean(deviation: 10_000, count: chosen.count),
                "gaps at position \(position): mean \(mean)")
            let variation = StatisticalTolerance.variance(chosen).squareRoot() / mean
            #expect(abs(variation - 1) <= 6 * 3.0.squareRoot() / Double(chosen.count).squareRoot())
        }
        // Neighbouring gaps are independent: their correlation is within 6 standard errors (1/√n) of 0.
        let mean = StatisticalTolerance.average(gaps)
        let variance = StatisticalTolerance.variance(gaps)
        let lagged = zip(gaps, gaps.dropFirst()).map { ($0 - mean) * ($1 - mean) }
        let correlation = StatisticalTolerance.average(lagged) / variance
        #expect(abs(correlation) <= 6 / Double(lagged.count).squareRoot(), "lag-1 correlation \(correlation)")
        // The spans of whole blocks are Gamma(block): mean block / rate, variance block / rate².
        let spans = stride(from: 0, to: count - block, by: block).map { Double(starts[$0 + block] - starts[$0]) }
        let spanMean = StatisticalTolerance.average(spans)
        let expectedMean = Double(block) * 10_000
        let expectedDeviation = Double(block).squareRoot() * 10_000
        #expect(
            abs(spanMean - expectedMean) <= StatisticalTolerance.mean(deviation: expectedDeviation, count: spans.count))
        let spanDeviation = StatisticalTolerance.variance(spans).squareRoot()
        #expect(abs(spanDeviation / expectedDeviation - 1) <= 6 * 2.0.squareRoot() / Double(spans.count).squareRoot())
    }

    @Test("burst: each period has rate × duration events in each phase, evenly spaced")
    func burstCounts() throws {
        // 1 s periods: 0.8 s at 1 000/s (800 events), then 0.2 s at 10 000/s (2 000 events).
        let spec = ArrivalSpec.burst(
            ratePerSecond: 1000, burstRatePerSecond: 10_000, periodSeconds: 1, burstSeconds: 0.2)
        let starts = try times(spec, count: 28_000)
        for period in 0..<10 as Range<UInt64> {
            let begin = period * 1_000_000_000
            let burstBegin = begin + 800_000_000
            let end = begin + 1_000_000_000
            let normal = starts.count { $0 >= begin && $0 < burstBegin }
            let burst = starts.count { $0 >= burstBegin && $0 < end }
            #expect(abs(normal - 800) <= 1 && abs(burst - 2000) <= 1, "period \(period): \(normal) + \(burst)")
        }
        #expect(starts[1] - starts[0] == 1_000_000)  // normal phase: 1 ms apart
        #expect(starts[801] - starts[800] == 100_000)  // burst phase: 100 µs apart
        let schedule = try schedule(spec)
        #expect(schedule.time(ofEvent: 27_999) == starts[27_999])
    }

    @Test(
        "ramp: the count by time T is ∫ rate up to T (± 1 event), during and after the ramp",
        arguments: [
            (1000.0, 11_000.0), (0.0, 5000.0), (5000.0, 1000.0),
        ])
    func rampCounts(from: Double, to: Double) throws {
        let over = 10.0
        let spec = ArrivalSpec.ramp(fromPerSecond: from, toPerSecond: to, overSeconds: over)
        let integral = { (t: Double) -> Double in
            let ramp = min(t, over)
            return from * ramp + (to - from) * ramp * ramp / (2 * over) + to * max(0, t - over)
        }
        let starts = try times(spec, count: Int(integral(14)) + 10)
        #expect(zip(starts, starts.dropFirst()).allSatisfy { $0 <= $1 })
        for t in [0.5, 1, 2.5, 5, 9.99, 10, 10.5, 14] {
            let limit = UInt64(t * 1e9)
            let seen = Double(starts.count { $0 < limit })
            #expect(abs(seen - integral(t)) <= 1, "t = \(t) s: \(seen) events, ∫ = \(integral(t))")
        }
        let schedule = try schedule(spec)
        #expect(schedule.time(ofEvent: UInt64(starts.count - 1)) == starts.last)
    }

    @Test("a ramp down to 0 has the events under its rate and then none: later events are never due")
    func rampDownToZero() throws {
        let spec = ArrivalSpec.ramp(fromPerSecond: 1000, toPerSecond: 0, overSeconds: 2)
        #expect(spec.totalEvents == 1000)
        #expect(ArrivalSpec.ramp(fromPerSecond: 1000, toPerSecond: 1, overSeconds: 2).totalEvents == nil)
        let schedule = try schedule(spec)
        // Event n is due when ∫ rate = 1000·t − 250·t² reaches n.
        for n in [1.0, 250, 750, 999] {
            let expected = (1000 - (1_000_000 - 1000 * n).squareRoot()) / 500
            let time = try #require(schedule.time(ofEvent: UInt64(n)))
            #expect(abs(Double(time) / 1e9 - expected) < 1e-6, "event \(n)")
        }
        #expect(schedule.time(ofEvent: 1000) == 2_000_000_000, "the last one at the ramp's end")
        #expect(schedule.time(ofEvent: 1001) == .max, "none after it")
        let starts = try times(spec, count: 1003)
        #expect(starts.count { $0 <= 2_000_000_000 } == 1001)
        #expect(starts.suffix(2).allSatisfy { $0 == .max })
    }

    @Test("a ramp over 0 s is constant at the final rate")
    func instantRamp() throws {
        let starts = try times(.ramp(fromPerSecond: 1, toPerSecond: 1000, overSeconds: 0), count: 5)
        #expect(starts == [0, 1_000_000, 2_000_000, 3_000_000, 4_000_000])
    }

    @Test("invalid parameters are rejected with the process and parameter named")
    func validation() {
        func error(_ spec: ArrivalSpec) -> ArrivalError? {
            do {
                _ = try ArrivalSchedule(spec, random: RandomStream(seed: 1))
                return nil
            } catch {
                return error
            }
        }
        let positive = "a finite number above 0"
        #expect(
            error(.constant(ratePerSecond: 0))
                == .invalidParameter(process: "constant", parameter: "ratePerSecond", value: 0, requirement: positive))
        #expect(
            error(.poisson(ratePerSecond: -5))
                == .invalidParameter(process: "poisson", parameter: "ratePerSecond", value: -5, requirement: positive))
        #expect(error(.poisson(ratePerSecond: .infinity)) != nil)
        #expect(error(.burst(ratePerSecond: 1, burstRatePerSecond: 2, periodSeconds: 1, burstSeconds: 2)) != nil)
        #expect(error(.burst(ratePerSecond: 1, burstRatePerSecond: 2, periodSeconds: 0, burstSeconds: 0)) != nil)
        #expect(
            error(.burst(ratePerSecond: 0, burstRatePerSecond: 100, periodSeconds: 1, burstSeconds: 0))
                == .noEvents(process: "burst"))
        #expect(error(.ramp(fromPerSecond: 10, toPerSecond: 0, overSeconds: 5)) == nil, "a ramp down to 0 is valid")
        #expect(error(.ramp(fromPerSecond: 0, toPerSecond: 0, overSeconds: 5)) == .noEvents(process: "ramp"))
        #expect(error(.ramp(fromPerSecond: 10, toPerSecond: 0, overSeconds: 0)) == .noEvents(process: "ramp"))
        #expect(error(.ramp(fromPerSecond: -1, toPerSecond: 10, overSeconds: 5)) != nil)
        #expect(
            error(.constant(ratePerSecond: 0))?.description
                == "constant arrivals: ratePerSecond = 0.0 is invalid; it must be a finite number above 0")
    }
}
