import Foundation
import ServerStats
import Testing

@Suite("ResourceSample coding")
struct ResourceSampleCodingTests {
    @Test("an unknown figure is written as null and read back as nil")
    func nullsRoundTrip() throws {
        let sample = ResourceSample(
            timestamp: StatsTime(nanosecondsSinceEpoch: 5), cpuPercent: 12.5, residentBytes: 4096, watchedPID: 42)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(sample), as: UTF8.self)
        #expect(json.contains("\"watchedResidentBytes\":null"))
        #expect(json.contains("\"threads\":null"))
        #expect(json.contains("\"watchedPID\":42"))
        #expect(json.contains("\"cpuPercent\":12.5"))
        #expect(try JSONDecoder().decode(ResourceSample.self, from: Data(json.utf8)) == sample)
    }
}
