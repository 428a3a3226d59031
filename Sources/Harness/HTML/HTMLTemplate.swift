import Mustache

/// The one Mustache template every page is rendered with, and the plain values it reads. Every `{{…}}` is
/// HTML-escaped by Mustache; only `{{{svg}}}` (``SVGChart``'s output, which escapes its own text) is not.
enum HTMLTemplate {
    static let css = """
        body{font-family:-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;margin:0;color:#222;background:#f4f5f7}
        main{max-width:1000px;margin:0 auto;padding:16px 24px 48px}
        header{background:#fff;border-bottom:1px solid #ddd;padding:16px 24px}
        header h1{margin:0 0 4px;font-size:22px}
        .subtitle{color:#555;margin:0}
        .status{display:inline-block;margin-top:8px;padding:4px 10px;border-radius:4px;font-weight:bold}
        .status.good{background:#e3f4e8;color:#17612d}.status.bad{background:#fbe4e4;color:#9b1c1c}
        section{background:#fff;border:1px solid #ddd;border-radius:6px;margin:16px 0;padding:8px 18px 14px}
        h2{font-size:18px;margin:10px 0}h3{font-size:15px;margin:14px 0 6px}
        table{border-collapse:collapse;margin:6px 0 10px;font-size:13px}
        th,td{border-bottom:1px solid #e6e6e6;padding:4px 10px;text-align:left;vertical-align:top}
        th{background:#f0f1f3}td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
        .good{color:#17612d;font-weight:bold}.bad{color:#b42318;font-weight:bold}.warn{color:#a15c00}
        .muted{color:#777}
        td.good{background:#eef8f1}td.bad{background:#fdeeee}td.warn{background:#fff6e6}
        p.note{padding:6px 10px;border-left:4px solid #999;background:#f7f7f7}
        p.note.good{border-color:#2e8b57}p.note.bad{border-color:#b42318}p.note.warn{border-color:#d08700}
        .chart{max-width:100%;height:auto;display:block;margin:8px 0}
        footer{color:#777;font-size:12px;text-align:center;margin-top:24px}
        """

    static let source = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}}</title>
        <style>{{{css}}}</style>
        </head>
        <body>
        <header>
        <h1>{{title}}</h1>
        {{#hasSubtitle}}<p class="subtitle">{{subtitle}}</p>{{/hasSubtitle}}
        {{#hasStatus}}<div class="status {{statusTone}}">{{statusText}}</div>{{/hasStatus}}
        </header>
        <main>
        {{#sections}}
        <section>
        <h2>{{title}}</h2>
        {{#blocks}}
        {{#isHeading}}<h3>{{text}}</h3>{{/isHeading}}
        {{#isParagraph}}<p>{{text}}</p>{{/isParagraph}}
        {{#isNote}}<p class="note {{tone}}">{{text}}</p>{{/isNote}}
        {{#isList}}<ul>{{#items}}<li>{{text}}</li>{{/items}}</ul>{{/isList}}
        {{#isTable}}<table>
        <thead><tr>{{#header}}<th>{{text}}</th>{{/header}}</tr></thead>
        <tbody>
        {{#rows}}<tr>{{#cells}}<td class="{{cellClass}}">{{#hasLink}}<a href="{{link}}">{{text}}</a>{{/hasLink}}{{^hasLink}}{{text}}{{/hasLink}}</td>{{/cells}}</tr>
        {{/rows}}
        </tbody>
        </table>{{/isTable}}
        {{#isChart}}{{{svg}}}{{/isChart}}
        {{/blocks}}
        </section>
        {{/sections}}
        <footer>statsbench: a self-contained report (inline CSS and SVG, no script, no network).</footer>
        </main>
        </body>
        </html>

        """

    struct PageView {
        var title: String
        var css: String
        var hasSubtitle: Bool
        var subtitle: String
        var hasStatus: Bool
        var statusTone: String
        var statusText: String
        var sections: [SectionView]
    }

    struct SectionView {
        var title: String
        var blocks: [BlockView]
    }

    struct TextView {
        var text: String
    }

    struct CellView {
        var text: String
        var cellClass: String
        var hasLink: Bool
        var link: String
    }

    struct RowView {
        var cells: [CellView]
    }

    /// Every key the template reads, present on every block, so a lookup never climbs to an enclosing value.
    struct BlockView {
        var isHeading = false, isParagraph = false, isNote = false, isList = false, isTable = false
        var isChart = false
        var text = ""
        var tone = ""
        var items: [TextView] = []
        var header: [TextView] = []
        var rows: [RowView] = []
        var svg = ""
    }

    static let template: MustacheTemplate? = try? MustacheTemplate(string: source)

    static func render(title: String, subtitle: String?, status: HTMLReport.Status?, sections: [HTMLReport.Section])
        -> String
    {
        let view = PageView(
            title: title, css: css, hasSubtitle: subtitle != nil, subtitle: subtitle ?? "",
            hasStatus: status != nil, statusTone: status.map { $0.passed ? "good" : "bad" } ?? "",
            statusText: status?.text ?? "",
            sections: sections.map { SectionView(title: $0.title, blocks: $0.blocks.map(blockView)) })
        // The template is a constant that parses (a test holds it); should it ever not, the page says so.
        guard let template else { return "<!DOCTYPE html><title>report</title><p>the report template is broken</p>\n" }
        return template.render(view)
    }

    static func blockView(_ block: HTMLReport.Block) -> BlockView {
        var view = BlockView()
        switch block.kind {
        case .heading(let text):
            view.isHeading = true
            view.text = text
        case .paragraph(let text):
            view.isParagraph = true
            view.text = text
        case .note(let text, let tone):
            view.isNote = true
            view.text = text
            view.tone = tone.name
        case .list(let items):
            view.isList = true
            view.items = items.map(TextView.init)
        case .table(let header, let rows):
            view.isTable = true
            view.header = header.map(TextView.init)
            view.rows = rows.map { row in
                let padded = row + Array(repeating: HTMLReport.Cell(""), count: max(0, header.count - row.count))
                return RowView(cells: padded.map(cellView))
            }
        case .chart(let svg):
            view.isChart = true
            view.svg = svg
        }
        return view
    }

    static func cellView(_ cell: HTMLReport.Cell) -> CellView {
        let classes = [cell.numeric ? "num" : "", cell.tone.name].filter { !$0.isEmpty }
        return CellView(
            text: cell.text, cellClass: classes.joined(separator: " "), hasLink: cell.link != nil,
            link: cell.link ?? "")
    }
}
