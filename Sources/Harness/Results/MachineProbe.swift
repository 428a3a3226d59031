import CJemalloc
import Foundation

/// The version of statsbench.
public enum Version {
    /// The tool's version.
    public static let current = "0.5.0"
}

/// Facts about the machine and the build that a result records.
enum MachineProbe {
    /// The compiler that built this binary.
    static var toolchain: String {
        #if compiler(>=6.3)
            "Swift 6.3 or later (swiftc \(compilerVersion))"
        #else
            "Swift before 6.3"
        #endif
    }

    private static var compilerVersion: String {
        #if compiler(>=6.4)
            ">= 6.4"
        #elseif compiler(>=6.3.1)
            "6.3.1"
        #else
            "6.3"
        #endif
    }

    /// Host, CPU, cores, memory, kernel and allocator.
    static func machine() -> MachineInfo {
        let info = ProcessInfo.processInfo
        // The CPU model comes from /proc/cpuinfo: Linux only (elsewhere, and when it cannot be read, the model
        // is left out of result.json rather than guessed).
        #if os(Linux)
            let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        #else
            let cpuinfo = ""
        #endif
        let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
            .flatMap { $0.split(separator: ":", maxSplits: 1).last }
            .map { $0.trimmingCharacters(in: .whitespaces) }
        return MachineInfo(
            hostname: info.hostName, cpuModel: model, cores: info.activeProcessorCount,
            memoryBytes: info.physicalMemory, operatingSystem: info.operatingSystemVersionString,
            jemalloc: statsbench_jemalloc_is_active())
    }

    /// `git rev-parse HEAD` in `directory` (with `-dirty` when the tree has changes), or `nil` without git.
    static func gitRevision(near directory: URL) -> String? {
        guard let head = git(["rev-parse", "HEAD"], in: directory), !head.isEmpty else { return nil }
        let status = git(["status", "--porcelain", "--untracked-files=no"], in: directory) ?? ""
        return status.isEmpty ? head : head + "-dirty"
    }

    private static func git(_ arguments: [String], in directory: URL) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", directory.path] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
