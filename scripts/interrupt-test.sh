#!/usr/bin/env bash
# An interrupted `statsbench run` keeps what finished. Runs a short scenario, then a long one, and stops the run
# during the second: with SIGINT (Ctrl-C) in the default layout, with SIGTERM with --output. Each must exit
# 128 + the signal (130, 143), keep the first scenario's result.json, and write summary.txt (default layout) and
# the index report.html listing the first as PASSED and the second as "could not run: interrupted". Also: a
# scenario file that cannot run makes the index and summary say so (exit 2), not PASSED. The second scenario
# watches a child process (a `process-dies` fault late in it): SIGTERM sent to the run alone, not to its process
# group, must not leave that child running.
#
# Takes about a minute with a release build.
#
# Usage: scripts/interrupt-test.sh [--binary PATH]   (default .build/release/statsbench, built if missing)
set -euo pipefail
cd "$(dirname "$0")/.."

BINARY=.build/release/statsbench
while [ $# -gt 0 ]; do
    case "$1" in
        --binary) BINARY="${2:?--binary needs a path}"; shift 2 ;;
        -h | --help) sed -n '2,10p' "$0"; exit 0 ;;
        *) echo "error: unknown argument '$1' (usage: scripts/interrupt-test.sh [--binary PATH])" >&2; exit 2 ;;
    esac
done
[ -x "$BINARY" ] || swift build -c release --product statsbench >/dev/null

WORK="$(mktemp -d)"
PID=""
cleanup() {
    [[ -n $PID ]] && kill -KILL "$PID" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT
fail() { echo "error: interrupt test: $*" >&2; exit 1; }

# A short first scenario and a second that would run for ten minutes if it were not stopped.
scenario() {  # NAME DURATION [SINKS MEASUREMENTS FAULTS]
    cat <<YAML
name: $1
seed: 3
duration: $2
workers: 1
clients: {count: 20}
requests:
  methods:
    - {name: get, latency: {lognormal: {median: 1ms, sigma: 0.5}}}
arrival: {poisson: 50k/s}
stats: {interval: 100ms, history-capacity: 10}
sinks: ${3:-[none, statsbench]}
measurements: ${4:-[overhead, conservation]}
${5:-}
YAML
}
scenario first 300ms > "$WORK/first.yaml"
# The statsbench drive, which starts the watched process, at once: no overhead pairs and no `none` drive first.
scenario second 10min "[statsbench]" "[conservation]" "faults: [{kind: process-dies, at: 9min}]" > "$WORK/second.yaml"

interrupt() {  # SIGNAL EXPECTED-STATUS EXTRA-ARGS…
    local signal="$1" expected="$2"
    shift 2
    "$BINARY" run "$WORK/first.yaml" "$WORK/second.yaml" --pairs 2 "$@" > "$WORK/out" 2> "$WORK/err" &
    PID=$!
    # The second scenario's start on standard error: the first has finished and been written.
    for _ in $(seq 1 600); do
        grep -q "== scenario 2/2" "$WORK/err" 2>/dev/null && break
        kill -0 "$PID" 2>/dev/null || fail "the run exited before its second scenario: $(tail -3 "$WORK/err")"
        sleep 0.5
    done
    grep -q "== scenario 2/2" "$WORK/err" || fail "the second scenario did not start within 300 s"
    # Its watched process, started as its statsbench drive begins (a slow machine may take a while).
    WATCHED=""
    for _ in $(seq 1 300); do
        WATCHED="$(pgrep -d, -P "$PID" || true)"
        [ -n "$WATCHED" ] && break
        sleep 0.1
    done
    [ -n "$WATCHED" ] || fail "SIG$signal: the second scenario started no watched process within 30 s"
    sleep 1
    kill -"$signal" "$PID"
    local status=0
    timeout 60 tail --pid="$PID" -f /dev/null || fail "the run did not exit within 60 s of SIG$signal"
    wait "$PID" || status=$?
    PID=""
    [ "$status" -eq "$expected" ] || fail "SIG$signal: exit $status, expected $expected: $(tail -3 "$WORK/err")"
    grep -q "interrupted (SIG$signal) during scenario 2 of 2: the 1 finished result is kept" "$WORK/err" \
        || fail "SIG$signal: no 'interrupted' note: $(tail -3 "$WORK/err")"
    # Gone, or a zombie waiting for whoever adopted it to reap it: not running either way.
    for _ in $(seq 1 50); do
        running="$(ps -o pid=,stat= -p "$WATCHED" 2>/dev/null | awk '$2 !~ /^Z/' || true)"
        [ -z "$running" ] && return 0
        sleep 0.1
    done
    fail "SIG$signal: a child of the run still runs after it exited: $running"
}

interrupt INT 130 --reports "$WORK/reports"
latest="$WORK/reports/latest"
grep -q "^first  PASSED" "$latest/summary.txt" || fail "SIGINT: summary.txt lacks the finished scenario"
grep -q "^first  PASSED" "$WORK/out" || fail "SIGINT: the finished scenario's summary did not reach standard output"
grep -q "second.yaml  COULD NOT RUN" "$latest/summary.txt" \
    && grep -q "interrupted (SIGINT) while it ran" "$latest/summary.txt" \
    || fail "SIGINT: summary.txt does not list the interrupted scenario"
[ -f "$latest/first/result.json" ] || fail "SIGINT: latest/first/result.json is missing"
grep -q "could not run" "$latest/report.html" && grep -q "FAILED: 1 of 2 could not run" "$latest/report.html" \
    || fail "SIGINT: the index does not show the interrupted scenario"
echo "SIGINT: exit 130; summary.txt and report.html list the first scenario PASSED and the second interrupted;" \
    "the watched process is gone"

interrupt TERM 143 --output "$WORK/out-dir"
[ -f "$WORK/out-dir/first/result.json" ] || fail "SIGTERM: out-dir/first/result.json is missing"
grep -q "interrupted (SIGTERM) while it ran" "$WORK/out-dir/report.html" \
    || fail "SIGTERM: the index in --output does not show the interrupted scenario"
echo "SIGTERM: exit 143; the index in --output lists the second scenario interrupted; the watched process is gone"

# A scenario file that cannot run: exit 2, and neither the summary nor the index says PASSED.
status=0
"$BINARY" run "$WORK/first.yaml" "$WORK/missing.yaml" --pairs 2 -q --reports "$WORK/broken" \
    > "$WORK/out" 2> "$WORK/err" || status=$?
[ "$status" -eq 2 ] || fail "a missing scenario file: exit $status, expected 2"
grep -q "missing.yaml  COULD NOT RUN" "$WORK/broken/latest/summary.txt" \
    || fail "summary.txt does not list the scenario that could not run"
grep -q "FAILED: 1 of 2 could not run" "$WORK/broken/latest/report.html" \
    || fail "the index does not say a scenario could not run"
echo "a scenario that cannot run: exit 2; summary.txt and the index say COULD NOT RUN"
