import Simulation
import Testing

@Suite("Event stream validation")
struct EventStreamValidationTests {
    private func error(
        methods: [EventStreamConfiguration.Method] = [.init(name: "get", weight: 1, latency: .constant(value: 0.001))],
        clients: Int = 1, arrival: ArrivalSpec = .constant(ratePerSecond: 10), worker: Int = 0, workers: Int = 1
    ) -> EventStreamError? {
        let configuration = EventStreamConfiguration(methods: methods, clients: clients, arrival: arrival, seed: 1)
        do {
            _ = try EventStream(configuration: configuration, worker: worker, workers: workers)
            return nil
        } catch {
            return error
        }
    }

    @Test("a valid configuration is accepted")
    func valid() {
        #expect(error() == nil)
    }

    @Test("the request mix needs methods, finite non-negative weights with a positive sum, rates within 0 ... 1")
    func methods() {
        #expect(error(methods: []) == .invalidMethodCount(0))
        #expect(
            error(methods: [.init(name: "get", weight: -1, latency: .constant(value: 1))])
                == .invalidWeight(method: "get", weight: -1))
        #expect(error(methods: [.init(name: "get", weight: 0, latency: .constant(value: 1))]) == .noPositiveWeight)
        #expect(
            error(methods: [.init(name: "get", weight: 1, latency: .constant(value: 1), errorRate: 1.5)])
                == .invalidErrorRate(method: "get", errorRate: 1.5))
        guard
            case .invalidErrorRate("get", _)? = error(methods: [
                .init(name: "get", weight: 1, latency: .constant(value: 1), errorRate: .nan)
            ])
        else {
            Issue.record("NaN error rate accepted")
            return
        }
    }

    @Test("an invalid distribution names the method and the field")
    func distribution() {
        let methods: [EventStreamConfiguration.Method] = [
            .init(
                name: "upload", weight: 1, latency: .constant(value: 0.001),
                responseBytes: .lognormal(median: 100, sigma: 0))
        ]
        let failure = error(methods: methods)
        #expect(
            failure
                == .invalidDistribution(
                    method: "upload", field: "responseBytes",
                    .invalidParameter(
                        distribution: "lognormal", parameter: "sigma", value: 0, requirement: "a finite number above 0")
                ))
        #expect(failure?.description.hasPrefix("request mix: method \"upload\", responseBytes: lognormal") == true)
    }

    @Test("clients, workers and the arrival process are checked")
    func others() {
        #expect(error(clients: 0) == .invalidClientCount(0))
        #expect(error(worker: 2, workers: 2) == .invalidWorker(worker: 2, workers: 2))
        #expect(error(worker: 0, workers: 0) == .invalidWorker(worker: 0, workers: 0))
        #expect(
            error(arrival: .poisson(ratePerSecond: 0))
                == .invalidArrival(
                    .invalidParameter(
                        process: "poisson", parameter: "ratePerSecond", value: 0, requirement: "a finite number above 0"
                    )))
    }
}
