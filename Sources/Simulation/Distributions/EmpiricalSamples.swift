import Foundation

/// Reads an empirical distribution's samples file: one number per line; blank lines and `#` comments ignored.
enum EmpiricalSamples {
    /// The samples of the file at `path` (relative paths resolved against `baseDirectory`, else the current
    /// directory), in file order.
    ///
    /// - Throws: ``DistributionError`` when the file cannot be read, is not UTF-8 text, holds no sample or a line
    ///   that is not a decimal number (with its line number).
    static func load(path: String, baseDirectory: URL?) throws(DistributionError) -> [Double] {
        try numbered(path: path, baseDirectory: baseDirectory).map(\.value)
    }

    /// ``load(path:baseDirectory:)`` with each sample's line number (1-based), for errors about a sample.
    static func numbered(path: String, baseDirectory: URL?) throws(DistributionError) -> [(value: Double, line: Int)] {
        let url: URL
        if path.hasPrefix("/") {
            url = URL(fileURLWithPath: path)
        } else if let baseDirectory {
            url = baseDirectory.appendingPathComponent(path)
        } else {
            url = URL(fileURLWithPath: path)
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .unreadableFile(path: url.path, reason: error.localizedDescription)
        }
        guard let text = String(bytes: data, encoding: .utf8) else {
            throw .unreadableFile(path: url.path, reason: "it is not UTF-8 text (a binary file?)")
        }
        return try parse(text, path: url.path)
    }

    /// The samples in `text` with their line numbers; `path` only names the file in errors.
    static func parse(_ text: String, path: String) throws(DistributionError) -> [(value: Double, line: Int)] {
        var values: [(value: Double, line: Int)] = []
        var lineNumber = 0
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            lineNumber += 1
            let content = rawLine.prefix { $0 != "#" }.trimmingCharacters(in: .whitespacesAndNewlines)
            if content.isEmpty { continue }
            // The scenario files' number rule: decimal only (Double(String) would also read `0x10`).
            guard let value = QuantityParser.plainNumber(content) else {
                throw .invalidSample(path: path, line: lineNumber, text: printable(String(content.prefix(80))))
            }
            values.append((value, lineNumber))
        }
        guard !values.isEmpty else { throw .emptyFile(path: path) }
        return values
    }

    /// `text` with control characters (a NUL, an escape sequence) shown as `\u{…}` rather than sent to a
    /// terminal.
    static func printable(_ text: String) -> String {
        String(
            text.unicodeScalars.map { scalar in
                scalar.properties.generalCategory == .control
                    ? "\\u{\(String(scalar.value, radix: 16))}" : String(scalar)
            }.joined())
    }
}
