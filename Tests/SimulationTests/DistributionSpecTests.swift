import Simulation
import Testing

@Suite("Distribution and arrival specs")
struct DistributionSpecTests {
    @Test("specs compare by value, nested mixtures included")
    func equality() {
        let fast = DistributionSpec.lognormal(median: 0.002, sigma: 0.25)
        let slow = DistributionSpec.lognormal(median: 0.080, sigma: 0.25)
        #expect(
            DistributionSpec.bimodal(first: fast, second: slow, firstWeight: 0.7)
                == .bimodal(first: fast, second: slow, firstWeight: 0.7))
        #expect(
            DistributionSpec.bimodal(first: fast, second: slow, firstWeight: 0.7)
                != .bimodal(first: slow, second: fast, firstWeight: 0.7))
        #expect(ArrivalSpec.poisson(ratePerSecond: 10) != .constant(ratePerSecond: 10))
    }
}
