#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes a file so that readers see either nothing or all of it (DESIGN decision 8): a temp file in the same
/// directory, whose name starts with `.` so that watchers ignore it, written in full, fsynced, then given its
/// final name, then the directory fsynced so that the name survives a crash.
///
/// The project's one atomic writer: stats files, the state file and the harness's `result.json`/`report.md` all
/// go through it (`package` access: for this package's modules, not a public API).
package enum AtomicFile {
    /// How the final name is chosen.
    package enum Placement {
        /// Replace whatever is at `name` (persistence: the newest state wins).
        case replace(String)
        /// Never replace: try `name(0)`, then `name(1)`, … until a free name is found (stats files).
        case keepExisting((Int) -> String)
    }

    /// Writes `bytes` into `directory` and returns the final file name. Leaves no temp file behind, whatever fails.
    /// When only the final directory fsync fails, the file is already in place but the failure is still thrown:
    /// its name might not survive a crash.
    package static func write(
        _ bytes: [UInt8], directory: String, placement: Placement
    ) throws(FileOperationFailure) -> String {
        let temp = directory + "/." + tempStem(placement) + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try writeAndSync(bytes, to: temp)
        let name: String
        do {
            name = try place(temp, directory: directory, placement: placement)
        } catch {
            unlink(temp)
            throw error
        }
        try syncDirectory(directory)
        return name
    }

    /// Moves `path` to `directory/name`, or `name-1`, `name-2`, … without ever replacing an existing file;
    /// returns the path used. For files moved aside (never overwritten, never deleted).
    static func moveAside(_ path: String, directory: String, name: String) throws(FileOperationFailure) -> String {
        for attempt in 0..<1000 {
            let target = directory + "/" + (attempt == 0 ? name : "\(name)-\(attempt)")
            if try linkOrRename(path, to: target, renameWhenUnlinkable: true) {
                if access(path, F_OK) == 0 { unlink(path) }
                try syncDirectory(directory)
                return target
            }
        }
        throw FileOperationFailure(operation: "move aside (1000 names taken)", path: path, code: EEXIST)
    }

    private static func tempStem(_ placement: Placement) -> String {
        switch placement {
        case .replace(let name): return name
        case .keepExisting(let name): return name(0)
        }
    }

    private static func writeAndSync(_ bytes: [UInt8], to path: String) throws(FileOperationFailure) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw FileOperationFailure(operation: "create", path: path, code: errno) }
        var failure: FileOperationFailure?
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = systemWrite(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = FileOperationFailure(operation: "write", path: path, code: errno)
                    return
                }
                offset += written
            }
        }
        if failure == nil, fsync(descriptor) != 0 {
            failure = FileOperationFailure(operation: "fsync", path: path, code: errno)
        }
        if close(descriptor) != 0, failure == nil {
            failure = FileOperationFailure(operation: "close", path: path, code: errno)
        }
        if let failure {
            unlink(path)
            throw failure
        }
    }

    private static func place(
        _ temp: String, directory: String, placement: Placement
    ) throws(FileOperationFailure) -> String {
        switch placement {
        case .replace(let name):
            guard rename(temp, directory + "/" + name) == 0 else {
                throw FileOperationFailure(operation: "rename to \(name)", path: temp, code: errno)
            }
            return name
        case .keepExisting(let name):
            for attempt in 0..<1000 {
                if try linkOrRename(temp, to: directory + "/" + name(attempt), renameWhenUnlinkable: true) {
                    unlink(temp)  // after link(2) the temp name remains; after rename(2) it is already gone
                    return name(attempt)
                }
            }
            throw FileOperationFailure(operation: "name the file (1000 names taken)", path: temp, code: EEXIST)
        }
    }

    /// Gives `source` the name `target` unless `target` exists: `link(2)` fails with `EEXIST` rather than
    /// replace, so no check-then-rename race. Where hard links are not supported, falls back to checking and
    /// `rename(2)`. Returns false when `target` is taken.
    private static func linkOrRename(
        _ source: String, to target: String, renameWhenUnlinkable: Bool
    ) throws(FileOperationFailure) -> Bool {
        if link(source, target) == 0 { return true }
        let code = errno
        if code == EEXIST { return false }
        guard renameWhenUnlinkable, code == EPERM || code == ENOTSUP || code == EOPNOTSUPP || code == EMLINK else {
            throw FileOperationFailure(operation: "link to \(target)", path: source, code: code)
        }
        if access(target, F_OK) == 0 { return false }
        guard rename(source, target) == 0 else {
            throw FileOperationFailure(operation: "rename to \(target)", path: source, code: errno)
        }
        return true
    }

    /// fsyncs a directory so that a name just created or changed in it is durable. `EINVAL` (a file system
    /// that cannot sync directories) is not an error.
    static func syncDirectory(_ directory: String) throws(FileOperationFailure) {
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw FileOperationFailure(operation: "open directory", path: directory, code: errno)
        }
        defer { close(descriptor) }
        if fsync(descriptor) != 0, errno != EINVAL {
            throw FileOperationFailure(operation: "fsync directory", path: directory, code: errno)
        }
    }
}

/// `write(2)`, named apart from ``AtomicFile/write(_:directory:placement:)``, which would shadow it.
@inline(__always)
private func systemWrite(_ descriptor: Int32, _ pointer: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, pointer, count)
}
