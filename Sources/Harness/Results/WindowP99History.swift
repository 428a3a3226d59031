/// One point of the window p99 over a run: the pipeline's window p99 right after a window ended.
public struct WindowP99Point: Sendable, Codable, Equatable {
    /// Simulated seconds from the run's start.
    public var seconds: Double
    /// The window's p99 latency in seconds (`nil`: the window held no request).
    public var p99Seconds: Double?

    /// Creates a point.
    public init(seconds: Double, p99Seconds: Double?) {
        self.seconds = seconds
        self.p99Seconds = p99Seconds
    }
}

/// The window p99 over a run, kept small whatever the run's length: at most ``limit`` points. When it is full,
/// every second point is dropped and from then on only every second window is kept (then every fourth …), so
/// the points stay evenly spread over the whole run.
public struct WindowP99History: Sendable {
    /// The most points kept (at least 2).
    public let limit: Int
    /// The points kept, oldest first.
    public private(set) var points: [WindowP99Point] = []
    /// Windows offered so far.
    private var offered = 0
    /// Every `stride`-th window is kept.
    private var stride = 1

    /// An empty history of at most `limit` points (raised to 2 when lower).
    public init(limit: Int = 240) {
        self.limit = max(2, limit)
        points.reserveCapacity(self.limit)
    }

    /// Offers the p99 of the window that ended at `seconds`; it is kept when it falls on the current stride.
    public mutating func append(seconds: Double, p99Seconds: Double?) {
        defer { offered += 1 }
        guard offered % stride == 0 else { return }
        if points.count == limit {
            points = points.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
            stride *= 2
            guard offered % stride == 0 else { return }
        }
        points.append(WindowP99Point(seconds: seconds, p99Seconds: p99Seconds))
    }
}
