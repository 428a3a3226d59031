/// The calls one worker has in flight in simulated time: a call is in flight from its intended start until its
/// end (start + latency). Storage is allocated once, so the record path neither allocates nor locks nor reads a
/// clock.
///
/// **Layout: a hashed timing wheel** (Varghese & Lauck, "Hashed and hierarchical timing wheels", 1987). Time is
/// cut into buckets of 2^`bucketWidthLog2` ns; the wheel holds the next 2^`bucketCountLog2` buckets, each a
/// singly linked list of calls in a node pool (16-byte nodes, recycled last-freed-first so the nodes in use stay
/// in cache). A call ending beyond the wheel waits in an overflow heap (4-ary, on the end time) and moves onto the
/// wheel when the wheel turns close enough. Adding a call is O(1); ending the calls that ended by `t` walks the
/// buckets between the last `t` and this one and the calls in them, so each call is touched a constant number of
/// times. The order of ends within one ``removeEnded(by:_:)`` is unspecified (a sink's state after ending a set
/// of calls does not depend on their order); ``endEarly()`` ends exactly the earliest call.
///
/// Measured as the generator's CPU time per event through the `none` sink (2 workers; alternating runs of each
/// build): on the `steady` stream (~400 calls in flight per worker) a binary heap cost 102–109 ns, a 4-ary heap
/// 84–88 ns, and this wheel the same as the 4-ary heap within the runs' spread; at 1 M events/s with 40 ms
/// latencies (~20,000 in flight per worker) the 4-ary heap 102–119 ns, the wheel 93–103 ns. A wheel of 65,536
/// buckets was no faster at either: its bucket heads (256 KiB) fell out of cache between turns. Nor were buckets of
/// 16 fixed places whose ends are compared with one vector compare (`steady`'s stream, one worker, 20 M events,
/// alternating runs: 76.1 against 75.0 ns, medians): valgrind's branch simulation counted fewer mispredicted
/// branches in the loop (1.8 against 2.6 per event) but 49 more instructions, and a bucket milliseconds ahead
/// (392 KiB of places in all) was out of cache when a call was added to it. This bookkeeping is about a third of
/// the generator's cost: a throwaway build without it took 49–52 ns per event against 75–87 ns.
///
/// Owned by one worker loop (the generator's side: every sink's drive keeps it, so the `none` sink's run
/// subtracts its cost from every sink's overhead); the control plane touches it only while the workers are
/// parked.
struct InFlightCalls {
    /// One call on the wheel: when it ends, whose it is, and the next call of its bucket (16 bytes).
    struct Call {
        var end: UInt64
        var slot: UInt32
        var next: UInt32
    }

    /// The end of a bucket's list, and the slot of a node that holds no call.
    static var none: UInt32 { .max }

    /// Calls that fit; a call beyond them ends the earliest one early (counted in ``truncated``).
    let capacity: Int
    /// The node pool: `nodes[0 ..< used]` have been handed out; free ones (slot ``none``) are chained from
    /// `freeNode`.
    private let nodes: UnsafeMutablePointer<Call>
    /// Per wheel bucket, its first node (``none`` when empty).
    private let heads: UnsafeMutablePointer<UInt32>
    private let shift: UInt64
    /// Bucket count − 1 (a power of two).
    private let mask: UInt64
    private var overflow: CallHeap
    private var freeNode: UInt32 = InFlightCalls.none
    private var used = 0
    /// Calls on the wheel (the rest are in `overflow`).
    private var onWheel = 0
    /// Every call ending by `now` has been removed; `cursor` is `now`'s bucket number (not wrapped).
    private var now: UInt64 = 0
    private var cursor: UInt64 = 0

    /// Calls in flight now.
    private(set) var count = 0
    /// The most calls this worker had in flight at once (its own true maximum overlap).
    private(set) var peak = 0
    /// Calls ended early because the storage was full (0 in a correct run).
    private(set) var truncated: UInt64 = 0

    /// Storage for `capacity` calls, on a wheel of 2^`bucketCountLog2` buckets of 2^`bucketWidthLog2` ns.
    ///
    /// The defaults (16 µs buckets, a wheel of 65.5 ms, 16 KiB of bucket heads that stay in cache) suit the
    /// scenarios' millisecond latencies at tens of thousands of events per second per worker: a bucket then holds
    /// a call or two, and a call longer than the wheel takes the overflow heap's O(log n) instead.
    init(capacity: Int, bucketWidthLog2: Int = 14, bucketCountLog2: Int = 12) {
        precondition((0...40).contains(bucketWidthLog2) && (1...24).contains(bucketCountLog2))
        self.capacity = max(1, capacity)
        nodes = .allocate(capacity: self.capacity)
        let buckets = 1 << bucketCountLog2
        heads = .allocate(capacity: buckets)
        heads.initialize(repeating: Self.none, count: buckets)
        shift = UInt64(bucketWidthLog2)
        mask = UInt64(buckets - 1)
        overflow = CallHeap(capacity: self.capacity)
    }

