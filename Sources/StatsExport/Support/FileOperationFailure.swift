#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A system call on a file that failed: which operation, on which path, and the `errno` it set.
public struct FileOperationFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// What was attempted, e.g. `fsync` or `rename to statsbench-stats-20250101-000000.json`.
    public let operation: String
    /// The path it was attempted on.
    public let path: String
    /// The `errno` value (0 when the failure was not a system call's).
    public let code: Int32
    /// Why, when the failure was not a system call's (`code` 0): e.g. `not a regular file (a FIFO)`.
    public let detail: String?

    /// A failure of `operation` on `path` with `errno` `code`.
    public init(operation: String, path: String, code: Int32) {
        self.operation = operation
        self.path = path
        self.code = code
        self.detail = nil
    }

    /// A failure of `operation` on `path` that no system call reported: `detail` says why.
    public init(operation: String, path: String, detail: String) {
        self.operation = operation
        self.path = path
        self.code = 0
        self.detail = detail
    }

    /// `open '/var/stats/.x.tmp': No such file or directory (errno 2)`.
    public var description: String {
        if let detail { return "\(operation) '\(path)': \(detail)" }
        return "\(operation) '\(path)': \(String(cString: strerror(code))) (errno \(code))"
    }

    /// True when the failure means the file or directory is not there.
    public var isNotFound: Bool { code == ENOENT }
}
