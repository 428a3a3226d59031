import DequeModule
import Synchronization

/// The seeds' history ring, as they build it: a double-ended queue behind one lock, the oldest element dropped
/// when a new one arrives at capacity (a `deque(maxlen=360)` in one, a locked `VecDeque` in another).
///
/// The harness's ring measurement runs it beside ``StatsCore/SnapshotRing`` with the same API (`append`,
/// `all`, `latest`, `count`): here every append and every copy takes the lock, so readers and the writer
/// wait for each other, and `all()` allocates a new array per call.
///
/// ```swift
/// let history = NaiveRing<ResourceSample>(capacity: 360)
/// history.append(sample)
/// let hour = history.all()  // oldest first
/// ```
public final class NaiveRing<Element: Sendable>: Sendable {
    /// Maximum number of elements kept; the oldest is evicted beyond it.
    public let capacity: Int

    private let storage: Mutex<Storage>

    private struct Storage {
        var elements: Deque<Element>
        var appended: UInt64 = 0
    }

    /// Creates an empty ring holding at most `capacity` elements (at least 1).
    public init(capacity: Int) {
        precondition(capacity >= 1, "NaiveRing capacity must be at least 1, got \(capacity)")
        self.capacity = capacity
        self.storage = Mutex(Storage(elements: Deque(minimumCapacity: capacity)))
    }

    /// Number of elements held: `min(appended, capacity)`.
    public var count: Int {
        storage.withLock { $0.elements.count }
    }

    /// Number of elements ever appended, evicted ones included.
    public var totalAppended: UInt64 {
        storage.withLock { $0.appended }
    }

    /// Appends `element` under the lock, first evicting the oldest when the ring is full.
    public func append(_ element: Element) {
        storage.withLock { storage in
            if storage.elements.count == capacity {
                storage.elements.removeFirst()
            }
            storage.elements.append(element)
            storage.appended &+= 1
        }
    }

    /// The most recently appended element, or `nil` when the ring is empty.
    public func latest() -> Element? {
        storage.withLock { $0.elements.last }
    }

    /// A copy of the elements, oldest first, made under the lock.
    public func all() -> [Element] {
        storage.withLock { Array($0.elements) }
    }
}