    func deallocate() {
        nodes.deallocate()
        heads.deallocate()
        overflow.deallocate()
    }

    /// Whether no more calls fit (the caller then ends the earliest early: ``endEarly()``).
    @inline(__always)
    var isFull: Bool { count == capacity }

    /// Adds a call of `slot` (below `UInt32.max`) ending at `end` (call only when not ``isFull``). A call that
    /// ended already (`end` ≤ the last time given to ``removeEnded(by:_:)``) is ended by the next one.
    @inline(__always)
    mutating func push(end: UInt64, slot: UInt32) {
        count &+= 1
        if count > peak { peak = count }
        let bucket = Swift.max(end &>> shift, cursor)
        guard bucket &- cursor <= mask else {
            overflow.push(HeapCall(end: end, slot: slot))
            return
        }
        link(end: end, slot: slot, bucket: bucket)
    }

    /// Removes every call that ended by `time` (end ≤ `time`), handing each one's slot to `body`, in no
    /// particular order. Times must not go backwards: a `time` before the last one removes nothing.
    @inline(__always)
    mutating func removeEnded(by time: UInt64, _ body: (UInt32) -> Void) {
        guard time >= now else { return }
        let target = time &>> shift
        while cursor < target {
            if onWheel == 0 {
                // Nothing on the wheel: turn it straight to the target or to the first overflow call's bucket.
                cursor = overflow.minimumEnd.map { Swift.min(target, $0 &>> shift) } ?? target
                refill()
                continue
            }
            let bucket = Int(truncatingIfNeeded: cursor & mask)
            var node = heads[bucket]
            heads[bucket] = Self.none
            while node != Self.none {
                let call = nodes[Int(node)]
                release(node)
                body(call.slot)
                node = call.next
            }
            cursor &+= 1
            refill()
        }
        now = time
        guard onWheel > 0 else { return }
        // The bucket of `time` itself: end the calls that ended by `time`, keep the rest.
        let bucket = Int(truncatingIfNeeded: target & mask)
        var previous = Self.none
        var node = heads[bucket]
        while node != Self.none {
            let call = nodes[Int(node)]
            if call.end <= time {
                if previous == Self.none { heads[bucket] = call.next } else { nodes[Int(previous)].next = call.next }
                release(node)
                body(call.slot)
            } else {
                previous = node
            }
            node = call.next
        }
    }

    /// Removes the earliest call before its end to make room, counting it in ``truncated``; returns its slot
    /// (call only when ``count`` > 0).
    mutating func endEarly() -> UInt32 {
        truncated &+= 1
        guard onWheel > 0 else {
            count &-= 1
            return overflow.popMinimum().slot
        }
        // Every overflow call ends after every call on the wheel: the earliest is in the first non-empty bucket.
        var bucket = cursor
        while heads[Int(truncatingIfNeeded: bucket & mask)] == Self.none { bucket &+= 1 }
        let index = Int(truncatingIfNeeded: bucket & mask)
        var earliest = heads[index]
        var beforeEarliest = Self.none
        var previous = earliest
        var node = nodes[Int(earliest)].next
        while node != Self.none {
            if nodes[Int(node)].end < nodes[Int(earliest)].end {
                earliest = node
                beforeEarliest = previous
            }
            previous = node
            node = nodes[Int(node)].next
        }
        let call = nodes[Int(earliest)]
        if beforeEarliest == Self.none { heads[index] = call.next } else { nodes[Int(beforeEarliest)].next = call.next }
        release(earliest)
        return call.slot
    }

    /// Removes every call of `slot` (its client left); returns how many.
    mutating func removeAll(slot: UInt32) -> Int {
        var removed = 0
        removeAll(leaving: { $0 == slot }) { _ in removed += 1 }
        return removed
    }

    /// Removes every call whose slot `isLeaving` (the clients of those slots left), handing each one's slot to
    /// `body`, in no particular order: one pass over the wheel's buckets and the overflow heap however many slots
    /// leave (the control plane's churn ends the calls of every slot replaced in an epoch at once: with a pass per
    /// slot, `many-clients` at 1 M clients, about 500 k replacements an epoch, ran in 54 s instead of 43 s).
    mutating func removeAll(leaving isLeaving: (UInt32) -> Bool, _ body: (UInt32) -> Void) {
        count &-= overflow.removeAll(where: isLeaving, body)
        guard onWheel > 0 else { return }
        for bucket in 0...Int(truncatingIfNeeded: mask) {
            var previous = Self.none
            var node = heads[bucket]
            while node != Self.none {
                let call = nodes[Int(node)]
                if isLeaving(call.slot) {
                    if previous == Self.none {
                        heads[bucket] = call.next
                    } else {
                        nodes[Int(previous)].next = call.next
                    }
                    release(node)
                    body(call.slot)
                } else {
                    previous = node
                }
                node = call.next
            }
        }
    }

