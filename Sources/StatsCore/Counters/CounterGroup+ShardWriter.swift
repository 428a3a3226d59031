import Synchronization

extension CounterGroup {
    /// A worker's direct view of its own shard, for a record path that updates several fields at once: the
    /// registry check and the address arithmetic are done once, in ``CounterGroup/writer(for:)``, and each
    /// update is then a bounds check and a plain load and store (atomic for the shared shard).
    ///
    /// Use it on the worker's thread, right away, while the group is alive (it points into the group's
    /// memory); it is deliberately not `Sendable`.
    public struct ShardWriter {
        @usableFromInline let base: UnsafeMutablePointer<Atomic<UInt64>>
        @usableFromInline let count: Int
        @usableFromInline let shared: Bool

        @usableFromInline
        init(base: UnsafeMutablePointer<Atomic<UInt64>>, count: Int, shared: Bool) {
            self.base = base
            self.count = count
            self.shared = shared
        }

        /// Adds `amount` to counter `index` of this shard.
        @inlinable @inline(__always)
        public func increment(_ index: Int, by amount: UInt64 = 1) {
            precondition(UInt(bitPattern: index) < UInt(bitPattern: count), "CounterGroup index \(index) out of range")
            (base + index).add(amount, shared: shared)
        }

        /// Raises field `index` of this shard to `value` if larger.
        @inlinable @inline(__always)
        public func recordMaximum(_ index: Int, _ value: UInt64) {
            precondition(UInt(bitPattern: index) < UInt(bitPattern: count), "CounterGroup index \(index) out of range")
            (base + index).raise(to: value, shared: shared)
        }
    }

    /// `worker`'s shard, for several updates in a row (see ``ShardWriter``).
    @inlinable @inline(__always)
    public func writer(for worker: WorkerID) -> ShardWriter {
        worker.checkIssued(by: registryToken)
        return ShardWriter(
            base: words.base + worker.shard &* shardStride, count: count, shared: worker.isShared)
    }
}
