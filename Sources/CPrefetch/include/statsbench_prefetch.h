#ifndef STATSBENCH_PREFETCH_H
#define STATSBENCH_PREFETCH_H

/// Asks the CPU to bring the cache line of `address` into every cache level for writing, without waiting for
/// it: unlike a load, a prefetch retires at once, so a miss does not stall the instructions after it. Swift has
/// no prefetch of its own; this inlines to one `prefetchw`/`prefetcht0` (GCC/Clang's `__builtin_prefetch`).
static inline void statsbench_prefetch_for_write(const void *address) {
    __builtin_prefetch(address, 1, 3);
}

#endif
