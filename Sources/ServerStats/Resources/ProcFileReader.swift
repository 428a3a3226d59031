import Foundation

/// Reads small files and counts directory entries under a `/proc` root with plain system calls.
///
/// `/proc` files report a size of 0, so they are read until end of file rather than by size. Every failure —
/// the file does not exist, the process vanished (`ESRCH`), permission denied — is `nil`: the caller decides
/// what an unreadable figure means.
struct ProcFileReader: Sendable {
    /// The proc file system's mount point, `/proc` unless a test points it at a fixture directory.
    let root: String

    /// The full path of `relative` under the root.
    func path(_ relative: String) -> String {
        root.hasSuffix("/") ? root + relative : root + "/" + relative
    }

    /// The whole text of `relative`, or `nil` when it cannot be read.
    func read(_ relative: String) -> String? {
        let descriptor = open(path(relative), O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { buffer in
                Foundation.read(descriptor, buffer.baseAddress, buffer.count)
            }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                return nil
            }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The number of entries of directory `relative` (`.` and `..` excluded), or `nil` when it cannot be read.
    ///
    /// With `excludingOwnHandle`, the entry for the directory handle this count itself opened is left out: in
    /// the process's own `fd` directory that handle is listed, but it is not one of the process's files.
    func countEntries(_ relative: String, excludingOwnHandle: Bool) -> Int? {
        guard let directory = opendir(path(relative)) else { return nil }
        defer { closedir(directory) }
        let ownHandle = dirfd(directory)
        var count = 0
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            if excludingOwnHandle, name == String(ownHandle), refersToDirectory(ownHandle, entry: relative + "/" + name)
            {
                continue
            }
            count += 1
        }
        return count
    }

    /// Whether `entry` (followed if a link) is the very directory open as `handle`.
    private func refersToDirectory(_ handle: Int32, entry: String) -> Bool {
        var opened = stat()
        var target = stat()
        guard fstat(handle, &opened) == 0, stat(path(entry), &target) == 0 else { return false }
        return opened.st_dev == target.st_dev && opened.st_ino == target.st_ino
    }
}
