#if canImport(Glibc)
    import Glibc
#endif

/// Memory read at random across megabytes (a record table, a connection table, a pointer chase), put on
/// transparent huge pages so that each access does not also miss the TLB: with 4 KiB pages, a random access
/// into hundreds of megabytes needs a page walk nearly every time.
public enum HugePages {
    /// The size of a transparent huge page (2 MiB on x86-64 and most arm64 Linux kernels).
    public static var pageBytes: Int { 2 << 20 }

    /// Allocates `byteCount` uninitialised bytes (release them with `deallocate()`). From one huge page up, the
    /// block is aligned to a huge page, rounded up to whole huge pages (``allocatedBytes(for:)``: the tail of the
    /// last one would otherwise sit on small pages, and each access to it miss the TLB), and the kernel is asked
    /// (`madvise(MADV_HUGEPAGE)`) to back them with transparent huge pages — a hint, ignored where the kernel has
    /// them switched off and on systems without `madvise`. A smaller block is aligned to `alignment` (a power of
    /// two) only. Traps, as ``allocatedBytes(for:)`` does, on a negative `byteCount` or one within a huge page of
    /// `Int.max`.
    public static func allocate(byteCount: Int, alignment: Int) -> UnsafeMutableRawPointer {
        let bytes = allocatedBytes(for: byteCount)
        let huge = bytes >= pageBytes
        let raw = UnsafeMutableRawPointer.allocate(
            byteCount: bytes, alignment: huge ? Swift.max(alignment, pageBytes) : alignment)
        #if os(Linux) && canImport(Glibc)
            if huge { _ = madvise(raw, bytes, MADV_HUGEPAGE) }
        #endif
        return raw
    }

    /// The bytes ``allocate(byteCount:alignment:)`` takes for a block of `byteCount`: from one huge page up,
    /// rounded up to whole huge pages (at most 2 MiB − 1 more); below that, `byteCount` itself.
    ///
    /// Traps with a message when `byteCount` is negative or rounding it up would pass `Int.max`.
    public static func allocatedBytes(for byteCount: Int) -> Int {
        precondition(byteCount >= 0, "HugePages: a negative byte count (\(byteCount))")
        guard byteCount >= pageBytes else { return byteCount }
        let pages = byteCount / pageBytes + (byteCount % pageBytes == 0 ? 0 : 1)
        let rounded = pages.multipliedReportingOverflow(by: pageBytes)
        precondition(!rounded.overflow, "HugePages: \(byteCount) bytes cannot be rounded up to whole huge pages")
        return rounded.partialValue
    }
}
