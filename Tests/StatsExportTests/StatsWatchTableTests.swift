import ServerStats
import StatsExport
import Testing

@Suite("statsbench watch table")
struct StatsWatchTableTests {
    @Test("one aligned line per report, exact text")
    func rows() throws {
        let report = try makeReport(at: t(1010), calls: 4)  // 10 s after the pipeline's start
        #expect(
            StatsWatchTable.header
                == "time (UTC)            interval     calls   calls/s   errors    err%       recv       sent    events   "
                + "dropped   conn   disc")
        #expect(
            StatsWatchTable.row(report)
                == "1970-01-01 00:16:50      10.0s         4       0.4        1   25.00      400 B     1000 B         0   "
                + "      0      1      0")
    }

    @Test("a report of no length shows no rate, not 0 calls/s")
    func noLength() throws {
        var report = try makeReport(at: t(1010), calls: 4)
        report.intervalSeconds = 0
        let cells = StatsWatchTable.row(report).split(separator: " ", omittingEmptySubsequences: true)
        #expect(cells[2] == "0.0s" && cells[3] == "4" && cells[4] == "—", "\(cells)")
    }

    @Test("bytes use binary units with one decimal")
    func bytes() {
        #expect(StatsWatchTable.bytes(0) == "0 B")
        #expect(StatsWatchTable.bytes(1023) == "1023 B")
        #expect(StatsWatchTable.bytes(1024) == "1.0 KiB")
        #expect(StatsWatchTable.bytes(30_000) == "29.3 KiB")
        #expect(StatsWatchTable.bytes(1_572_864) == "1.5 MiB")
    }
}
