import Foundation

/// Decides, deterministically from the scenario's seed, which client slots change hands in each epoch and
/// why their clients leave.
///
/// The population stays at `clients.count` (a slot is never empty, so every generated request has a connected
/// client): with `rates`, a client leaves at the disconnect rate and a new one takes its slot at once (the
/// connect rate only matters where it is higher, as extra replacements); with `sessions`, each slot's client
/// stays for a drawn session length and is then replaced. Draws come from ``RandomSubstream/churn``.
///
/// A value type: build it once per plan (an empirical session-length file is read then) and copy it for each
/// drive, which then replays the same replacements.
package struct ChurnPlanner: Sendable {
    /// Why a client leaves (the harness maps it to the pipeline's disconnect reason).
    package enum Departure: String, Sendable, Hashable, CaseIterable {
        case graceful, error, timeout
    }

    /// One replacement: the client in `slot` leaves for `reason` and a new client takes the slot.
    package struct Replacement: Equatable, Sendable {
        package var slot: Int
        package var reason: Departure
    }

    private let churn: ClientChurn
    private let slots: Int
    private let reasons: [(Departure, Double)]
    private let reasonTotal: Double
    private var random: RandomStream
    private var owed = 0.0
    private var sessionEnds: [UInt64] = []
    private let sessionLength: Distribution?

    /// The planner of `spec`'s churn under `seed`; an empirical session length is read from `baseDirectory`.
    ///
    /// - Throws: ``WorkloadError`` naming `clients.churn.session-length` when its distribution cannot be built.
    package init(spec: ClientSpec, seed: UInt64, baseDirectory: URL?) throws(WorkloadError) {
        self.churn = spec.churn
        self.slots = spec.count
        self.reasons = [
            (.graceful, spec.disconnects.graceful), (.error, spec.disconnects.error),
            (.timeout, spec.disconnects.timeout),
        ]
        let total = reasons.reduce(0) { $0 + $1.1 }
        self.reasonTotal = total > 0 ? total : 1
        self.random = RandomStream(seed: seed, substream: .churn)
        if case .sessions(let length) = spec.churn {
            let sessionLength: Distribution
            do {
                sessionLength = try Distribution(length, baseDirectory: baseDirectory)
            } catch {
                throw WorkloadError(path: "clients.churn.session-length", reason: "\(error)")
            }
            self.sessionLength = sessionLength
            var random = self.random
            self.sessionEnds = (0..<spec.count).map { _ in Self.nanoseconds(sessionLength.sample(using: &random)) }
            self.random = random
        } else {
            self.sessionLength = nil
        }
    }

    /// The replacements of the epoch `(start, end]` of simulated time, in order.
    package mutating func replacements(from start: UInt64, to end: UInt64) -> [Replacement] {
        switch churn {
        case .none:
            return []
        case .rates(let connects, let disconnects):
            owed += max(connects, disconnects) * Double(end - start) / 1e9
            let count = CheckedConversion.wholeCount(owed)
            owed -= Double(count)
            return (0..<count).map { _ in
                Replacement(slot: Int(random.nextIndex(below: UInt64(slots))), reason: drawReason())
            }
        case .sessions:
            guard let sessionLength else { return [] }
            var result: [Replacement] = []
            for slot in 0..<slots where sessionEnds[slot] <= end {
                // A session shorter than the epoch still ends once per epoch: replacements happen at the
                // epoch's end, so the next session starts there.
                result.append(Replacement(slot: slot, reason: drawReason()))
                sessionEnds[slot] = end &+ Self.nanoseconds(sessionLength.sample(using: &random))
            }
            return result
        }
    }

    private mutating func drawReason() -> Departure {
        var pick = random.nextUnit() * reasonTotal
        for (reason, weight) in reasons {
            if pick < weight { return reason }
            pick -= weight
        }
        return .graceful
    }

    private static func nanoseconds(_ seconds: Double) -> UInt64 {
        seconds > 0 ? UInt64(min(seconds, 1e9) * 1e9) : 1
    }
}
