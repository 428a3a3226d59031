/// The finite range of every scenario quantity, and the size limits of a whole run.
///
/// A scenario that `statsbench validate` accepts is one that `statsbench run` can represent and finish: every
/// quantity lies in its range (below), and the run's expected size stays under the run limits. The ranges are
/// what the generator and the sinks can hold without overflow (nanosecond `UInt64` times, `UInt32` byte counts,
/// `Int64` micro-unit costs) with room to spare, and what a simulation on one machine finishes in hours, not
/// years. `docs/scenario-format.md` lists them as a table.
public enum ScenarioLimits {
    /// Shortest run `duration:`, in seconds: 1 ms, the shortest stats interval (`--scale` never runs shorter
    /// either).
    public static let minimumRunSeconds = 0.001
    /// Longest run `duration:`, in seconds: 7 days (`168h`).
    public static let runSeconds = 604_800.0
    /// Most `events:` in a run: 10⁹ (`1G`).
    public static let events = 1_000_000_000
    /// Longest duration in a distribution (latencies, session lengths), in seconds: 30 days (`720h`) — past the
    /// default histogram's range (12.1 days), so that a scenario can show how an out-of-range figure is reported.
    public static let distributionSeconds = 2_592_000.0
    /// Shortest `stats.interval`, in seconds: 1 ms.
    public static let minimumIntervalSeconds = 0.001
    /// Longest `stats.interval`, in seconds: 1 day (`24h`).
    public static let maximumIntervalSeconds = 86_400.0
    /// Largest size in a distribution (request and response sizes), in bytes: 2 GiB.
    public static let bytes = 2_147_483_648.0
    /// Largest token count in a distribution (`input-tokens`, `output-tokens`), and of one call's draw: a draw
    /// above it (from the tail of a lognormal, exponential or Pareto distribution) is clamped to it: 10⁷ (`10M`).
    public static let tokens = 10_000_000.0
    /// Largest `cost-per-token`, in currency units: 1.
    public static let costPerToken = 1.0
    /// Most micro-units the model calls of a run may cost in all: 9 × 10¹⁸ (9 × 10¹² currency units), under the
    /// `Int64` micro-unit sums of the call ledger and of the generator's totals (9.22 × 10¹⁸). A run is held to
    /// it by its largest call cost (``CallCostSpec/largestCallMicroUnits``) times its largest request count.
    public static let runCostMicroUnits = 9e18
    /// Highest request arrival rate and consumer speed, per second: 10⁹ (`1G/s`).
    public static let ratePerSecond = 1_000_000_000.0
    /// Highest `server-events.rate`, per second: 10⁸ (`100M/s`); each event is a control-plane operation.
    public static let serverEventsPerSecond = 100_000_000.0
    /// Highest churn rate (`connect-rate`, `disconnect-rate`) and `subscribe-rate`, per second: 10⁶ (`1M/s`);
    /// each replacement or subscription is a control-plane operation.
    public static let controlRatePerSecond = 1_000_000.0
    /// Lowest positive rate where a rate must be above 0, per second: 0.001 (one event in about 17 minutes).
    public static let minimumPositiveRatePerSecond = 0.001
    /// Largest weight (method weights, event kinds, disconnect reasons): 10⁹.
    public static let weight = 1_000_000_000.0
    /// Largest lognormal `sigma`: 10.
    public static let sigma = 10.0
    /// Smallest Pareto `alpha`: 0.1 (below it nearly every draw is beyond any range).
    public static let minimumAlpha = 0.1
    /// Largest Pareto `alpha`: 1000.
    public static let maximumAlpha = 1000.0
    /// Most simulated worker threads.
    public static let workers = 256
    /// Most simulated clients (`clients.count`): 10⁶.
    public static let clients = 1_000_000
    /// Largest `server-events.queue-capacity` (events per client queue): 10⁶.
    public static let queueCapacity = 1_000_000
    /// Most queued-event slots over all clients (`clients.count` × `queue-capacity`, with server events): 5 × 10⁷,
    /// about 1.6 GB of queues.
    public static let queueSlots = 50_000_000
    /// Most distinct `cost.model` names (what the call ledger holds).
    public static let costModels = 64
    /// Most request methods: 1024 (the statistics pipeline holds at most 4095; see also ``methodWindows``).
    public static let methods = 1024
    /// Most per-method latency windows, `methods × (workers + 1)`: 2048 (1024 methods on one worker). The
    /// statistics pipeline keeps each method's sliding window (61 histograms of about 17 KiB) in every worker's
    /// shard and a shared one, about 1 MiB per method and shard, so this is about 2.2 GB — the measured cost was
    /// 1.3 GB for 400 methods on 2 workers (1200 windows).
    public static let methodWindows = 2048
    /// Largest empirical samples file, in bytes: 64 MiB.
    public static let sampleFileBytes: Int64 = 64 * 1_048_576
    /// Most `subscriptions.pieces`: 10⁶.
    public static let pieces = 1_000_000
    /// Largest `stats.history-capacity`: 10⁶ (the history ring is allocated whole, a cache line or more per
    /// sample).
    public static let historyCapacity = 1_000_000
    /// Largest scenario file, in bytes: 1 MiB.
    public static let fileBytes = 1_048_576
    /// Most YAML nodes in a scenario, every alias expanded: 100 000.
    public static let yamlNodes = 100_000
    /// Deepest YAML nesting in a scenario, aliases expanded: 32 levels.
    public static let yamlDepth = 32
    /// Most YAML aliases in a scenario: 1000.
    public static let yamlAliases = 1000
    /// Most requests a run is expected to generate (`events:`, or the arrival rate over the duration): 10⁹.
    public static let expectedRequests = 1_000_000_000.0
    /// Most windows (epochs of `stats.interval`) a run spans: 10⁶.
    public static let windows = 1_000_000.0
    /// Most control-plane operations a run is expected to make: server events offered, subscriptions, client
    /// replacements, and per-window visits of every client slot (with server events or session churn): 10⁸.
    public static let controlOperations = 100_000_000.0
}
