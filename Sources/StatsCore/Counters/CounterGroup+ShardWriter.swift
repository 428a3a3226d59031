extension CounterGroup {
    /// `worker`'s shard as a ``FieldWriter``, for several updates in a row: the registry check and the address
    /// arithmetic happen here, once.
    @inlinable @inline(__always)
    public func writer(for worker: WorkerID) -> FieldWriter {
        worker.checkIssued(by: registryToken)
        return FieldWriter(base: words.base + worker.shard &* shardStride, count: count, shared: worker.isShared)
    }
}
