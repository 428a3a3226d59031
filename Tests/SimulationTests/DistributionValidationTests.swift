import Simulation
import Testing

@Suite("Distribution validation")
struct DistributionValidationTests {
    private func error(_ spec: DistributionSpec) -> DistributionError? {
        do {
            _ = try Distribution(spec, baseDirectory: nil)
            return nil
        } catch {
            return error
        }
    }

    @Test("shape and scale parameters must be finite and positive")
    func positiveParameters() {
        let positive = "a finite number above 0"
        #expect(
            error(.lognormal(median: 0.01, sigma: 0))
                == .invalidParameter(distribution: "lognormal", parameter: "sigma", value: 0, requirement: positive))
        #expect(
            error(.lognormal(median: -1, sigma: 1))
                == .invalidParameter(distribution: "lognormal", parameter: "median", value: -1, requirement: positive))
        #expect(
            error(.pareto(minimum: 0.001, alpha: -1.5))
                == .invalidParameter(distribution: "pareto", parameter: "alpha", value: -1.5, requirement: positive))
        #expect(
            error(.pareto(minimum: 0, alpha: 1.5))
                == .invalidParameter(distribution: "pareto", parameter: "minimum", value: 0, requirement: positive))
        #expect(
            error(.exponential(mean: 0))
                == .invalidParameter(distribution: "exponential", parameter: "mean", value: 0, requirement: positive))
    }

    @Test("non-finite parameters are rejected")
    func nonFinite() {
        guard case .invalidParameter(_, "value", let value, _)? = error(.constant(value: .nan)) else {
            Issue.record("NaN constant accepted")
            return
        }
        #expect(value.isNaN)
        #expect(error(.uniform(minimum: 0, maximum: .infinity)) != nil)
        #expect(error(.lognormal(median: 1, sigma: .infinity)) != nil)
        #expect(error(.exponential(mean: .infinity)) != nil)
    }

    @Test("a uniform range with minimum above maximum is rejected; equal bounds are a constant")
    func uniformRange() throws {
        #expect(error(.uniform(minimum: 2, maximum: 1)) == .invalidRange(minimum: 2, maximum: 1))
        let point = try Distribution(.uniform(minimum: 3, maximum: 3), baseDirectory: nil)
        var random = RandomStream(seed: 1)
        #expect(point.sample(using: &random) == 3)
    }

    @Test(
        "mixture weights outside 0 ... 1 are rejected, and errors in nested components surface",
        arguments: [
            -0.1, 1.5, .nan,
        ])
    func weights(weight: Double) {
        let spec = DistributionSpec.bimodal(
            first: .constant(value: 1), second: .constant(value: 2), firstWeight: weight)
        guard case .invalidParameter("bimodal", "firstWeight", _, "within 0 ... 1")? = error(spec) else {
            Issue.record("weight \(weight) accepted")
            return
        }
    }

    @Test("an invalid component inside a mixture is reported")
    func nestedError() {
        let spec = DistributionSpec.bimodal(
            first: .constant(value: 1), second: .pareto(minimum: 1, alpha: 0), firstWeight: 0.5)
        #expect(
            error(spec)
                == .invalidParameter(
                    distribution: "pareto", parameter: "alpha", value: 0, requirement: "a finite number above 0"))
    }

    @Test("error messages say what was wrong and what is accepted")
    func messages() {
        #expect(
            error(.lognormal(median: 1, sigma: -2))?.description
                == "lognormal distribution: sigma = -2.0 is invalid; it must be a finite number above 0")
        #expect(
            error(.uniform(minimum: 2, maximum: 1))?.description.contains("minimum 2.0 is above maximum 1.0") == true)
    }
}
