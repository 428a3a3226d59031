import Harness
import StatsTestSupport
import Synchronization
import Testing

@Suite("NaiveRing (the seeds' Mutex<Deque> history ring)")
struct NaiveRingTests {
    @Test("FIFO eviction keeps the newest `capacity` elements, oldest first")
    func eviction() {
        let ring = NaiveRing<Int>(capacity: 360)
        #expect(ring.count == 0 && ring.all().isEmpty && ring.latest() == nil)
        for value in 0..<1000 { ring.append(value) }
        #expect(ring.count == 360)
        #expect(ring.totalAppended == 1000)
        #expect(ring.all() == Array(640..<1000))
        #expect(ring.latest() == 999)
    }

    @Test("capacity 1 holds only the latest element")
    func capacityOne() {
        let ring = NaiveRing<String>(capacity: 1)
        ring.append("a")
        #expect(ring.all() == ["a"] && ring.latest() == "a")
        ring.append("b")
        #expect(ring.all() == ["b"] && ring.latest() == "b" && ring.count == 1)
    }

    @Test("all() is in append order while partly filled, and after wrapping round several times")
    func order() {
        let ring = NaiveRing<Int>(capacity: 4)
        ring.append(1)
        ring.append(2)
        #expect(ring.all() == [1, 2])
        for value in 3...11 { ring.append(value) }
        #expect(ring.all() == [8, 9, 10, 11])
    }

    @Test("a reader copying while one writer appends sees consecutive runs ending at or before the latest")
    func concurrentCopies() {
        let ring = NaiveRing<Int>(capacity: 64)
        let torn = Atomic<Int>(0)
        runOnThreads(2) { thread in
            if thread == 0 {
                for value in 0..<100_000 { ring.append(value) }
            } else {
                for _ in 0..<2_000 {
                    let copy = ring.all()
                    let consecutive = zip(copy, copy.dropFirst()).allSatisfy { $1 == $0 + 1 }
                    if !consecutive || copy.count > 64 { torn.wrappingAdd(1, ordering: .relaxed) }
                }
            }
        }
        #expect(torn.load(ordering: .relaxed) == 0)
        #expect(ring.all() == Array(99_936..<100_000))
    }
}
