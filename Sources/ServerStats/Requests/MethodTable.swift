/// The API methods a server records, each with a small integer id, so that a record path indexes arrays
/// instead of hashing strings.
public struct MethodTable: Sendable, Hashable, Codable {
    /// Method names, indexed by ``MethodID/index``.
    public let names: [String]

    /// Creates a table of distinct, non-empty names.
    public init(_ names: [String]) throws(StatsConfigurationError) {
        guard !names.isEmpty else { throw .invalid("methods", "at least one API method name is required") }
        var seen = Set<String>()
        for name in names {
            guard !name.isEmpty else { throw .invalid("methods", "a method name is empty") }
            guard seen.insert(name).inserted else { throw .invalid("methods", "method \"\(name)\" is listed twice") }
        }
        self.names = names
    }

    /// The id of `name`, or `nil` when it is not in the table.
    public func id(of name: String) -> MethodID? {
        names.firstIndex(of: name).map(MethodID.init(index:))
    }

    /// All ids, in order.
    public var ids: [MethodID] { names.indices.map(MethodID.init(index:)) }

    /// Number of methods.
    public var count: Int { names.count }
}

/// An API method's index in its ``MethodTable``.
public struct MethodID: Sendable, Hashable, Codable {
    /// Position in the table.
    public let index: Int

    /// Creates the id of the method at `index` (check it against the table).
    public init(index: Int) { self.index = index }
}

/// A configuration value of the statistics pipeline that cannot be used.
public enum StatsConfigurationError: Error, Hashable, CustomStringConvertible {
    /// `field` is invalid, for `reason`.
    case invalid(_ field: String, _ reason: String)

    /// What is wrong and where.
    public var description: String {
        switch self {
        case .invalid(let field, let reason): return "invalid statistics configuration '\(field)': \(reason)"
        }
    }
}
