/// The simulated clients of a scenario (`clients:`).
public struct ClientSpec: Sendable, Hashable {
    /// Clients connected at the start (`count:`, default 100, at least 1).
    public var count: Int
    /// How clients come and go (`churn:`, default ``ClientChurn/none``).
    public var churn: ClientChurn
    /// How departing clients disconnect (`disconnects:`, default all graceful).
    public var disconnects: DisconnectMix

    /// Creates a client population; the defaults are those of a scenario file that omits the fields.
    public init(count: Int = 100, churn: ClientChurn = .none, disconnects: DisconnectMix = DisconnectMix()) {
        self.count = count
        self.churn = churn
        self.disconnects = disconnects
    }
}

/// How clients connect and disconnect during a run (`clients.churn:`).
public enum ClientChurn: Sendable, Hashable {
    /// The initial clients stay connected for the whole run (no `churn:` key).
    case none
    /// Clients connect and disconnect at fixed average rates (`connect-rate:`, `disconnect-rate:`, per second).
    case rates(connectsPerSecond: Double, disconnectsPerSecond: Double)
    /// Each client stays for a session length drawn from `length` (seconds), then a new client replaces it
    /// (`session-length:`).
    case sessions(length: DistributionSpec)
}

/// Relative weights of the ways a client disconnects (`clients.disconnects:`); they need not sum to 1.
public struct DisconnectMix: Sendable, Hashable {
    /// Weight of clean disconnects (`graceful:`).
    public var graceful: Double
    /// Weight of disconnects after an error (`error:`).
    public var error: Double
    /// Weight of disconnects by timeout (`timeout:`).
    public var timeout: Double

    /// Creates a mix; by default every disconnect is graceful. Omitted weights in a file are 0.
    public init(graceful: Double = 1, error: Double = 0, timeout: Double = 0) {
        self.graceful = graceful
        self.error = error
        self.timeout = timeout
    }
}
