#!/usr/bin/env bash
# ThreadSanitizer over the concurrency tests: StatsCore's shards, counters, histograms and ring with real writer
# and reader threads; the pipeline and the call ledger under two threads; the harness driver with real worker
# threads; the HTTP endpoints (Hummingbird's event loops) and the swift-metrics backend.
#
#   scripts/tsan.sh            build (.build-tsan, debug, -sanitize=thread) and run the concurrency tests
#   scripts/tsan.sh --all      run every test that does not need jemalloc
#
# jemalloc is left out of this build (STATSBENCH_WITHOUT_JEMALLOC=1, see Package.swift): TSan replaces the
# allocator and dies at startup when jemalloc is linked too. The allocation tests need jemalloc and are skipped.
# Deliberate races are suppressed narrowly in scripts/tsan-suppressions.txt, each with the argument that makes it
# benign. Exit status: non-zero when TSan reports a race (halt_on_error) or a test fails.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh

export STATSBENCH_WITHOUT_JEMALLOC=1
scratch=.build-tsan
echo "== building the tests with -sanitize=thread in $scratch (several minutes)"
swift build --build-tests --sanitize=thread --scratch-path "$scratch" 2>&1 | tail -5

filter='StatsCoreTests\.(CounterTests|GaugeTests|HistogramEdgeTests|RecordTableTests|SnapshotRingTests|WorkerRegistryTests)'
filter+='|ServerStatsTests\.(CallLedgerConcurrencyTests|PipelineConservationTests|HistoryCollectorTests)'
filter+='|HarnessTests\.(RunnerTests|PeerSinkTests)'
filter+='|StatsHTTPTests|StatsExportTests\.(StatsMetricsFactoryTests|StatsFileWatcherTests)'
skip='Allocation|Memory|jemalloc'
if [ "${1:-}" = "--all" ]; then filter='.'; fi

# Is Synchronization.Mutex still invisible to TSan on this toolchain? (The Mutex entries of the suppressions
# exist for that reason; when this program runs clean, remove them.)
probe=$(mktemp -d)
cat > "$probe/mutex.swift" <<'SWIFT'
import Foundation
import Synchronization
final class Box: Sendable { let items = Mutex<[Int]>([]) }
let box = Box()
let threads = (0..<2).map { _ in Thread { for i in 0..<10_000 { box.items.withLock { $0.append(i) } } } }
threads.forEach { $0.start() }
while box.items.withLock({ $0.count }) < 20_000 { usleep(1000) }
print(box.items.withLock { $0.count })
SWIFT
if swiftc -sanitize=thread "$probe/mutex.swift" -o "$probe/mutex" 2>/dev/null; then
    probe_output=$(TSAN_OPTIONS=halt_on_error=0 "$probe/mutex" 2>&1 || true)
    if grep -q "WARNING: ThreadSanitizer" <<<"$probe_output"; then
        echo "== note: Synchronization.Mutex is invisible to TSan here (a Mutex<[Int]> program reports races);"
        echo "   the Mutex entries of scripts/tsan-suppressions.txt stand"
    else
        echo "== note: TSan sees Synchronization.Mutex on this toolchain: remove the Mutex entries of the suppressions"
    fi
fi
rm -rf "$probe"

export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 suppressions=$PWD/scripts/tsan-suppressions.txt"
echo "== running under ThreadSanitizer: --filter '$filter' --skip '$skip'"
swift test --skip-build --sanitize=thread --scratch-path "$scratch" --filter "$filter" --skip "$skip" 2>&1 \
    | tee "$scratch/tsan.log" | grep -E "WARNING: ThreadSanitizer|SUMMARY: ThreadSanitizer|Test run with|passed after|failed after|error:" || true
status=${PIPESTATUS[0]}
if grep -q "WARNING: ThreadSanitizer" "$scratch/tsan.log"; then
    echo "ThreadSanitizer reported a race: see $scratch/tsan.log" >&2
    exit 1
fi
exit "$status"
