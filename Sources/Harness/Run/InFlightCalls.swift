/// The calls one worker has in flight in simulated time: a call is in flight from its intended start until its
/// end (start + latency). A binary min-heap of end times with the client slot of each call, in storage allocated
/// once, so that the record path neither allocates nor locks nor reads a clock.
///
/// Owned by one worker loop (the generator's side: every sink's drive keeps it, so the `none` sink's run
/// subtracts its cost from every sink's overhead); the control plane touches it only while the workers are
/// parked.
struct InFlightCalls {
    /// Calls that fit; a call beyond them ends the earliest one early (counted in ``truncated``).
    let capacity: Int
    private let ends: UnsafeMutablePointer<UInt64>
    private let slots: UnsafeMutablePointer<UInt32>
    /// Calls in flight now.
    private(set) var count = 0
    /// The most calls this worker had in flight at once (its own true maximum overlap).
    private(set) var peak = 0
    /// Calls ended early because the heap was full (0 in a correct run).
    private(set) var truncated: UInt64 = 0

    init(capacity: Int) {
        self.capacity = max(1, capacity)
        ends = .allocate(capacity: self.capacity)
        slots = .allocate(capacity: self.capacity)
    }

    func deallocate() {
        ends.deallocate()
        slots.deallocate()
    }

    /// The earliest end, or `nil` with nothing in flight.
    @inline(__always)
    var earliestEnd: UInt64? { count == 0 ? nil : ends[0] }

    /// Removes the call that ends first and returns its client slot (call only when ``count`` > 0).
    @inline(__always)
    mutating func popEarliest() -> UInt32 {
        let slot = slots[0]
        count -= 1
        if count > 0 {
            ends[0] = ends[count]
            slots[0] = slots[count]
            siftDown(from: 0)
        }
        return slot
    }

    /// Whether no more calls fit (the caller then ends the earliest early: ``endEarly()``).
    @inline(__always)
    var isFull: Bool { count == capacity }

    /// Removes the earliest call before its end to make room, counting it in ``truncated``; returns its slot.
    @inline(__always)
    mutating func endEarly() -> UInt32 {
        truncated &+= 1
        return popEarliest()
    }

    /// Adds a call of `slot` ending at `end` (call only when not ``isFull``).
    @inline(__always)
    mutating func push(end: UInt64, slot: UInt32) {
        var index = count
        ends[index] = end
        slots[index] = slot
        count += 1
        while index > 0 {
            let parent = (index - 1) / 2
            guard ends[parent] > ends[index] else { break }
            swapAt(parent, index)
            index = parent
        }
        if count > peak { peak = count }
    }

    /// Removes every call of `slot` (its client left); returns how many.
    mutating func removeAll(slot: UInt32) -> Int {
        var kept = 0
        for index in 0..<count where slots[index] != slot {
            ends[kept] = ends[index]
            slots[kept] = slots[index]
            kept += 1
        }
        let removed = count - kept
        count = kept
        var index = count / 2
        while index > 0 {
            index -= 1
            siftDown(from: index)
        }
        return removed
    }

    @inline(__always)
    private mutating func siftDown(from start: Int) {
        var index = start
        while true {
            let left = 2 * index + 1
            guard left < count else { return }
            var smallest = left
            if left + 1 < count, ends[left + 1] < ends[left] { smallest = left + 1 }
            guard ends[smallest] < ends[index] else { return }
            swapAt(smallest, index)
            index = smallest
        }
    }

    @inline(__always)
    private func swapAt(_ first: Int, _ second: Int) {
        let end = ends[first]
        ends[first] = ends[second]
        ends[second] = end
        let slot = slots[first]
        slots[first] = slots[second]
        slots[second] = slot
    }
}
