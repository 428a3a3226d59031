/// Server events pushed into the clients' event queues (`server-events:`).
///
/// A consumer slower than its share of the event rate overflows its queue: the harness measures the drops.
public struct ServerEventSpec: Sendable, Hashable {
    /// Events generated per second across all clients (`rate:`, required, positive).
    public var ratePerSecond: Double
    /// Relative weights of the event kinds (`kinds:`, default all 1).
    public var kinds: EventKindWeights
    /// Capacity of each client's queue (`queue-capacity:`, default 1024, at least 1).
    public var queueCapacity: Int
    /// Events each client consumes per second (`consumer-speed:`, default `nil`: consumers keep up).
    public var consumerSpeedPerSecond: Double?

    /// Creates an event load; the defaults are those of a scenario file that omits the fields.
    public init(
        ratePerSecond: Double,
        kinds: EventKindWeights = EventKindWeights(),
        queueCapacity: Int = 1024,
        consumerSpeedPerSecond: Double? = nil
    ) {
        self.ratePerSecond = ratePerSecond
        self.kinds = kinds
        self.queueCapacity = queueCapacity
        self.consumerSpeedPerSecond = consumerSpeedPerSecond
    }
}

/// Relative weights of the server event kinds (`server-events.kinds:`); omitted kinds in a file weigh 0.
public struct EventKindWeights: Sendable, Hashable {
    /// Server-wide notifications (`server:`).
    public var server: Double
    /// Piece updates (`piece:`).
    public var piece: Double
    /// Client connect notices (`connect:`).
    public var connect: Double
    /// Client disconnect notices (`disconnect:`).
    public var disconnect: Double

    /// Creates weights; by default every kind weighs 1.
    public init(server: Double = 1, piece: Double = 1, connect: Double = 1, disconnect: Double = 1) {
        self.server = server
        self.piece = piece
        self.connect = connect
        self.disconnect = disconnect
    }
}

/// Piece subscriptions made by clients (`subscriptions:`).
public struct SubscriptionSpec: Sendable, Hashable {
    /// Distinct pieces clients may subscribe to (`pieces:`, required, not negative).
    public var pieces: Int
    /// Subscriptions made per second across all clients (`subscribe-rate:`, default 0).
    public var subscribeRatePerSecond: Double

    /// Creates a subscription load.
    public init(pieces: Int, subscribeRatePerSecond: Double = 0) {
        self.pieces = pieces
        self.subscribeRatePerSecond = subscribeRatePerSecond
    }
}

/// Settings of the statistics pipeline under test (`stats:`).
public struct StatsSettings: Sendable, Hashable {
    /// Seconds between stats intervals (`interval:`, default 1 s, positive).
    public var intervalSeconds: Double
    /// Entries kept in the history ring (`history-capacity:`, default 360, 1…10 000 000).
    public var historyCapacity: Int
    /// Where stats files are written (`directory:`, default `nil`: a temporary directory). A relative path is
    /// resolved against the scenario file's directory.
    public var directory: String?

    /// Creates settings; the defaults are those of a scenario file that omits the fields.
    public init(intervalSeconds: Double = 1, historyCapacity: Int = 360, directory: String? = nil) {
        self.intervalSeconds = intervalSeconds
        self.historyCapacity = historyCapacity
        self.directory = directory
    }
}
