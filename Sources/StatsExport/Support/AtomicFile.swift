import Synchronization

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
    /// A `.replace` target that exists and is not a regular file (a directory, a FIFO, a device such as
    /// `/dev/stdout`'s target) is refused before anything is written: the rename would replace it.
    package static func write(
        _ bytes: [UInt8], directory: String, placement: Placement
    ) throws(FileOperationFailure) -> String {
        if case .replace(let name) = placement { try requireRegularOrMissing(directory + "/" + name) }
        let temp = directory + "/" + tempName(stem: tempStem(placement))
        inFlight.withLock { _ = $0.insert(temp) }
        defer { inFlight.withLock { _ = $0.remove(temp) } }
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

    /// The temp files this process is writing now (full paths): never stale.
    private static let inFlight = Mutex<Set<String>>([])

    /// The temp name for a file whose final name is `stem`: `.STEM.tmp-PID-RANDOM`.
    static func tempName(stem: String, pid: Int32 = getpid()) -> String {
        "." + stem + ".tmp-\(pid)-\(UInt32.random(in: 0...UInt32.max))"
    }

    /// The final name and writer's PID of a temp name made by ``tempName(stem:pid:)``, or `nil` for any other name.
    static func parseTempName(_ name: String) -> (stem: String, pid: Int32)? {
        let bytes = Array(name.utf8)
        let marker = Array(".tmp-".utf8)
        guard bytes.first == UInt8(ascii: "."), bytes.count > marker.count + 4 else { return nil }
        var start = bytes.count - marker.count
        while start > 1, !bytes[start..<start + marker.count].elementsEqual(marker) { start -= 1 }
        guard start > 1 else { return nil }
        let tail = bytes[(start + marker.count)...].split(
            separator: UInt8(ascii: "-"), omittingEmptySubsequences: false)
        let isDigit = { (byte: UInt8) in byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        guard tail.count == 2, tail.allSatisfy({ !$0.isEmpty && $0.count <= 10 && $0.allSatisfy(isDigit) }),
            let pid = Int32(String(decoding: tail[0], as: UTF8.self)), pid > 0,
            UInt32(String(decoding: tail[1], as: UTF8.self)) != nil
        else { return nil }
        return (String(decoding: bytes[1..<start], as: UTF8.self), pid)
    }

    /// Removes the temp files in `directory` left by writers that died mid-write: names made by
    /// ``tempName(stem:pid:)`` whose final name satisfies `isOwnStem`, and whose writer is gone (no process
    /// has its PID) or is this process but not writing it now. A temp file of another live process is kept
    /// (it may be writing it), and so is every other file. Returns the names removed; a file that cannot be
    /// removed is left for next time.
    static func removeStaleTempFiles(in directory: String, isOwnStem: (String) -> Bool) -> [String] {
        guard let stream = opendir(directory) else { return [] }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            names.append(name)
        }
        closedir(stream)
        let ours = getpid()
        let writing = inFlight.withLock { $0 }
        var removed: [String] = []
        for name in names {
            guard let (stem, pid) = parseTempName(name), isOwnStem(stem) else { continue }
            let path = directory + "/" + name
            let writerGone = pid == ours ? !writing.contains(path) : !isAlive(pid)
            guard writerGone else { continue }
            var status = stat()
            guard lstat(path, &status) == 0, (status.st_mode & mode_t(S_IFMT)) == mode_t(S_IFREG) else { continue }
            if unlink(path) == 0 { removed.append(name) }
        }
        return removed
    }

    /// True when a process with `pid` exists (signal 0 reaches it, or exists but is not ours to signal).
    static func isAlive(_ pid: Int32) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }

    /// Moves `path` to `directory/name`, or `name-1`, `name-2`, … without ever replacing an existing file;
    /// returns the path used. For files moved aside (never overwritten, never deleted).
    static func moveAside(_ path: String, directory: String, name: String) throws(FileOperationFailure) -> String {
        try requireRegularOrMissing(path)
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

    /// Throws (`EEXIST`) when something other than a regular file is at `path`; a missing path is fine.
    package static func requireRegularOrMissing(_ path: String) throws(FileOperationFailure) {
        var status = stat()
        guard stat(path, &status) != 0 || status.st_mode & S_IFMT == S_IFREG else {
            throw FileOperationFailure(
                operation: "replace or move a path that is not a regular file (a directory, FIFO or device)",
                path: path, code: EEXIST)
        }
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

/// Removing the temp files that writers killed mid-write leave behind (`.FINAL-NAME.tmp-PID-RANDOM`), for
/// a directory that stats files or a state file are written into.
public enum StaleTempFiles {
    /// Removes from `directory` the temp files of final name `fileName` whose writer is gone (see
    /// ``StatsFileWriter`` for the rule); returns the names removed. Never touches any other file.
    @discardableResult
    public static func remove(in directory: String, forFinalName fileName: String) -> [String] {
        AtomicFile.removeStaleTempFiles(in: directory) { $0 == fileName }
    }
}
