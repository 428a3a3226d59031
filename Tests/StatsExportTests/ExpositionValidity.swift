import Foundation
import Testing

/// What makes a Prometheus scrape drop a whole page, checked on `text`: an invalid metric or label name, a
/// label name twice in one sample, a series (name and label set) twice, a sample of a family whose TYPE came
/// before another family's samples interleaved, or a family's HELP/TYPE twice. Returns the problems found.
/// Label values must not contain `,`, `"` or `}` (test data only).
func expositionProblems(_ text: String) -> [String] {
    var problems: [String] = []
    var series: Set<String> = []
    var typed: Set<String> = []
    for line in text.split(separator: "\n") {
        if line.hasPrefix("# TYPE ") {
            let name = String(line.split(separator: " ")[2])
            if !typed.insert(name).inserted { problems.append("second TYPE for \(name)") }
            continue
        }
        if line.hasPrefix("#") { continue }
        guard let space = line.lastIndex(of: " ") else {
            problems.append("no value: \(line)")
            continue
        }
        let head = line[..<space]
        var name = String(head)
        var labelNames: [String] = []
        var labelPairs: [String] = []
        if let brace = head.firstIndex(of: "{") {
            name = String(head[..<brace])
            for pair in head[head.index(after: brace)..<head.index(before: head.endIndex)].split(separator: ",") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                labelNames.append(String(parts[0]))
                labelPairs.append(String(pair))
            }
        }
        if name.wholeMatch(of: /[a-zA-Z_:][a-zA-Z0-9_:]*/) == nil { problems.append("invalid metric name \(name)") }
        for label in labelNames where label.wholeMatch(of: /[a-zA-Z_][a-zA-Z0-9_]*/) == nil || label.hasPrefix("__") {
            problems.append("invalid label name \(label) in \(line)")
        }
        if Set(labelNames).count != labelNames.count { problems.append("duplicate label name in \(line)") }
        let key = name + "{" + labelPairs.sorted().joined(separator: ",") + "}"
        if !series.insert(key).inserted { problems.append("duplicate series \(key)") }
    }
    return problems
}

/// Runs `promtool check metrics` on `text` when promtool is installed (Debian: prometheus); returns its
/// complaint, or `nil` when it accepts the page or is not installed. promtool exits 1 for a page a scrape
/// rejects and 3 for style advice only (lint); `allowingLintAdvice` accepts the latter.
func promtoolComplaint(_ text: String, allowingLintAdvice: Bool = false) throws -> String? {
    let candidates = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":")
        .map { String($0) + "/promtool" }
    guard let promtool = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
        return nil
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: promtool)
    process.arguments = ["check", "metrics"]
    let input = Pipe()
    let output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    process.standardError = output
    try process.run()
    input.fileHandleForWriting.write(Data(text.utf8))
    try input.fileHandleForWriting.close()
    let said = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    let status = process.terminationStatus
    return status == 0 || (allowingLintAdvice && status == 3) ? nil : "promtool exit \(status): \(said)"
}
