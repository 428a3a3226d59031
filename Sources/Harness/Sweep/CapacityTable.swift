import Foundation
import Simulation

/// The budgets the capacity table is computed for: the defaults, changed by `--budget cpu=2%,memory=512MiB,
/// scrape=50ms`.
public struct SweepBudgets: Sendable, Codable, Equatable {
    /// CPU budgets as fractions of one core (default 1 %, 5 %, 10 %); `cpu=X%` adds X.
    public var cpuFractions: [Double] = [0.01, 0.05, 0.10]
    /// Statistics memory (default 1 GiB); `memory=SIZE` replaces it.
    public var memoryBytes: Double = 1_073_741_824
    /// Longest acceptable scrape or stats-file write (default 100 ms); `scrape=DURATION` replaces it.
    public var coldPathSeconds: Double = 0.1

    /// The defaults.
    public init() {}

    /// The largest memory budget: 1 PiB (2⁵⁰ bytes), more than any one machine holds.
    public static var largestMemoryBytes: Double { 0x1p50 }
    /// The longest scrape budget: one hour.
    public static var longestColdPathSeconds: Double { 3600 }

    /// The defaults changed by a `--budget` argument (`cpu=2%,memory=512MiB,scrape=50ms`; keys may repeat
    /// across arguments: `cpu` adds, the others replace).
    ///
    /// - Throws: ``SweepPlanError`` naming the argument and the item: unknown key, unparseable value, or a
    ///   value out of range (cpu in (0, 100 %], memory in (0, 1 PiB], scrape in (0, 1 h]).
    public mutating func apply(_ argument: String) throws(SweepPlanError) {
        for item in argument.split(separator: ",", omittingEmptySubsequences: false).map(String.init) {
            func fail(_ why: String) -> SweepPlanError {
                SweepPlanError(argument: "--budget \(argument)", position: 0, value: item, reason: .malformed(why))
            }
            let parts = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[1].isEmpty else {
                throw fail("write KEY=VALUE with KEY cpu, memory or scrape")
            }
            do {
                switch parts[0] {
                case "cpu":
                    let value = try Quantities.fraction(parts[1])
                    guard value > 0, value <= 1 else {
                        // A plain number is a fraction of one core: `2` is 200 %, which the message says.
                        throw fail("cpu must be above 0 and at most 100 % of one core, got \(value * 100) %")
                    }
                    if !cpuFractions.contains(value) { cpuFractions.append(value) }
                    cpuFractions.sort()
                case "memory":
                    let value = try Quantities.bytes(parts[1])
                    guard value > 0, value <= Self.largestMemoryBytes else {
                        throw fail("memory must be above 0 and at most 1048576GiB (1 PiB), got \(parts[1])")
                    }
                    memoryBytes = value
                case "scrape":
                    let value = try Quantities.seconds(parts[1])
                    guard value > 0, value <= Self.longestColdPathSeconds else {
                        throw fail("scrape must be above 0 and at most 1h, got \(parts[1])")
                    }
                    coldPathSeconds = value
                default:
                    throw fail("unknown budget '\(parts[0])'; the budgets are cpu, memory and scrape")
                }
            } catch let error as SweepPlanError {
                throw error
            } catch {
                throw fail("\(error)")
            }
        }
    }
}

/// One row of the capacity table.
public struct CapacityRow: Sendable, Codable, Equatable {
    /// What the row answers, e.g. `clients per 1.0 GiB of statistics memory`.
    public var question: String
    /// The answer (clients, or events/s); `nil` when it cannot be computed (see ``note``).
    public var value: Double?
    /// `clients` or `events/s`.
    public var unit: String
    /// Whether the answer lies outside the swept client range (the fitted model extrapolated).
    public var extrapolated: Bool
    /// How it was computed or why there is no answer.
    public var note: String
    /// Whether ``value`` is a lower bound (`≥`): the CPU rows of an overhead below the noise. Optional since
    /// sweep schema version 1, so older sweep files load.
    public var atLeast: Bool? = nil
}

