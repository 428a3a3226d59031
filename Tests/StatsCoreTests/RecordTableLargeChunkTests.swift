import Testing

@testable import StatsCore

@Suite("RecordTable large chunks")
struct RecordTableLargeChunkTests {
    @Test("a block from one huge page up is rounded up to whole huge pages; a smaller one is not")
    func hugePageRounding() {
        let page = HugePages.pageBytes
        #expect(page == 2 << 20)
        #expect(HugePages.allocatedBytes(for: 1) == 1)
        #expect(HugePages.allocatedBytes(for: page - 1) == page - 1)
        #expect(HugePages.allocatedBytes(for: page) == page)
        #expect(HugePages.allocatedBytes(for: page + 1) == 2 * page)
        #expect(HugePages.allocatedBytes(for: 5 * page / 2) == 3 * page, "eight chunks of 320-byte records")
    }

    @Test("a negative byte count, or one that cannot be rounded up to whole huge pages, traps")
    func hugePageRoundingTraps() async {
        // The result is printed, not discarded: with `-O` (the Makefile tests in release) a call whose result is
        // unused is dropped with its precondition when its argument is a constant, and the child exits 0.
        await #expect(processExitsWith: .failure) { print(HugePages.allocatedBytes(for: -1)) }
        await #expect(processExitsWith: .failure) { print(HugePages.allocatedBytes(for: Int.max)) }
    }

    @Test("a chunk size beyond the largest a table takes traps")
    func chunkSizeBeyondTheLargest() async {
        #expect(RecordTable(fieldsPerRecord: 1, chunkSize: RecordTable.maximumChunkSize).chunkSize == 1 << 20)
        await #expect(processExitsWith: .failure) {
            print(RecordTable(fieldsPerRecord: 1, chunkSize: RecordTable.maximumChunkSize + 1).chunkSize)
        }
    }

    @Test(
        "large chunks fill whole huge pages, start on one, and every slot across the small/large boundary is its own record"
    )
    func largeChunksFillWholeHugePages() {
        // 40 fields: 320-byte records, as a client's. Eight small chunks of 4 need 10 KiB, so a large chunk is one
        // huge page: 6553 records (2 MiB / 320 B), where eight small chunks' worth would have been 32.
        let table = RecordTable(fieldsPerRecord: 40, chunkSize: 4, largeChunksAfter: 8)
        let recordBytes = table.recordStride * 8
        #expect(recordBytes == 320)
        #expect(table.largeChunkSize == HugePages.pageBytes / recordBytes)
        #expect(table.largeChunkSize * recordBytes <= HugePages.pageBytes)
        #expect(table.largeChunkSize * recordBytes > HugePages.pageBytes - recordBytes, "no room left for a record")

        let count = 8 + table.largeChunkSize + 3
        let handles = (0..<count).map { _ in table.allocate(shared: false) }
        #expect(handles.map(\.slot) == Array(0..<count))
        #expect(table.allocatedBytes == (8 + 2 * table.largeChunkSize) * recordBytes, "two small chunks, two large")
        for (index, handle) in handles.enumerated() { handle.store(0, UInt64(index) &+ 1) }
        #expect(handles.enumerated().allSatisfy { $0.element.load(0) == UInt64($0.offset) &+ 1 })

        let firstLarge = handles[8]
        let secondLarge = handles[8 + table.largeChunkSize]
        #expect(Int(bitPattern: firstLarge.base) % HugePages.pageBytes == 0, "a large chunk starts on a huge page")
        #expect(Int(bitPattern: secondLarge.base) % HugePages.pageBytes == 0)
        // Within a large chunk, records follow one another a stride apart.
        let last = handles[8 + table.largeChunkSize - 1]
        #expect(
            UnsafeRawPointer(last.base) - UnsafeRawPointer(firstLarge.base) == (table.largeChunkSize - 1) * recordBytes)

        // A released slot of a large chunk comes back zeroed.
        table.release(handles[8 + 100])
        let reused = table.allocate(shared: false)
        #expect(reused.slot == 8 + 100 && reused.load(0) == 0 && reused.base == handles[8 + 100].base)
    }
}
