import Foundation
import Testing

@testable import Harness

/// `mkdir -p` with the system's reason: nested directories made, an existing one accepted, and the part that
/// failed named with `errno`'s text.
struct DirectoryMakerTests {
    @Test func makesNestedDirectoriesAndNamesWhatFailed() throws {
        let root = NSTemporaryDirectory() + "directory-maker-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: root) }
        let nested = root + "/a/b/c"
        #expect(DirectoryMaker.problem(creating: nested) == nil)
        var isDirectory: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: nested, isDirectory: &isDirectory) && isDirectory.boolValue)
        #expect(DirectoryMaker.problem(creating: nested) == nil, "an existing directory is fine")

        let file = root + "/file"
        try Data("x".utf8).write(to: URL(fileURLWithPath: file))
        #expect(DirectoryMaker.problem(creating: file) == "a file is in the way at \(file)")
        #expect(DirectoryMaker.problem(creating: file + "/below/it") == "a file is in the way at \(file)")
        #if os(Linux)
            // Root's permission bits say /proc is writable; mkdir(2) says what it is.
            #expect(
                DirectoryMaker.problem(creating: "/proc/no-such-dir") == "/proc/no-such-dir: No such file or directory")
        #endif
    }

    @Test("the parent of a path, one-character relative paths included (Foundation's own traps on them)")
    func parents() {
        let cases: [(String, String)] = [
            ("a", ""), ("a/", ""), ("ab", ""), ("a/b", "a"), ("r/x/", "r"), ("/a", "/"), ("/", "/"), ("//a", "/"),
            ("a//b", "a"), ("./R", "."), ("/tmp/x/y", "/tmp/x"),
        ]
        for (path, parent) in cases { #expect(DirectoryMaker.parentPath(path) == parent, "\(path)") }
    }
}
