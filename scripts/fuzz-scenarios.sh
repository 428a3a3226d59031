#!/usr/bin/env bash
# Scenario fuzzer: mutates scenarios/*.yaml and a few small templates (numbers to extremes — 0, -1, 1e308,
# 1e-308, nan, inf, huge integers, overflowing units —, wrong types, missing and duplicated keys, unicode, deep
# nesting, aliases and alias bombs, truncation), runs `statsbench validate` on each, and a tiny `statsbench run`
# (--scale 0.001 --pairs 2, output to a temp dir) on the first accepted ones.
#
# Fails when a case crashes (signal, or an exit code other than 0, 1 or 2), outlives its timeout, or is
# accepted by validate and then refused by run as a scenario that cannot run (exit 2). Prints
# "N passed / M failed"; failing inputs, each with a note of why, go to reports/fuzz-failures/.
#
#   scripts/fuzz-scenarios.sh [--cases N] [--seed S] [--runs R] [--scale X] [--run-timeout SECONDS]
#
# Defaults (the CI size): 300 cases, 30 tiny runs, seed 20240601 — a couple of minutes on 2 cores. For a long
# run: --cases 20000 --runs 2000 --seed $RANDOM. Uses $STATSBENCH, or .build/release/statsbench (built when
# missing). Needs python3 (standard library only). Exits 0 when every case passed, 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v python3 >/dev/null || { echo "FAIL: fuzz-scenarios: python3 is not installed"; exit 1; }
BIN=${STATSBENCH:-.build/release/statsbench}
if [[ ! -x $BIN ]]; then
    echo "== building $BIN"
    swift build -c release --product statsbench
fi
exec python3 scripts/fuzz_scenarios.py --binary "$BIN" "$@"
