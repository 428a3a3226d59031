/// The self-contained HTML report (`report.html`) of `run`, `compare` and `sweep`: one file with inline CSS and
/// inline SVG charts, no JavaScript and no network reference, so it opens anywhere and can be attached to a CI
/// run as it is.
///
/// Every page is built from the same small set of generic ``Block``s grouped in ``Section``s and rendered by one
/// Mustache template, so the three pages look alike and a new page needs no template of its own:
///
/// ```swift
/// let html = HTMLReport.sweepPage(
///     title: "smoke sweep over clients", subtitle: "4 points",
///     sections: [
///         .init(title: "bytes per client", blocks: [
///             .paragraph("constant, 481 B (R² 0.99)"),
///             .chart(SVGChart.fitted(points: points, curve: { _ in 481 }, xLabel: "clients",
///                                    yLabel: "bytes per client", xLog: true, yLog: false)),
///         ])
///     ])
/// ```
public enum HTMLReport {
    /// How a table cell or a status is coloured.
    public struct Tone: Sendable, Equatable {
        let name: String

        /// No colour.
        public static let plain = Tone(name: "")
        /// Green: held, faster, no regression.
        public static let good = Tone(name: "good")
        /// Red: failed, regressed.
        public static let bad = Tone(name: "bad")
        /// Amber: worse but allowed, inconclusive, a warning.
        public static let warning = Tone(name: "warn")
        /// Grey: not measured, unchanged, below the noise.
        public static let muted = Tone(name: "muted")
    }

    /// One table cell: its text (escaped when written), colour, alignment and an optional link.
    public struct Cell: Sendable, ExpressibleByStringLiteral {
        /// The text shown.
        public var text: String
        /// Its colour.
        public var tone: Tone
        /// Right-aligned (figures) rather than left-aligned (names).
        public var numeric: Bool
        /// A relative link target (another page of the report); `nil`: no link.
        public var link: String?

        /// Creates a cell.
        public init(_ text: String, tone: Tone = .plain, numeric: Bool = false, link: String? = nil) {
            self.text = text
            self.tone = tone
            self.numeric = numeric
            self.link = link
        }

        /// A plain, left-aligned cell.
        public init(stringLiteral text: String) {
            self.init(text)
        }
    }

    /// One generic piece of a page.
    public struct Block: Sendable {
        enum Kind: Sendable {
            case heading(String)
            case paragraph(String)
            case note(String, Tone)
            case list([String])
            case table(header: [String], rows: [[Cell]])
            case chart(String)
        }
        let kind: Kind

        /// A sub-heading inside a section.
        public static func heading(_ text: String) -> Block { Block(kind: .heading(text)) }
        /// A paragraph of text.
        public static func paragraph(_ text: String) -> Block { Block(kind: .paragraph(text)) }
        /// A highlighted paragraph (a verdict, a warning), coloured by `tone`.
        public static func note(_ text: String, tone: Tone) -> Block { Block(kind: .note(text, tone)) }
        /// A bulleted list.
        public static func list(_ items: [String]) -> Block { Block(kind: .list(items)) }
        /// A table with a header row; rows shorter than the header are padded with empty cells.
        public static func table(header: [String], rows: [[Cell]]) -> Block {
            Block(kind: .table(header: header, rows: rows))
        }
        /// A chart: SVG text from ``SVGChart``, inserted as it is (only pass ``SVGChart``'s output, which escapes
        /// every text it holds).
        public static func chart(_ svg: String) -> Block { Block(kind: .chart(svg)) }
    }

    /// A titled part of a page: a heading and its blocks.
    public struct Section: Sendable {
        /// The section's heading.
        public var title: String
        /// Its content, in order.
        public var blocks: [Block]

        /// Creates a section.
        public init(title: String, blocks: [Block]) {
            self.title = title
            self.blocks = blocks
        }
    }

    /// The page's verdict line at the top: passed (green) or failed (red), in words.
    public struct Status: Sendable {
        /// Whether it passed.
        public var passed: Bool
        /// What to say, e.g. `PASSED: every threshold held`.
        public var text: String

        /// Creates a status.
        public init(passed: Bool, text: String) {
            self.passed = passed
            self.text = text
        }
    }

    /// A whole page: title, an optional subtitle and status, then the sections in order.
    public static func page(title: String, subtitle: String? = nil, status: Status? = nil, sections: [Section])
        -> String
    {
        HTMLTemplate.render(title: title, subtitle: subtitle, status: status, sections: sections)
    }

    /// The sweep's page (`report.html` beside `sweep.json`): the same template as every page; the sweep builds
    /// its sections from blocks, e.g. a capacity table and, per figure, an ``SVGChart/fitted(points:curve:xLabel:yLabel:xLog:yLog:xUnit:yUnit:title:)``
    /// chart.
    public static func sweepPage(title: String, subtitle: String? = nil, status: Status? = nil, sections: [Section])
        -> String
    {
        page(title: title, subtitle: subtitle, status: status, sections: sections)
    }
}
