import Foundation

/// Size and free space of one filesystem, as `statvfs` reports it: a resource sample's disk figures.
///
/// `freeBytes` is the space available to this (unprivileged) process (`f_bavail`); `usedPercent` is
/// `(total − free) / total × 100` with that free space, so it reaches 100 when a non-root writer can no longer
/// write, like `df`'s `Use%`. A value type of numbers only (`BitwiseCopyable`), so samples holding it fit a
/// `SnapshotRing`.
public struct DiskFigures: BitwiseCopyable, Sendable, Codable, Equatable {
    /// The filesystem's size in bytes.
    public var totalBytes: UInt64
    /// Bytes this process may still write.
    public var freeBytes: UInt64
    /// Used space in percent of the size (0 for a filesystem of size 0).
    public var usedPercent: Double

    /// Figures with `totalBytes` and `freeBytes`; ``usedPercent`` is derived (free is capped at the total).
    public init(totalBytes: UInt64, freeBytes: UInt64) {
        self.totalBytes = totalBytes
        self.freeBytes = min(freeBytes, totalBytes)
        self.usedPercent = totalBytes == 0 ? 0 : Double(totalBytes - self.freeBytes) / Double(totalBytes) * 100
    }

    /// The figures of the filesystem holding `path` (a file or directory; for a file that does not exist yet,
    /// its directory), or `nil` when `statvfs` fails for both.
    public static func of(path: String) -> DiskFigures? {
        var info = statvfs()
        var target = path
        if statvfs(target, &info) != 0 {
            // Through an absolute URL: `NSString.deletingLastPathComponent` traps on a one-character relative
            // path ("s") in this toolchain's Foundation.
            target = URL(fileURLWithPath: path).deletingLastPathComponent().path
            if target.isEmpty { target = "." }
            guard statvfs(target, &info) == 0 else { return nil }
        }
        let block = UInt64(info.f_frsize > 0 ? info.f_frsize : info.f_bsize)
        let (total, totalOverflow) = UInt64(info.f_blocks).multipliedReportingOverflow(by: block)
        let (free, freeOverflow) = UInt64(info.f_bavail).multipliedReportingOverflow(by: block)
        guard !totalOverflow, !freeOverflow else { return nil }
        return DiskFigures(totalBytes: total, freeBytes: free)
    }
}

/// The paths whose filesystems a ``ResourceSampler`` reports: the stats directory and the state file.
public struct DiskPaths: Sendable, Equatable {
    /// The directory stats files are written to, or `nil` for none.
    public var statsDirectory: String?
    /// The state file, or `nil` for none.
    public var stateFile: String?

    /// Paths to report; leave out what the server does not write.
    public init(statsDirectory: String? = nil, stateFile: String? = nil) {
        self.statsDirectory = statsDirectory
        self.stateFile = stateFile
    }

    /// No disk figures.
    public static let none = DiskPaths()
}
