#!/usr/bin/env bash
# Failed writes are not only in the log: `statsbench serve` whose state file cannot be saved (its directory is
# replaced by a file after start) and whose stats directory disappears after start must count the failures on
# /metrics and /health/server, and on SIGTERM exit non-zero naming what was lost. A healthy run on SIGTERM exits
# 0. A state path that cannot be saved from the start (a directory, or under a file) is refused at start (exit 2)
# and the directory is left as it was.
#
# Needs curl, jq and python3. Uses $STATSBENCH, or .build/release/statsbench (built when missing).
# Exits 0 on PASS, 1 on FAIL.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "FAIL: shutdown-failure: $*"; exit 1; }
for tool in curl jq python3; do command -v "$tool" >/dev/null || fail "'$tool' is not installed"; done
BIN=${STATSBENCH:-.build/release/statsbench}
[[ -x $BIN ]] || swift build -c release --product statsbench

WORK=$(mktemp -d)
PID=
cleanup() {
    [[ -n $PID ]] && kill -KILL "$PID" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

# start ARGS…: starts serve on a free port, waits (bounded) until /health answers; sets PID and URL.
start() {
    local port
    port=$(free_port)
    "$BIN" serve --port "$port" "$@" >"$WORK/out" 2>"$WORK/err" &
    PID=$!
    URL="http://127.0.0.1:$port"
    for _ in $(seq 1 240); do
        curl -sf --max-time 2 "$URL/health" >/dev/null 2>&1 && return 0
        kill -0 "$PID" 2>/dev/null || fail "serve exited at start: $(cat "$WORK/err")"
        sleep 0.25
    done
    fail "serve did not answer on $URL"
}
# stop: SIGTERM, then the exit code in STATUS (bounded wait).
stop() {
    kill -TERM "$PID"
    STATUS=0
    timeout 30 tail --pid="$PID" -f /dev/null || fail "serve did not stop within 30 s of SIGTERM"
    wait "$PID" || STATUS=$?
    PID=
}

# 1. A healthy run exits 0 and counts its writes.
mkdir "$WORK/stats" "$WORK/state"
start --stats-path "$WORK/stats" --stats-interval 100ms --state-file "$WORK/state/state.json" --save-interval 100ms
sleep 1
curl -sf "$URL/health/server" | jq -e '.persistence["stats-file-writes"] > 0 and .persistence["stats-file-writes-failed"] == 0 and .persistence["state-saves"] > 0 and .persistence["state-saves-failed"] == 0' >/dev/null \
    || fail "a healthy run's /health/server persistence counts are wrong: $(curl -s "$URL/health/server" | jq -c .persistence)"
stop
((STATUS == 0)) || fail "a healthy run exited $STATUS on SIGTERM: $(cat "$WORK/err")"
echo "healthy run: exit 0"

# 2. A state path that can never be saved is refused at start, and nothing is moved.
mkdir -p "$WORK/state-dir/inside" && echo keep >"$WORK/state-dir/inside/file"
touch "$WORK/not-a-directory"
for bad in "$WORK/state-dir" "$WORK/not-a-directory/state.json"; do
    STATUS=0
    timeout 60 "$BIN" serve --port 0 --state-file "$bad" >"$WORK/out" 2>"$WORK/err" || STATUS=$?
    ((STATUS == 2)) || fail "--state-file $bad: exit $STATUS, expected 2 at start: $(tail -2 "$WORK/err")"
    grep -q -- "--state-file $bad" "$WORK/err" || fail "the error does not name --state-file $bad: $(cat "$WORK/err")"
done
[[ -f $WORK/state-dir/inside/file ]] || fail "a state path that is a directory was moved or emptied"
echo "unsaveable state paths: refused at start (exit 2), the directory untouched"

# 3. The state file's directory becomes a file and the stats directory is removed after start.
mkdir "$WORK/doomed" "$WORK/doomed-state"
start --stats-path "$WORK/doomed" --stats-interval 100ms --state-file "$WORK/doomed-state/state.json" \
    --save-interval 100ms
# A save may recreate the directory between the removal and the touch: repeat until a file stands there.
for _ in $(seq 1 50); do
    rm -rf "$WORK/doomed-state" && touch "$WORK/doomed-state"
    [[ -f $WORK/doomed-state ]] && break
done
[[ -f $WORK/doomed-state ]] || fail "could not replace the state directory by a file"
rm -rf "$WORK/doomed"
sleep 1
METRICS=$(curl -sf "$URL/metrics") || fail "GET /metrics failed"
for family in statsbench_stats_file_writes_failed_total statsbench_state_saves_failed_total; do
    value=$(awk -v name="$family" '$1 == name { print $2 }' <<<"$METRICS")
    [[ -n $value && $value != 0 ]] || fail "$family is '${value:-absent}' on /metrics after failed writes"
done
curl -sf "$URL/health/server" | jq -e '.persistence["stats-file-writes-failed"] > 0 and .persistence["state-saves-failed"] > 0' >/dev/null \
    || fail "/health/server does not count the failures: $(curl -s "$URL/health/server" | jq -c .persistence)"
stop
((STATUS != 0)) || fail "serve exited 0 although its final stats file and final save failed"
grep -q "the final save of $WORK/doomed-state/state.json failed" "$WORK/err" \
    || fail "the exit message does not name the lost state save: $(tail -3 "$WORK/err")"
grep -q "the last stats file" "$WORK/err" || fail "the exit message does not name the lost stats file: $(tail -3 "$WORK/err")"
echo "failing disk: exit $STATUS, $(grep -c 'error: shutdown lost data' "$WORK/err") shutdown message naming both losses"
echo "PASS: shutdown-failure: failures counted on /metrics and /health/server; a lossy shutdown exits non-zero"
