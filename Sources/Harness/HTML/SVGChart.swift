/// Small pure functions that draw a chart as SVG text: the same input gives the same bytes, with no clock, no
/// random number and no locale in it, so each chart has a golden test.
///
/// Every chart is a fixed-size `<svg>` element (``width`` × ``height`` user units, scaled by the page) with its
/// title, axes, ticks labelled in the figure's unit and a legend. A value that cannot be drawn — not finite, or
/// zero or negative on a log axis — is never written as a coordinate: it is left out and a caption under the
/// chart says how many were. A chart with nothing to draw is a short "no data" box. All text (titles, series and
/// sink names, which users choose) is XML-escaped.
///
/// ```swift
/// let svg = SVGChart.line(
///     title: "window p99", series: [.init(name: "statsbench", points: [(0, 1e-3), (10, 2e-3)])],
///     x: .init(label: "time", unit: .seconds), y: .init(label: "p99", unit: .seconds, log: true))
/// ```
public enum SVGChart {
    /// Width of every chart, in SVG user units.
    public static let width = 640.0
    /// Height of every chart, in SVG user units (a bar chart grows with its bars).
    public static let height = 320.0

    /// The unit of an axis: it decides how tick labels are written.
    public struct Unit: Sendable, Equatable {
        enum Kind: Sendable, Equatable {
            case nanoseconds, seconds, bytes, fraction, perSecond
            case number(suffix: String)
        }
        let kind: Kind

        /// Durations given in nanoseconds (`100 ns`, `1.0 µs`).
        public static let nanoseconds = Unit(kind: .nanoseconds)
        /// Durations given in seconds (`1.0 ms`, `2.00 s`).
        public static let seconds = Unit(kind: .seconds)
        /// Sizes in bytes (`512 B`, `1.0 KiB`).
        public static let bytes = Unit(kind: .bytes)
        /// Fractions written as percentages (`0.1 %`, `10 %`).
        public static let fraction = Unit(kind: .fraction)
        /// Rates per second (`10 k/s`, `1.00 M/s`).
        public static let perSecond = Unit(kind: .perSecond)
        /// Plain numbers with SI prefixes (`10k`, `1M`) followed by `suffix` (may be empty).
        public static func number(suffix: String = "") -> Unit { Unit(kind: .number(suffix: suffix)) }
    }

    /// One axis: its label, unit and scale.
    public struct Axis: Sendable, Equatable {
        /// The axis title, e.g. `clients`.
        public var label: String
        /// How tick labels are written.
        public var unit: Unit
        /// Whether the axis is log10 (ticks at powers of ten) rather than linear.
        public var log: Bool

        /// Creates an axis.
        public init(label: String, unit: Unit, log: Bool = false) {
            self.label = label
            self.unit = unit
            self.log = log
        }
    }

    /// One series of a line or percentile chart.
    public struct Series: Sendable {
        /// The legend's name for it (escaped when written).
        public var name: String
        /// The points in drawing order.
        public var points: [(x: Double, y: Double)]

        /// Creates a series.
        public init(name: String, points: [(x: Double, y: Double)]) {
            self.name = name
            self.points = points
        }
    }

    /// One bar: a value with an optional interval (lower and upper bound, in the value's unit).
    public struct Bar: Sendable {
        /// The bar's label (escaped when written).
        public var label: String
        /// The value; a non-finite one is left out.
        public var value: Double
        /// The interval's lower and upper bounds (`nil`: no interval bar).
        public var lower, upper: Double?

        /// Creates a bar.
        public init(label: String, value: Double, lower: Double? = nil, upper: Double? = nil) {
            self.label = label
            self.value = value
            self.lower = lower
            self.upper = upper
        }

        /// Whether the interval contains zero: the figure cannot be told from nothing.
        var crossesZero: Bool {
            guard let lower, let upper else { return false }
            return lower <= 0 && upper >= 0
        }
    }

    /// A line chart: one or more series over a linear or log10 axis each.
    public static func line(title: String, series: [Series], x: Axis, y: Axis) -> String {
        plot(title: title, series: series, x: Scale.axis(x), xAxis: x, y: y, markers: true)
    }

    /// The HDR-style percentile plot: x is the percentile on the 1/(1 − q) log axis (ticks at 0 %, 90 %, 99 %,
    /// 99.9 % …), y the latency on a log axis; one series per sink. Each point's `x` is the quantile `q` in
    /// [0, 1); `q = 1` (the maximum) cannot be placed on this axis and is left out like any other bad value.
    public static func percentiles(title: String, series: [Series], y: Axis) -> String {
        let axis = Axis(label: "percentile", unit: .fraction, log: false)
        return plot(title: title, series: series, x: .percentile, xAxis: axis, y: y, markers: true)
    }

    /// A scatter of measured points with a fitted curve drawn as a line over the points' x range: for a sweep,
    /// one figure against the swept parameter with its fitted model. `curve` is sampled at 64 points; samples
    /// that cannot be drawn are left out (and counted in the caption).
    public static func fitted(
        points: [(x: Double, y: Double)], curve: (Double) -> Double, xLabel: String, yLabel: String,
        xLog: Bool, yLog: Bool, xUnit: Unit = .number(), yUnit: Unit = .number(), title: String = ""
    ) -> String {
        let x = Axis(label: xLabel, unit: xUnit, log: xLog)
        let y = Axis(label: yLabel, unit: yUnit, log: yLog)
        let scaleX = Scale.axis(x)
        let usable = points.map(\.x).filter { scaleX.accepts($0) }
        var curvePoints: [(x: Double, y: Double)] = []
        if let low = usable.min(), let high = usable.max() {
            let a = scaleX.transform(low)
            let b = scaleX.transform(high)
            for step in 0..<64 {
                let t = a + (b - a) * Double(step) / 63
                let value = scaleX.inverse(t)
                curvePoints.append((value, curve(value)))
            }
        }
        return plot(
            title: title.isEmpty ? yLabel : title,
            series: [Series(name: "measured", points: points), Series(name: "fitted", points: curvePoints)],
            x: scaleX, xAxis: x, y: y, markers: true, styles: [.pointsOnly, .lineOnly])
    }

    /// A horizontal bar chart with interval (error) bars, e.g. the overhead per sink with its 95 % interval. A
    /// bar whose interval crosses zero is drawn hollow and labelled `crossingZeroNote` (e.g. "below the noise"):
    /// the run could not tell it from nothing.
    public static func bars(title: String, bars: [Bar], unit: Unit, crossingZeroNote: String = "below the noise")
        -> String
    {
        BarChart(title: title, bars: bars, unit: unit, note: crossingZeroNote).render()
    }
}
