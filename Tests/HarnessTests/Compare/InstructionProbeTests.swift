import Foundation
import Testing

@testable import Harness

@Suite("Instruction counts of the record paths under callgrind")
struct InstructionProbeTests {
    /// `statsbench-instructions` beside the test bundle, when built.
    static var executable: String? {
        let directory = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        let candidates = [directory, directory.deletingLastPathComponent()].map {
            $0.appendingPathComponent("statsbench-instructions").path
        }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static var available: Bool {
        executable != nil && InstructionProbe.findOnPath("valgrind") != nil
    }

    @Test(
        "the same build counts the same; ten more injected steps add a whole number of instructions per record",
        .enabled(if: available, "needs valgrind and statsbench-instructions built beside the tests"))
    func injectedChangeIsCaughtExactly() throws {
        var options = InstructionOptions(executable: try #require(Self.executable))
        // The default counts, 200 k records apart: a process-wide difference of a few hundred instructions
        // (address layout where `setarch -R` cannot fix it) is then below 0.002 per record.
        options.paths = ["counter"]
        let plain = InstructionProbe.measure(options)
        #expect(plain.unavailable == nil, "\(plain.unavailable ?? "")")
        let again = InstructionProbe.measure(options)
        let base = try #require(plain.paths.first?.instructionsPerRecord)
        // The same binary and inputs count the same, to a few instructions per process (far inside the 0.5 per
        // record the comparison allows).
        let repeated = try #require(again.paths.first?.instructionsPerRecord)
        #expect(abs(repeated - base) <= 0.01, "\(repeated) against \(base)")
        options.injectedSteps = 10
        let ten = try #require(InstructionProbe.measure(options).paths.first?.instructionsPerRecord)
        options.injectedSteps = 20
        let twenty = try #require(InstructionProbe.measure(options).paths.first?.instructionsPerRecord)
        #expect(ten - base >= 10, "each injected step is at least one instruction")
        // Ten more steps of the chain add a whole number of instructions to every record (the compiler may unroll
        // the chain, so one step need not be a whole number: measured, 10 steps add 12).
        let tenMore = twenty - ten
        #expect(tenMore >= 10 && abs(tenMore - tenMore.rounded()) <= 0.01, "instructions per 10 steps: \(tenMore)")
    }

    @Test("without valgrind or the executable the figures say why, with no counts")
    func unavailable() {
        var options = InstructionOptions(executable: "/nonexistent/statsbench-instructions")
        options.valgrind = "/bin/true"
        let missing = InstructionProbe.measure(options)
        #expect(missing.paths.isEmpty)
        #expect(missing.unavailable?.contains("/nonexistent/statsbench-instructions") == true)
        options.valgrind = "/nonexistent/valgrind"
        #expect(InstructionProbe.unavailableReason(options)?.contains("valgrind not found") == true)
    }
}