    /// Removes every call in flight, handing each one's slot to `body` (control plane: the end of a run).
    mutating func removeAll(_ body: (UInt32) -> Void) {
        for index in 0..<used where nodes[index].slot != Self.none { body(nodes[index].slot) }
        overflow.removeAll { body($0.slot) }
        heads.update(repeating: Self.none, count: Int(mask) + 1)
        freeNode = Self.none
        used = 0
        onWheel = 0
        count = 0
    }

    /// Puts a call on the wheel's bucket `bucket` (not wrapped; within the wheel).
    @inline(__always)
    private mutating func link(end: UInt64, slot: UInt32, bucket: UInt64) {
        let node: UInt32
        if freeNode != Self.none {
            node = freeNode
            freeNode = nodes[Int(node)].next
        } else {
            node = UInt32(truncatingIfNeeded: used)
            used &+= 1
        }
        let index = Int(truncatingIfNeeded: bucket & mask)
        nodes[Int(node)] = Call(end: end, slot: slot, next: heads[index])
        heads[index] = node
        onWheel &+= 1
    }

    /// Returns an unlinked node to the pool.
    @inline(__always)
    private mutating func release(_ node: UInt32) {
        nodes[Int(node)].slot = Self.none
        nodes[Int(node)].next = freeNode
        freeNode = node
        onWheel &-= 1
        count &-= 1
    }

    /// Moves the overflow calls that now fall within the wheel onto it.
    @inline(__always)
    private mutating func refill() {
        while let end = overflow.minimumEnd, end &>> shift <= cursor &+ mask {
            let call = overflow.popMinimum()
            link(end: call.end, slot: call.slot, bucket: Swift.max(end &>> shift, cursor))
        }
    }
}

/// A call in the overflow heap.
struct HeapCall {
    var end: UInt64
    var slot: UInt32
}

/// A 4-ary min-heap of calls on their end, in storage allocated once: the children of `i` are `4i + 1 … 4i + 4`,
/// a node's four children 64 contiguous bytes; the sifts move a hole instead of swapping.
struct CallHeap {
    private let calls: UnsafeMutablePointer<HeapCall>
    let capacity: Int
    private(set) var count = 0

    init(capacity: Int) {
        self.capacity = max(1, capacity)
        calls = .allocate(capacity: self.capacity)
    }

    func deallocate() { calls.deallocate() }

    /// The earliest end, or `nil` when empty.
    @inline(__always)
    var minimumEnd: UInt64? { count == 0 ? nil : calls[0].end }

    /// Removes and returns the call that ends first (call only when ``count`` > 0).
    mutating func popMinimum() -> HeapCall {
        let first = calls[0]
        count -= 1
        if count > 0 { siftDown(calls[count], from: 0) }
        return first
    }

    /// Adds `call` (call only when ``count`` < ``capacity``).
    mutating func push(_ call: HeapCall) {
        var index = count
        count += 1
        while index > 0 {
            let parent = (index &- 1) >> 2
            let above = calls[parent]
            guard above.end > call.end else { break }
            calls[index] = above
            index = parent
        }
        calls[index] = call
    }

    /// Removes every call whose slot `isLeaving`, handing each one's slot to `body`; returns how many.
    mutating func removeAll(where isLeaving: (UInt32) -> Bool, _ body: (UInt32) -> Void) -> Int {
        var kept = 0
        for index in 0..<count {
            let call = calls[index]
            if isLeaving(call.slot) {
                body(call.slot)
            } else {
                calls[kept] = call
                kept += 1
            }
        }
        let removed = count - kept
        count = kept
        if removed > 0 { heapify() }
        return removed
    }

    /// Removes every call, handing each to `body`.
    mutating func removeAll(_ body: (HeapCall) -> Void) {
        for index in 0..<count { body(calls[index]) }
        count = 0
    }

    private mutating func heapify() {
        guard count > 1 else { return }
        var index = (count &- 2) >> 2 &+ 1
        while index > 0 {
            index -= 1
            siftDown(calls[index], from: index)
        }
    }

    /// Places `call` at the hole `start`, moving smaller children up until it fits.
    private mutating func siftDown(_ call: HeapCall, from start: Int) {
        var index = start
        while true {
            let first = index &* 4 &+ 1
            guard first < count else { break }
            var smallest = first
            var smallestEnd = calls[first].end
            let last = min(first &+ 4, count)
            var child = first &+ 1
            while child < last {
                let end = calls[child].end
                if end < smallestEnd {
                    smallest = child
                    smallestEnd = end
                }
                child &+= 1
            }
            guard smallestEnd < call.end else { break }
            calls[index] = calls[smallest]
            index = smallest
        }
        calls[index] = call
    }
}
