import Foundation

extension SVGChart {
    /// How a series is drawn.
    enum Style { case lineAndPoints, pointsOnly, lineOnly }

    /// Colours of the series, in order (Okabe–Ito: told apart with the common colour-vision deficiencies).
    static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#999933"]

    /// The plot area of a line-type chart.
    static let plotLeft = 76.0, plotRight = 606.0, plotTop = 34.0, plotBottom = 262.0

    /// Draws series on two axes: the shared body of the line, percentile and fitted charts.
    static func plot(
        title: String, series: [Series], x scaleX: Scale, xAxis: Axis, y yAxis: Axis, markers: Bool,
        styles: [Style] = []
    ) -> String {
        let scaleY = Scale.axis(yAxis)
        var leftOut = 0
        var kept: [[(x: Double, y: Double)]] = []
        for one in series {
            var points: [(x: Double, y: Double)] = []
            for point in one.points {
                if scaleX.accepts(point.x) && scaleY.accepts(point.y) {
                    points.append((scaleX.transform(point.x), scaleY.transform(point.y)))
                } else {
                    leftOut += 1
                }
            }
            kept.append(points)
        }
        let all = kept.joined()
        guard !all.isEmpty else { return noData(title: title, leftOut: leftOut) }
        let domainX = scaleX.domain(all.map(\.x))
        let domainY = scaleY.domain(all.map(\.y))
        let legendRows = (series.count + 3) / 4
        let height = Self.height + Double(legendRows) * 16 + (leftOut > 0 ? 16 : 0)
        var svg = open(title: title, height: height)
        svg += frame(domainX: domainX, domainY: domainY, scaleX: scaleX, scaleY: scaleY, x: xAxis, y: yAxis)
        for (index, points) in kept.enumerated() {
            let colour = palette[index % palette.count]
            let style = index < styles.count ? styles[index] : (markers ? .lineAndPoints : .lineOnly)
            var coordinates: [(Double, Double)] = []
            for point in points {
                guard let px = domainX.position(point.x, from: plotLeft, to: plotRight),
                    let py = domainY.position(point.y, from: plotBottom, to: plotTop)
                else {
                    leftOut += 1
                    continue
                }
                coordinates.append((px, py))
            }
            if style != .pointsOnly && coordinates.count > 1 {
                let list = coordinates.map { "\(number($0.0)),\(number($0.1))" }.joined(separator: " ")
                svg += "<polyline points=\"\(list)\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"1.8\"/>\n"
            }
            if style != .lineOnly {
                for (px, py) in coordinates {
                    svg += "<circle cx=\"\(number(px))\" cy=\"\(number(py))\" r=\"3\" fill=\"\(colour)\"/>\n"
                }
            }
        }
        var legendY = plotBottom + 52
        for (index, one) in series.enumerated() {
            if index > 0 && index % 4 == 0 { legendY += 16 }
            let left = 20 + Double(index % 4) * 152
            let colour = palette[index % palette.count]
            svg +=
                "<rect x=\"\(number(left))\" y=\"\(number(legendY - 8))\" width=\"12\" height=\"8\" fill=\"\(colour)\"/>"
            svg +=
                "<text x=\"\(number(left + 16))\" y=\"\(number(legendY))\">\(escape(truncate(one.name, 22)))</text>\n"
        }
        if leftOut > 0 { svg += caption(leftOut: leftOut, y: height - 6) }
        return svg + "</svg>\n"
    }

