#ifndef STATSBENCH_CJEMALLOC_SHIM_H
#define STATSBENCH_CJEMALLOC_SHIM_H

// The CJemalloc module without jemalloc, for builds where jemalloc cannot be linked: ThreadSanitizer replaces
// the allocator and dies inside its own `free` when jemalloc is linked too (scripts/tsan.sh). Package.swift
// selects this folder when STATSBENCH_WITHOUT_JEMALLOC=1. Every counter answers "unavailable" (UINT64_MAX), and
// `statsbench_jemalloc_is_active` is false, so allocation figures are reported as not measured and the
// allocation tests are skipped — as on a machine whose malloc is not jemalloc.

#include <stdbool.h>
#include <stdint.h>

static inline uint64_t statsbench_thread_allocated_bytes(void) { return UINT64_MAX; }
static inline uint64_t statsbench_thread_deallocated_bytes(void) { return UINT64_MAX; }
static inline uint64_t statsbench_process_allocated_bytes(void) { return UINT64_MAX; }
static inline uint64_t statsbench_process_allocation_count(void) { return UINT64_MAX; }
static inline bool statsbench_jemalloc_is_active(void) { return false; }

#endif
