/// The API methods a server records, each with a small integer id, so that a record path indexes arrays
/// instead of hashing strings.
public struct MethodTable: Sendable, Hashable, Codable {
    /// Method names, indexed by ``MethodID/index``.
    public let names: [String]

    /// The most methods a table holds: 4095 (a client's record keeps its last method in 12 bits beside the
    /// last call's time).
    public static let maximumCount = 4095

    /// Creates a table of distinct, non-empty names, at most ``maximumCount`` of them.
    ///
    /// - Throws: ``StatsConfigurationError/invalid(_:_:)`` for `methods` when the list is empty, too long, or has
    ///   an empty or repeated name.
    public init(_ names: [String]) throws(StatsConfigurationError) {
        guard !names.isEmpty else { throw .invalid("methods", "at least one API method name is required") }
        guard names.count <= Self.maximumCount else {
            throw .invalid("methods", "\(names.count) API methods; at most \(Self.maximumCount) are supported")
        }
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
