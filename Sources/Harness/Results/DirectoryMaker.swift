import Foundation

/// `mkdir -p` with the system's reason for a failure: Foundation's `createDirectory` reports every failure as
/// "The operation could not be completed" with a vague gloss ("The file doesn't exist" for a directory under
/// `/proc`), where `mkdir(2)`'s `errno` says what happened.
public enum DirectoryMaker {
    /// Creates `path` and every missing directory above it (mode 0755); an existing directory is fine.
    ///
    /// - Returns: `nil` on success, else why not, naming the part that failed when it is not `path` itself:
    ///   `"/proc/x: No such file or directory"`, `"a file is in the way at /tmp/f"`.
    public static func problem(creating path: String) -> String? {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            return isDirectory.boolValue ? nil : "a file is in the way at \(path)"
        }
        let parent = parentPath(path)
        if !parent.isEmpty, parent != path, let problem = problem(creating: parent) { return problem }
        if mkdir(path, 0o755) == 0 || errno == EEXIST {
            return nil
        }
        return "\(path): \(String(cString: strerror(errno)))"
    }

    /// The directory above `path`: `a/b/` → `a`, `/a` → `/`, `a` → `` (none). Written out rather than with
    /// `NSString.deletingLastPathComponent`, which traps on a one-character relative path (`a`) in this toolchain's
    /// Foundation.
    static func parentPath(_ path: String) -> String {
        var scalars = Array(path.unicodeScalars)
        while scalars.count > 1, scalars.last == "/" { scalars.removeLast() }
        guard let slash = scalars.lastIndex(of: "/") else { return "" }
        var end = slash
        while end > 0, scalars[end - 1] == "/" { end -= 1 }
        if end == 0 { return "/" }
        var parent = String.UnicodeScalarView()
        parent.append(contentsOf: scalars[..<end])
        return String(parent)
    }
}
