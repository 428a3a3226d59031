import StatsCore
import Testing

@Suite("Huge-page allocation: aligned to a huge page from one huge page up, to the alignment asked below")
struct HugePagesTests {
    @Test("a block of at least one huge page starts on a huge page; a smaller one on the alignment asked")
    func alignment() {
        for (bytes, alignment) in [(HugePages.pageBytes, 64), (3 * HugePages.pageBytes + 5, 128), (4096, 64)] {
            let raw = HugePages.allocate(byteCount: bytes, alignment: alignment)
            defer { raw.deallocate() }
            let address = UInt(bitPattern: raw)
            let expected = bytes >= HugePages.pageBytes ? HugePages.pageBytes : alignment
            #expect(address % UInt(expected) == 0, "\(bytes) bytes at \(address)")
            // The whole block is usable.
            raw.initializeMemory(as: UInt8.self, repeating: 0xA5, count: bytes)
            #expect(raw.load(fromByteOffset: bytes - 1, as: UInt8.self) == 0xA5)
        }
    }
}
