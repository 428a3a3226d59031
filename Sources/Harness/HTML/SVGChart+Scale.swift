import Foundation

extension SVGChart {
    /// How values map onto an axis: linear, log10, or the percentile axis (−log10(1 − q)), with the domain and
    /// ticks chosen from the data, all in transformed space.
    struct Scale {
        enum Kind { case linear, log, percentile }
        let kind: Kind

        static func axis(_ axis: Axis) -> Scale { Scale(kind: axis.log ? .log : .linear) }
        static let percentile = Scale(kind: .percentile)

        /// Whether `value` can be placed on this axis.
        func accepts(_ value: Double) -> Bool {
            guard value.isFinite else { return false }
            switch kind {
            case .linear: return true
            case .log: return value > 0
            case .percentile: return value >= 0 && value < 1
            }
        }

        func transform(_ value: Double) -> Double {
            switch kind {
            case .linear: return value
            case .log: return Foundation.log10(value)
            case .percentile: return -Foundation.log10(1 - value)
            }
        }

        func inverse(_ value: Double) -> Double {
            switch kind {
            case .linear: return value
            case .log: return pow(10, value)
            case .percentile: return 1 - pow(10, -value)
            }
        }

        /// The domain (transformed) covering `values` (transformed, finite, not empty) and its ticks.
        func domain(_ values: [Double], includeZero: Bool = false) -> Domain {
            var low = values.min() ?? 0
            var high = values.max() ?? 1
            switch kind {
            case .linear:
                if includeZero {
                    low = Swift.min(low, 0)
                    high = Swift.max(high, 0)
                }
                if low == high {
                    let pad = low == 0 ? 1 : abs(low) / 2
                    low -= pad
                    high += pad
                }
                let raw = (high - low) / 5
                guard raw.isFinite, raw > 0 else { return Domain(low: low, high: high, ticks: []) }
                let magnitude = pow(10, Foundation.floor(Foundation.log10(raw)))
                let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw * (1 - 1e-9) } ?? 10 * magnitude
                low = Foundation.floor(low / step) * step
                high = Foundation.ceil(high / step) * step
                var ticks: [Double] = []
                var index = 0.0
                while low + index * step <= high + step * 1e-6, ticks.count < 12 {
                    let tick = low + index * step
                    ticks.append(abs(tick) < step * 1e-9 ? 0 : tick)
                    index += 1
                }
                return Domain(low: low, high: high, ticks: ticks)
            case .log, .percentile:
                // A value a rounding error off a power of ten (−log10(1 − 0.9999) = 4.000000000000004) does
                // not open another decade.
                low = kind == .percentile ? 0 : Foundation.floor(low + 1e-9)
                high = Swift.max(Foundation.ceil(high - 1e-9), low + 1)
                let count = high - low
                let stride = Swift.max(1, Foundation.ceil(count / 8))
                var ticks: [Double] = []
                var tick = low
                while tick <= high, ticks.count < 40 {
                    ticks.append(tick)
                    tick += stride
                }
                return Domain(low: low, high: high, ticks: ticks)
            }
        }

        /// The label of a tick at transformed position `tick`.
        func label(_ tick: Double, unit: Unit) -> String {
            switch kind {
            case .linear: return unit.format(tick)
            case .log: return unit.format(pow(10, tick))
            case .percentile: return Self.percentileLabel(tick)
            }
        }

        /// `0 %`, `90 %`, `99 %`, `99.9 %` … for the powers of ten of 1/(1 − q).
        static func percentileLabel(_ tick: Double) -> String {
            let nines = Int(exactly: tick.rounded()) ?? 0
            switch nines {
            case ...0: return "0 %"
            case 1: return "90 %"
            case 2: return "99 %"
            default: return "99." + String(repeating: "9", count: Swift.min(nines - 2, 30)) + " %"
            }
        }
    }

    /// An axis's extent in transformed space and its ticks.
    struct Domain {
        var low, high: Double
        var ticks: [Double]

        /// Position of `value` (transformed) between `start` and `end` (pixels); `nil` when it cannot be drawn.
        func position(_ value: Double, from start: Double, to end: Double) -> Double? {
            let span = high - low
            guard span.isFinite, span > 0 else { return nil }
            let position = start + (value - low) / span * (end - start)
            return position.isFinite ? position : nil
        }
    }
}

extension SVGChart.Unit {
    /// A value written in this unit, compact: `100 ns`, `1.5 µs`, `512 B`, `0.1 %`, `10k`.
    func format(_ value: Double) -> String {
        guard value.isFinite else { return "—" }
        if value == 0 { return "0" }
        let sign = value < 0 ? "-" : ""
        let magnitude = abs(value)
        switch kind {
        case .nanoseconds: return sign + Self.duration(nanoseconds: magnitude)
        case .seconds: return sign + Self.duration(nanoseconds: magnitude * 1e9)
        case .bytes:
            let units = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")]
            for (size, name) in units where magnitude >= Double(size) {
                return sign + Self.compact(magnitude / Double(size)) + " " + name
            }
            return sign + Self.compact(magnitude) + " B"
        case .fraction: return sign + Self.compact(magnitude * 100) + " %"
        case .perSecond: return sign + Self.prefixed(magnitude) + "/s"
        case .number(let suffix): return sign + Self.prefixed(magnitude) + (suffix.isEmpty ? "" : " " + suffix)
        }
    }

    /// A tick label: the report's duration unit (``Formatting/durationUnit(nanoseconds:)``), compact digits.
    static func duration(nanoseconds value: Double) -> String {
        let (size, name) = Formatting.durationUnit(nanoseconds: value)
        return compact(value / size) + " " + name
    }

    /// With an SI prefix: `950`, `10k`, `1.5M`, `2G`.
    static func prefixed(_ value: Double) -> String {
        for (size, name) in [(1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")] where value >= size {
            return compact(value / size) + name
        }
        return compact(value)
    }

    /// Up to three significant digits without an exponent for 0.001 ≤ value < 10⁶: `0.25`, `1.5`, `12.5`, `950`.
    static func compact(_ value: Double) -> String {
        if value == 0 { return "0" }
        let text: String
        if value >= 100 {
            text = String(format: "%.0f", value)
        } else if value >= 10 {
            text = String(format: "%.1f", value)
        } else if value >= 1 {
            text = String(format: "%.2f", value)
        } else if value >= 0.001 {
            text = String(format: "%.3f", value)
        } else {
            return String(format: "%.2g", value)
        }
        guard text.contains(".") else { return text }
        var trimmed = Substring(text)
        while trimmed.hasSuffix("0") { trimmed = trimmed.dropLast() }
        if trimmed.hasSuffix(".") { trimmed = trimmed.dropLast() }
        return String(trimmed)
    }
}
