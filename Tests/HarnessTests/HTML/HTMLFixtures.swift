import Foundation
import Testing

@testable import Harness

/// Golden files for the SVG charts (`Fixtures/golden/*.svg`), compared byte for byte.
///
/// To re-write the goldens after an intended change of a chart, run the tests with
/// `STATSBENCH_UPDATE_GOLDEN=1` (e.g. `STATSBENCH_UPDATE_GOLDEN=1 swift test --filter SVGChartTests`), look at
/// the new files and the diff, and commit them. Without the variable a golden is never written.
enum Golden {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures").appendingPathComponent("golden")

    /// Expects `text` to equal the golden file `name` (or re-writes it when asked to).
    static func check(_ text: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = directory.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["STATSBENCH_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
            return
        }
        let golden = try String(contentsOf: url, encoding: .utf8)
        #expect(text == golden, "\(name) differs from its golden file", sourceLocation: sourceLocation)
    }
}

/// Checks on rendered SVG and HTML shared by the tests.
enum Markup {
    /// The values of the coordinate attributes (`x`, `y`, `cx`, `points`, `viewBox` …) in `svg`.
    static func coordinateValues(_ svg: String) -> [String] {
        let names = ["x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "width", "height", "points", "viewBox"]
        var values: [String] = []
        for name in names {
            var rest = Substring(svg)
            let key = " \(name)=\""
            while let range = rest.range(of: key) {
                rest = rest[range.upperBound...]
                guard let end = rest.firstIndex(of: "\"") else { break }
                values.append(String(rest[..<end]))
                rest = rest[end...]
            }
        }
        return values
    }

    /// Whether any coordinate is not a plain finite number list.
    static func hasNonFiniteCoordinate(_ svg: String) -> Bool {
        coordinateValues(svg).contains { value in
            value.split(whereSeparator: { $0 == " " || $0 == "," }).contains { Double($0).map { !$0.isFinite } ?? true }
        }
    }

    /// The lines of `html` that reference the network.
    static func networkReferences(_ html: String) -> [String] {
        html.split(separator: "\n").map(String.init).filter {
            $0.lowercased().contains("http://") || $0.lowercased().contains("https://")
        }
    }
}
