import Foundation
import ServerStats
import Simulation

/// Decides, deterministically from the scenario's seed, which client slots change hands in each epoch and
/// why their clients leave.
///
/// The population stays at `clients.count` (a slot is never empty, so every generated request has a connected
/// client): with `rates`, a client leaves at the disconnect rate and a new one takes its slot at once (the
/// connect rate only matters where it is higher, as extra replacements); with `sessions`, each slot's client
/// stays for a drawn session length and is then replaced.
struct ChurnPlanner {
    /// One replacement: the client in `slot` leaves for `reason` and a new client takes the slot.
    struct Replacement: Equatable {
        var slot: Int
        var reason: DisconnectReason
    }

    private let churn: ClientChurn
    private let slots: Int
    private let reasons: [(DisconnectReason, Double)]
    private let reasonTotal: Double
    private var random: RandomStream
    private var owed = 0.0
    private var sessionEnds: [UInt64] = []
    private let sessionLength: Distribution?

    /// The sub-stream of the scenario's seed used for churn (no event index uses it).
    static let randomStream: UInt64 = .max - 1

    init(spec: ClientSpec, seed: UInt64, baseDirectory: URL?) throws(HarnessError) {
        self.churn = spec.churn
        self.slots = spec.count
        self.reasons = [
            (.graceful, spec.disconnects.graceful), (.error, spec.disconnects.error),
            (.timeout, spec.disconnects.timeout),
        ]
        let total = reasons.reduce(0) { $0 + $1.1 }
        self.reasonTotal = total > 0 ? total : 1
        self.random = RandomStream(seed: seed, stream: Self.randomStream)
        if case .sessions(let length) = spec.churn {
            do {
                self.sessionLength = try Distribution(length, baseDirectory: baseDirectory)
            } catch {
                throw .scenario("clients.churn.session-length: \(error)")
            }
            var random = self.random
            self.sessionEnds = (0..<spec.count).map { _ in
                Self.nanoseconds(self.sessionLength!.sample(using: &random))
            }
            self.random = random
        } else {
            self.sessionLength = nil
        }
    }

    /// The replacements of the epoch `(start, end]` of simulated time, in order.
    mutating func replacements(from start: UInt64, to end: UInt64) -> [Replacement] {
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
            var result: [Replacement] = []
            for slot in 0..<slots where sessionEnds[slot] <= end {
                // A session shorter than the epoch still ends once per epoch: replacements happen at the
                // epoch's end, so the next session starts there.
                result.append(Replacement(slot: slot, reason: drawReason()))
                sessionEnds[slot] = end &+ Self.nanoseconds(sessionLength!.sample(using: &random))
            }
            return result
        }
    }

    private mutating func drawReason() -> DisconnectReason {
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