/// The capacity table from the fitted models (docs/sweep-format.md states each row's rule).
public enum CapacityTable {
    /// The rows for `budgets`, from the fits against the number of clients (`nil`: clients not swept) over
    /// `range` (the smallest and largest swept client counts).
    ///
    /// - Memory: the largest `n` with `n × bytesPerClient(n) ≤ memory`.
    /// - CPU: events/s one core absorbs = budget × 10⁹ / overhead ns per event, at the largest swept client count.
    /// - Scrape, per-client scrape and stats-file write: the smallest `n` whose fitted time exceeds the budget.
    ///
    /// - Parameter noisyOverhead: the overhead at the largest swept client count when its 95 % interval reaches 0
    ///   (below the noise): its mean and the interval's half-width, ns. The CPU rows then answer from the
    ///   interval's upper end, a lower bound on what the core absorbs, rather than from a cost the data cannot
    ///   tell from 0.
    /// - Parameter withinNoise: timed figures whose change across the range is within the noise: no scrape or
    ///   stats-file limit is extrapolated from them.
    public static func rows(
        fits: [SweepFigure: GrowthFit], range: ClosedRange<Double>?, budgets: SweepBudgets,
        noisyOverhead: (mean: Double, halfWidth: Double)? = nil, withinNoise: Set<SweepFigure> = []
    ) -> [CapacityRow] {
        var rows: [CapacityRow] = []
        let memory =
            budgets.memoryBytes >= 1_073_741_824
            ? Formatting.fixed(budgets.memoryBytes / 1_073_741_824, digits: 1) + " GiB"
            : Formatting.bytes(budgets.memoryBytes)
        if let fit = fits[.bytesPerClient], let range {
            let crossing = GrowthFitter.crossing(of: fit, limit: budgets.memoryBytes) { n, bytes in n * bytes }
            let clients = crossing.map { crossing in
                let whole = crossing.rounded(.down)
                return max(0, whole * fit.value(at: whole) > budgets.memoryBytes ? whole - 1 : whole)
            }
            rows.append(
                CapacityRow(
                    question: "clients per \(memory) of statistics memory", value: clients, unit: "clients",
                    extrapolated: clients.map { !range.contains($0) } ?? true,
                    note: clients == nil
                        ? "bytes per client fits as non-positive: no limit found"
                        : "n × bytes per client (\(fit.model.rawValue) fit) ≤ \(memory)"))
        } else {
            rows.append(
                CapacityRow(
                    question: "clients per \(memory) of statistics memory", value: nil, unit: "clients",
                    extrapolated: false, note: "needs --vary clients and the memory measurement"))
        }
        for fraction in budgets.cpuFractions {
            let question = "events/s one core absorbs at \(Formatting.percent(fraction)) of that core"
            let at = range?.upperBound ?? 1
            if let noisy = noisyOverhead, noisy.mean + noisy.halfWidth > 0 {
                let upper = noisy.mean + noisy.halfWidth
                rows.append(
                    CapacityRow(
                        question: question, value: fraction * 1e9 / upper, unit: "events/s", extrapolated: false,
                        note: "a lower bound: the overhead at \(Formatting.count(at)) clients is below the noise (±"
                            + "\(Formatting.duration(nanoseconds: noisy.halfWidth))), so budget × 10⁹ / its interval's "
                            + "upper end, \(Formatting.duration(nanoseconds: upper))", atLeast: true))
                continue
            }
            guard let fit = fits[.overhead] else {
                rows.append(
                    CapacityRow(
                        question: question, value: nil, unit: "events/s", extrapolated: false,
                        note: "needs the overhead measurement"))
                continue
            }
            let nanoseconds = fit.value(at: at)
            guard nanoseconds > 0, nanoseconds.isFinite else {
                rows.append(
                    CapacityRow(
                        question: question, value: nil, unit: "events/s", extrapolated: false,
                        note: "the fitted overhead is not above 0 (below the noise): no bound measured"))
                continue
            }
            rows.append(
                CapacityRow(
                    question: question, value: fraction * 1e9 / nanoseconds, unit: "events/s", extrapolated: false,
                    note: "budget × 10⁹ / \(Formatting.duration(nanoseconds: nanoseconds)) per event"
                        + (range != nil ? " (fitted, at \(Formatting.count(at)) clients)" : "")))
        }
        let limit = Formatting.duration(nanoseconds: budgets.coldPathSeconds * 1e9)
        for figure in [SweepFigure.scrape, .scrapePerClient, .statsFile] {
            let question = "clients at which a \(figure.title) exceeds \(limit)"
            guard let fit = fits[figure], let range else {
                rows.append(
                    CapacityRow(
                        question: question, value: nil, unit: "clients", extrapolated: false,
                        note: "needs --vary clients"))
                continue
            }
            if withinNoise.contains(figure) {
                rows.append(
                    CapacityRow(
                        question: question, value: nil, unit: "clients", extrapolated: false,
                        note: "no growth beyond the noise across \(Formatting.count(range.lowerBound))–"
                            + "\(Formatting.count(range.upperBound)) clients, so no limit is extrapolated; sweep "
                            + "larger populations"))
                continue
            }
            let crossing = GrowthFitter.crossing(of: fit, limit: budgets.coldPathSeconds * 1e9)
            rows.append(
                CapacityRow(
                    question: question, value: crossing.map { $0.rounded(.up) }, unit: "clients",
                    extrapolated: crossing.map { !range.contains($0) } ?? true,
                    note: crossing == nil
                        ? "never within 10¹⁵ clients (\(fit.model.rawValue) fit)"
                        : "\(fit.model.rawValue) fit reaches \(limit)"))
        }
        return rows
    }
}
