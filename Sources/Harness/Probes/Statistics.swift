/// Small statistics over measured samples (cold path).
enum Statistics {
    /// Mean of `values` (0 for none).
    static func mean(_ values: [Double]) -> Double {
        values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
    }

    /// Median of `values` (0 for none).
    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// Sample standard deviation (0 for fewer than two values).
    /// The mean of `values` without the `trimmed` smallest and `trimmed` largest (the plain mean when nothing is
    /// trimmed or too few values are left).
    static func trimmedMean(_ values: [Double], trimmed: Int) -> Double {
        guard trimmed > 0, values.count > 2 * trimmed else { return mean(values) }
        let sorted = values.sorted()
        return mean(Array(sorted[trimmed..<(sorted.count - trimmed)]))
    }

    static func standardDeviation(_ values: [Double]) -> Double {
        guard values.count > 1 else { return 0 }
        let average = mean(values)
        let squares = values.reduce(0) { $0 + ($1 - average) * ($1 - average) }
        return (squares / Double(values.count - 1)).squareRoot()
    }

    /// Half-width of the two-sided 95 % confidence interval of the mean (Student's t), 0 for fewer than two.
    static func confidenceHalfWidth95(_ values: [Double]) -> Double {
        guard values.count > 1 else { return 0 }
        return studentT975(degreesOfFreedom: values.count - 1) * standardDeviation(values)
            / Double(values.count).squareRoot()
    }

    /// The 97.5 % quantile of Student's t distribution.
    static func studentT975(degreesOfFreedom: Int) -> Double {
        let table: [Double] = [
            12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145,
            2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048,
            2.045, 2.042,
        ]
        if degreesOfFreedom >= 1 && degreesOfFreedom <= table.count { return table[degreesOfFreedom - 1] }
        // Beyond the table, the value at the start of each range: never narrower than the true interval.
        if degreesOfFreedom <= 40 { return 2.042 }
        if degreesOfFreedom <= 60 { return 2.021 }
        if degreesOfFreedom <= 120 { return 2.000 }
        return 1.980
    }
}
