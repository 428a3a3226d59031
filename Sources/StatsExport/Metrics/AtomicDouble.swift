import Synchronization

/// A `Double` in one atomic word (its bit pattern): set with a store, add with a compare-and-exchange loop.
/// No lock; safe from any thread.
final class AtomicDouble: Sendable {
    private let bits = Atomic<UInt64>(0)

    init() {}

    func store(_ value: Double) {
        bits.store(value.bitPattern, ordering: .relaxed)
    }

    func add(_ amount: Double) {
        var current = bits.load(ordering: .relaxed)
        while true {
            let next = (Double(bitPattern: current) + amount).bitPattern
            let (exchanged, original) = bits.weakCompareExchange(expected: current, desired: next, ordering: .relaxed)
            if exchanged { return }
            current = original
        }
    }

    func load() -> Double {
        Double(bitPattern: bits.load(ordering: .relaxed))
    }
}
