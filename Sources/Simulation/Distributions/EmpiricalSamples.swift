import Foundation

/// Reads an empirical distribution's samples file: one number per line; blank lines and `#` comments ignored.
enum EmpiricalSamples {
    /// The samples of the file at `path` (relative paths resolved against `baseDirectory`, else the current
    /// directory), in file order.
    static func load(path: String, baseDirectory: URL?) throws(DistributionError) -> [Double] {
        let url: URL
        if path.hasPrefix("/") {
            url = URL(fileURLWithPath: path)
        } else if let baseDirectory {
            url = baseDirectory.appendingPathComponent(path)
        } else {
            url = URL(fileURLWithPath: path)
        }
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw .unreadableFile(path: url.path, reason: error.localizedDescription)
        }
        return try parse(text, path: url.path)
    }

    /// The samples in `text`; `path` only names the file in errors.
    static func parse(_ text: String, path: String) throws(DistributionError) -> [Double] {
        var values: [Double] = []
        var lineNumber = 0
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            lineNumber += 1
            let content = rawLine.prefix { $0 != "#" }.trimmingCharacters(in: .whitespacesAndNewlines)
            if content.isEmpty { continue }
            // The scenario files' number rule: decimal only (Double(String) would also read `0x10`).
            guard let value = QuantityParser.plainNumber(content) else {
                throw .invalidSample(
                    path: path, line: lineNumber, text: rawLine.trimmingCharacters(in: .whitespacesAndNewlines))
            }
            values.append(value)
        }
        guard !values.isEmpty else { throw .emptyFile(path: path) }
        return values
    }
}
