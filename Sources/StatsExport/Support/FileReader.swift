#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a whole file with `open`/`read`, so that a failure says which call failed and why (`errno`), not
/// a generic Foundation message.
enum FileReader {
    /// The bytes of the regular file at `path` (a symbolic link is followed), at most `maximumBytes` of them.
    ///
    /// - Throws: ``FileOperationFailure`` when `open`, `fstat` or `read` fails, when the path is not a regular
    ///   file (a FIFO, which would wait for a writer, or a device such as `/dev/zero`, which never ends), or when
    ///   the file holds more than `maximumBytes`.
    static func read(_ path: String, maximumBytes: Int = .max) throws(FileOperationFailure) -> [UInt8] {
        // Non-blocking, so that opening a FIFO does not wait for a writer; a regular file reads the same.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { throw FileOperationFailure(operation: "open", path: path, code: errno) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw FileOperationFailure(operation: "fstat", path: path, code: errno)
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw FileOperationFailure(
                operation: "read", path: path, detail: "not a regular file (\(kind(status.st_mode)))")
        }
        guard Int(status.st_size) <= maximumBytes else {
            throw FileOperationFailure(
                operation: "read", path: path,
                detail: "\(status.st_size) bytes, more than the \(maximumBytes) this file may hold")
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress!, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw FileOperationFailure(operation: "read", path: path, code: errno)
            }
            if count == 0 { return bytes }
            guard bytes.count + count <= maximumBytes else {
                throw FileOperationFailure(
                    operation: "read", path: path, detail: "more than the \(maximumBytes) bytes this file may hold")
            }
            bytes.append(contentsOf: chunk[0..<count])
        }
    }
}

/// What kind of file `mode` is, for an error: `a FIFO`, `a character device`, `a directory`, ….
private func kind(_ mode: mode_t) -> String {
    switch mode & S_IFMT {
    case S_IFIFO: "a FIFO"
    case S_IFCHR: "a character device"
    case S_IFBLK: "a block device"
    case S_IFDIR: "a directory"
    case S_IFSOCK: "a socket"
    default: "not a regular file"
    }
}

/// `read(2)`, named apart from ``FileReader/read(_:)``, which would shadow it.
@inline(__always)
private func systemRead(_ descriptor: Int32, _ pointer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(descriptor, pointer, count)
}
