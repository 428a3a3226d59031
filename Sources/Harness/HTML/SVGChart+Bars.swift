extension SVGChart {
    /// A horizontal bar chart with interval bars: labels on the left, bars from zero, the value in words on the
    /// right.
    struct BarChart {
        let title: String
        let bars: [Bar]
        let unit: Unit
        let note: String

        static let labelRight = 146.0, plotLeft = 152.0, plotRight = 452.0, valueLeft = 462.0
        static let top = 34.0, rowHeight = 26.0

        func render() -> String {
            var leftOut = 0
            var drawn: [(bar: Bar, interval: (Double, Double)?)] = []
            for bar in bars {
                guard bar.value.isFinite else {
                    leftOut += 1
                    continue
                }
                var interval: (Double, Double)?
                if let lower = bar.lower, let upper = bar.upper {
                    if lower.isFinite && upper.isFinite {
                        interval = (Swift.min(lower, upper), Swift.max(lower, upper))
                    } else {
                        leftOut += 1
                    }
                }
                drawn.append((bar, interval))
            }
            guard !drawn.isEmpty else { return SVGChart.noData(title: title, leftOut: leftOut) }
            var values: [Double] = []
            for (bar, interval) in drawn {
                values.append(bar.value)
                if let interval { values += [interval.0, interval.1] }
            }
            let domain = Scale(kind: .linear).domain(values, includeZero: true)
            let bottom = Self.top + Double(drawn.count) * Self.rowHeight
            let height = bottom + 44 + (leftOut > 0 ? 16 : 0)
            var svg = SVGChart.open(title: title, height: height)
            svg += axis(domain: domain, bottom: bottom)
            for (index, (bar, interval)) in drawn.enumerated() {
                svg += row(bar: bar, interval: interval, domain: domain, top: Self.top + Double(index) * Self.rowHeight)
            }
            if leftOut > 0 { svg += SVGChart.caption(leftOut: leftOut, y: height - 6) }
            return svg + "</svg>\n"
        }

        func axis(domain: Domain, bottom: Double) -> String {
            var svg = ""
            for tick in domain.ticks {
                guard let px = domain.position(tick, from: Self.plotLeft, to: Self.plotRight) else { continue }
                let stroke = tick == 0 ? "#555" : "#e4e4e4"
                svg += "<line x1=\"\(number(px))\" y1=\"\(number(Self.top))\" x2=\"\(number(px))\" "
                svg += "y2=\"\(number(bottom))\" stroke=\"\(stroke)\"/>"
                svg += "<text x=\"\(number(px))\" y=\"\(number(bottom + 15))\" text-anchor=\"middle\">"
                svg += "\(escape(unit.format(tick)))</text>\n"
            }
            return svg
        }

        func row(bar: Bar, interval: (Double, Double)?, domain: Domain, top: Double) -> String {
            let middle = top + Self.rowHeight / 2
            var svg = "<text x=\"\(number(Self.labelRight))\" y=\"\(number(middle + 4))\" text-anchor=\"end\">"
            svg += "\(escape(truncate(bar.label, 24)))</text>"
            let crosses = interval.map { $0.0 <= 0 && $0.1 >= 0 } ?? false
            if let zero = domain.position(0, from: Self.plotLeft, to: Self.plotRight),
                let end = domain.position(bar.value, from: Self.plotLeft, to: Self.plotRight)
            {
                let left = Swift.min(zero, end)
                let fill = crosses ? "fill=\"none\" stroke=\"#888\" stroke-dasharray=\"3 2\"" : "fill=\"#0072B2\""
                svg += "<rect x=\"\(number(left))\" y=\"\(number(top + 6))\" width=\"\(number(abs(end - zero)))\" "
                svg += "height=\"\(number(Self.rowHeight - 12))\" \(fill)/>"
            }
            if let (lower, upper) = interval,
                let from = domain.position(lower, from: Self.plotLeft, to: Self.plotRight),
                let to = domain.position(upper, from: Self.plotLeft, to: Self.plotRight)
            {
                let stroke = "stroke=\"#222\" stroke-width=\"1.5\""
                svg += "<line x1=\"\(number(from))\" y1=\"\(number(middle))\" x2=\"\(number(to))\" "
                svg += "y2=\"\(number(middle))\" \(stroke)/>"
                for cap in [from, to] {
                    svg += "<line x1=\"\(number(cap))\" y1=\"\(number(middle - 5))\" x2=\"\(number(cap))\" "
                    svg += "y2=\"\(number(middle + 5))\" \(stroke)/>"
                }
            }
            var text = unit.format(bar.value)
            if let (lower, upper) = interval {
                let half = (upper - lower) / 2
                let symmetric = abs((lower + upper) / 2 - bar.value) <= 0.01 * Swift.max(half, 1e-300)
                text =
                    crosses
                    ? "\(note) (±\(unit.format(half)))"
                    : symmetric
                        ? "\(text) ± \(unit.format(half))"
                        : "\(text) [\(unit.format(lower)), \(unit.format(upper))]"
            }
            svg +=
                "<text x=\"\(number(Self.valueLeft))\" y=\"\(number(middle + 4))\"\(crosses ? " fill=\"#666\"" : "")>"
            svg += "\(escape(text))</text>\n"
            return svg
        }
    }
}
