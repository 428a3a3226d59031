import ServerStats
import Testing

@Suite("Alert board: firing alerts and their history")
struct AlertBoardTests {
    func at(_ second: Double) -> StatsTime { StatsTime(secondsSinceEpoch: 1_000 + second) }

    @Test("an alert fires, escalates and resolves; the episode keeps its start and resolve times")
    func episode() throws {
        let board = AlertBoard(thresholds: try AlertThresholds(diskPercent: AlertLevels(warning: 50, critical: 60)))
        #expect(board.evaluate(AlertInput(timestamp: at(0), diskPercent: 10)).isEmpty)
        #expect(board.evaluate(AlertInput(timestamp: at(1), diskPercent: 55)).map(\.id) == ["disk_warning"])
        #expect(board.isFiring(.disk, severity: .warning))
        #expect(board.evaluate(AlertInput(timestamp: at(2), diskPercent: 70)).map(\.id) == ["disk_critical"])
        let active = board.active()
        #expect(active.count == 1)
        #expect(active.first?.startedAt == at(1) && active.first?.severity == .critical)
        #expect(active.first?.resolvedAt == nil)
        // 50 × (1 − 0.1) = 45 is the release point of the warning level.
        #expect(board.evaluate(AlertInput(timestamp: at(3), diskPercent: 46)).map(\.id) == ["disk_warning"])
        #expect(board.evaluate(AlertInput(timestamp: at(4), diskPercent: 44)).map(\.id) == ["disk_resolved"])
        #expect(board.active().isEmpty)
        let resolved = try #require(board.resolved().first)
        #expect(resolved.metric == .disk && resolved.severity == .resolved && resolved.highestSeverity == .critical)
        #expect(resolved.startedAt == at(1) && resolved.resolvedAt == at(4) && resolved.value == 44)
        #expect(board.evaluations == 5 && board.changes == 4)
    }

    @Test("the history keeps the newest resolved episodes within its limit")
    func historyLimit() {
        let board = AlertBoard(historyLimit: 2)
        for round in 0..<3 {
            board.evaluate(AlertInput(timestamp: at(Double(2 * round)), cpuPercent: 95))
            board.evaluate(AlertInput(timestamp: at(Double(2 * round + 1)), cpuPercent: 1))
        }
        #expect(board.resolved().map(\.startedAt) == [at(2), at(4)])
    }

    @Test("a sample's disk figures feed the disk alert with the fuller filesystem")
    func diskFromSample() {
        var sample = ResourceSample(timestamp: at(0))
        sample.statsDirectoryDisk = DiskFigures(totalBytes: 1000, freeBytes: 100)
        sample.stateFileDisk = DiskFigures(totalBytes: 1000, freeBytes: 600)
        #expect(sample.statsDirectoryDisk?.usedPercent == 90)
        #expect(sample.diskUsedPercent == 90)
        #expect(AlertInput(sample: sample).diskPercent == 90)
        #expect(DiskFigures(totalBytes: 0, freeBytes: 5) == DiskFigures(totalBytes: 0, freeBytes: 0))
    }

    @Test("statvfs figures of a real directory are consistent")
    func realDisk() throws {
        let figures = try #require(DiskFigures.of(path: "/tmp"))
        #expect(figures.totalBytes > 0 && figures.freeBytes <= figures.totalBytes)
        #expect((0...100).contains(figures.usedPercent))
        #expect(DiskFigures.of(path: "/tmp/no-such-file-\(UInt64.random(in: 0...UInt64.max))") != nil, "its directory")
        // A one-character relative path that does not exist (its directory is the current one): Foundation's
        // NSString.deletingLastPathComponent trapped on it.
        #expect(DiskFigures.of(path: "s") != nil)
    }
}
