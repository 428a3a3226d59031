/// Why the harness could not set up or finish a run.
public enum HarnessError: Error, Hashable, CustomStringConvertible {
    /// A sink could not be created from the scenario's setup.
    case sinkSetup(sink: String, reason: String)
    /// The scenario cannot be run as written.
    case scenario(String)
    /// A result or report could not be written.
    case output(path: String, reason: String)
    /// A worker thread or child process could not be started.
    case system(String)

    /// What went wrong, naming the sink, scenario part or path.
    public var description: String {
        switch self {
        case .sinkSetup(let sink, let reason): "sink '\(sink)': \(reason)"
        case .scenario(let reason): "scenario: \(reason)"
        case .output(let path, let reason): "\(path): \(reason)"
        case .system(let reason): reason
        }
    }
}
