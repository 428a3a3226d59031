import ArgumentParser
import Foundation
import Harness

/// The check every command that writes into a directory (or a file: `serve --state-file`) makes before any work:
/// the path may be missing (a directory is created by the check), but it must not be a file, and the nearest part
/// of it that exists must be a directory this process may write.
enum OutputDirectory {
    /// Throws a usage error (exit 2) naming `flag` and the path when `path` cannot become an output directory.
    static func check(_ path: String, flag: String) throws {
        guard !path.isEmpty else { throw ValidationError("\(flag) is empty: give a directory (. for this one)") }
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw ValidationError("\(flag) \(path) is a file, not a directory")
            }
            guard manager.isWritableFile(atPath: path) else {
                throw ValidationError("\(flag) \(path) is a directory this user may not write")
            }
            return
        }
        if let problem = creationProblem(under: URL(fileURLWithPath: path).deletingLastPathComponent()) {
            throw ValidationError("\(flag) \(path) cannot be created: \(problem)")
        }
        // Permission bits are not the whole story (root may "write" /proc, where nothing can be made): the
        // directory is made now, so that a result is not lost to it at the end of the work.
        if let problem = DirectoryMaker.problem(creating: path) {
            throw ValidationError("\(flag) \(path) cannot be created: \(problem)")
        }
    }

    /// Throws a usage error (exit 2) naming `flag` and the path when `path` cannot become an output file (e.g.
    /// `--junit`): it must not be empty or a directory, and its directory must exist or be creatable — checked
    /// before the run, so that a run is not lost to an unwritable report at its end.
    static func checkFile(_ path: String, flag: String) throws {
        guard !path.isEmpty else { throw ValidationError("\(flag) is empty: give a file path") }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard !isDirectory.boolValue else { throw ValidationError("\(flag) \(path) is a directory, not a file") }
            guard FileManager.default.isWritableFile(atPath: path) else {
                throw ValidationError("\(flag) \(path) is a file this user may not write")
            }
        }
        if let problem = creationProblem(under: URL(fileURLWithPath: path).deletingLastPathComponent()) {
            throw ValidationError("\(flag) \(path) cannot be created: \(problem)")
        }
    }

    /// Why nothing can be created at or under `directory`, or `nil` when something can: the nearest part of it
    /// that exists must be a directory this user may write (the missing parts are created).
    static func creationProblem(under directory: URL) -> String? {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        var ancestor = directory
        while !manager.fileExists(atPath: ancestor.path, isDirectory: &isDirectory), ancestor.path != "/" {
            ancestor = ancestor.deletingLastPathComponent()
        }
        guard isDirectory.boolValue else { return "\(ancestor.path) is a file, not a directory" }
        guard manager.isWritableFile(atPath: ancestor.path) else { return "\(ancestor.path) is not writable" }
        return nil
    }
}