    /// Axes, grid lines, tick labels and axis titles of a line-type chart.
    static func frame(domainX: Domain, domainY: Domain, scaleX: Scale, scaleY: Scale, x: Axis, y: Axis) -> String {
        var svg =
            "<rect x=\"\(number(plotLeft))\" y=\"\(number(plotTop))\" width=\"\(number(plotRight - plotLeft))\" "
            + "height=\"\(number(plotBottom - plotTop))\" fill=\"#fff\" stroke=\"#888\"/>\n"
        for tick in domainX.ticks {
            guard let px = domainX.position(tick, from: plotLeft, to: plotRight) else { continue }
            svg += "<line x1=\"\(number(px))\" y1=\"\(number(plotTop))\" x2=\"\(number(px))\" "
            svg += "y2=\"\(number(plotBottom))\" stroke=\"#e4e4e4\"/>"
            svg += "<text x=\"\(number(px))\" y=\"\(number(plotBottom + 15))\" text-anchor=\"middle\">"
            svg += "\(escape(scaleX.label(tick, unit: x.unit)))</text>\n"
        }
        for tick in domainY.ticks {
            guard let py = domainY.position(tick, from: plotBottom, to: plotTop) else { continue }
            svg += "<line x1=\"\(number(plotLeft))\" y1=\"\(number(py))\" x2=\"\(number(plotRight))\" "
            svg += "y2=\"\(number(py))\" stroke=\"#e4e4e4\"/>"
            svg += "<text x=\"\(number(plotLeft - 5))\" y=\"\(number(py + 4))\" text-anchor=\"end\">"
            svg += "\(escape(scaleY.label(tick, unit: y.unit)))</text>\n"
        }
        let middleX = (plotLeft + plotRight) / 2
        let middleY = (plotTop + plotBottom) / 2
        svg += "<text x=\"\(number(middleX))\" y=\"\(number(plotBottom + 33))\" text-anchor=\"middle\">"
        svg += "\(escape(x.label + (x.log ? " (log)" : "")))</text>\n"
        svg += "<text x=\"14\" y=\"\(number(middleY))\" text-anchor=\"middle\" "
        svg += "transform=\"rotate(-90 14 \(number(middleY)))\">\(escape(y.label + (y.log ? " (log)" : "")))</text>\n"
        return svg
    }

    /// The opening `<svg>` element, its accessible title and the visible title.
    static func open(title: String, height: Double) -> String {
        "<svg class=\"chart\" viewBox=\"0 0 \(number(width)) \(number(height))\" width=\"\(number(width))\" "
            + "height=\"\(number(height))\" role=\"img\" aria-label=\"\(escape(title))\" font-family=\"sans-serif\" "
            + "font-size=\"11\" fill=\"#222\">\n<title>\(escape(title))</title>\n"
            + "<text x=\"\(number(width / 2))\" y=\"18\" text-anchor=\"middle\" font-size=\"13\" "
            + "font-weight=\"bold\">\(escape(title))</text>\n"
    }

    /// A short box saying there is nothing to draw (and how much was left out).
    static func noData(title: String, leftOut: Int) -> String {
        var svg = open(title: title, height: 90)
        svg += "<rect x=\"20\" y=\"30\" width=\"600\" height=\"40\" fill=\"#f6f6f6\" stroke=\"#bbb\" "
        svg += "stroke-dasharray=\"4 3\"/>\n<text x=\"320\" y=\"54\" text-anchor=\"middle\">no data</text>\n"
        if leftOut > 0 { svg += caption(leftOut: leftOut, y: 84) }
        return svg + "</svg>\n"
    }

    /// The caption that counts the values left out.
    static func caption(leftOut: Int, y: Double) -> String {
        "<text class=\"left-out\" x=\"20\" y=\"\(number(y))\" font-style=\"italic\">\(leftOut) "
            + "value\(leftOut == 1 ? "" : "s") left out: not finite, or not placeable on the axis "
            + "(≤ 0 on a log axis, the maximum on the percentile axis)</text>\n"
    }

    /// A coordinate with one decimal, `-0` written as `0`. Only called with finite values.
    static func number(_ value: Double) -> String {
        let text = String(format: "%.1f", value)
        return text == "-0.0" ? "0.0" : text
    }

    /// `text` cut to `limit` characters with an ellipsis.
    static func truncate(_ text: String, _ limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }

    /// XML escaping for text and attribute values; characters XML 1.0 forbids become U+FFFD.
    public static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                out.unicodeScalars.append(
                    scalar.value < 0x20 || (0xFFFE...0xFFFF).contains(scalar.value) ? "\u{FFFD}" : scalar)
            }
        }
        return out
    }
}
