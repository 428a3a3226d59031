#ifndef STATSBENCH_CJEMALLOC_SHIM_H
#define STATSBENCH_CJEMALLOC_SHIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <jemalloc/jemalloc.h>

/// Bytes this thread has allocated through jemalloc since it started, or UINT64_MAX when jemalloc
/// cannot answer (built without statistics).
static inline uint64_t statsbench_thread_allocated_bytes(void) {
    uint64_t value = 0;
    size_t size = sizeof(value);
    if (mallctl("thread.allocated", &value, &size, NULL, 0) != 0) {
        return UINT64_MAX;
    }
    return value;
}

/// Bytes this thread has freed through jemalloc since it started, or UINT64_MAX when unavailable.
static inline uint64_t statsbench_thread_deallocated_bytes(void) {
    uint64_t value = 0;
    size_t size = sizeof(value);
    if (mallctl("thread.deallocated", &value, &size, NULL, 0) != 0) {
        return UINT64_MAX;
    }
    return value;
}

/// Bytes currently allocated by the application in the whole process (refreshes jemalloc's statistics
/// epoch first), or UINT64_MAX when unavailable.
static inline uint64_t statsbench_process_allocated_bytes(void) {
    uint64_t epoch = 1;
    size_t epoch_size = sizeof(epoch);
    mallctl("epoch", &epoch, &epoch_size, &epoch, epoch_size);
    size_t value = 0;
    size_t size = sizeof(value);
    if (mallctl("stats.allocated", &value, &size, NULL, 0) != 0) {
        return UINT64_MAX;
    }
    return (uint64_t)value;
}

/// Allocation requests (small and large, every arena; `nrequests`, which counts every malloc including those a
/// thread cache served, unlike `nmalloc`) made in the whole process since it started, refreshing jemalloc's
/// statistics epoch first (which merges the thread caches' counts); UINT64_MAX when unavailable.
static inline uint64_t statsbench_process_allocation_count(void) {
    uint64_t epoch = 1;
    size_t epoch_size = sizeof(epoch);
    mallctl("epoch", &epoch, &epoch_size, &epoch, epoch_size);
    uint64_t small = 0, large = 0;
    size_t size = sizeof(small);
    if (mallctl("stats.arenas.4096.small.nrequests", &small, &size, NULL, 0) != 0) {
        return UINT64_MAX;
    }
    size = sizeof(large);
    if (mallctl("stats.arenas.4096.large.nrequests", &large, &size, NULL, 0) != 0) {
        return UINT64_MAX;
    }
    return small + large;
}

/// True when `malloc` in this process is jemalloc's (and not, say, glibc's): a small allocation moves
/// this thread's jemalloc counter.
static inline bool statsbench_jemalloc_is_active(void) {
    uint64_t before = statsbench_thread_allocated_bytes();
    if (before == UINT64_MAX) {
        return false;
    }
    void *volatile probe = malloc(64);
    uint64_t after = statsbench_thread_allocated_bytes();
    free(probe);
    return after > before;
}

#endif
