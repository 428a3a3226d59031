#!/usr/bin/env bash
# `statsbench serve` as a service: the restart count restored before the first figure (0, then 1, then 2 on
# /health/server and /metrics), the metrics interval from STATSBENCH_METRICS_INTERVAL (and bad values refused at
# start), a history over HTTP, the call costs of a scenario's load, an alert that fires while a scenario's live
# load keeps the CPU busy and resolves once it has finished, and a watched command whose figures go null when it
# exits.
#
# Needs jq and curl. Uses $STATSBENCH, or .build/release/statsbench (built when missing). Exits 0 on PASS.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() {
    echo "FAIL: serve-service: $*" >&2
    exit 1
}
command -v jq >/dev/null || fail "'jq' is not installed (apt-get install -y jq)"
command -v curl >/dev/null || fail "'curl' is not installed (apt-get install -y curl)"
BIN=${STATSBENCH:-.build/release/statsbench}
[[ -x $BIN ]] || swift build -c release --product statsbench

WORK=$(mktemp -d)
PID=
cleanup() {
    [[ -n $PID ]] && kill -KILL "$PID" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

# start ARGS…: starts serve in the background and sets URL once it listens.
start() {
    rm -f "$WORK/out" "$WORK/err" # a previous run's 'listening on' line must not be read
    "$BIN" serve --port 0 "$@" >"$WORK/out" 2>"$WORK/err" &
    PID=$!
    URL=
    for _ in $(seq 1 200); do
        URL=$(sed -n 's/^listening on //p' "$WORK/out" 2>/dev/null || true)
        [[ -n $URL ]] && return 0
        kill -0 "$PID" 2>/dev/null || fail "serve $* exited at start: $(tail -3 "$WORK/err")"
        sleep 0.1
    done
    fail "serve $* did not listen within 20 s"
}

# stop: SIGTERM, and a clean exit within 60 s.
stop() {
    kill -TERM "$PID"
    timeout 60 tail --pid="$PID" -f /dev/null || fail "serve did not stop within 60 s of SIGTERM"
    wait "$PID" || fail "serve exited with status $? after SIGTERM (stderr: $(tail -3 "$WORK/err"))"
    PID=
}

get() { curl -sf --max-time 5 --retry 3 --retry-connrefused "$URL$1" || fail "GET $1 failed ($(tail -2 "$WORK/err"))" >&2; }

# until_true SECONDS COMMAND…: retries COMMAND every 0.2 s until it succeeds or SECONDS pass.
until_true() {
    local deadline=$((SECONDS + $1))
    shift
    until "$@"; do
        ((SECONDS < deadline)) || return 1
        sleep 0.2
    done
}

echo "== restart count: 0, 1, 2"
STATE="$WORK/state.json"
for expected in 0 1 2; do
    start --state-file "$STATE" --save-interval 1s
    get /health/server >"$WORK/server"
    restarts=$(jq '.statistics["server-restart-count"]' "$WORK/server")
    [[ $restarts == "$expected" ]] || fail "/health/server says restart count $restarts, expected $expected"
    get /metrics >"$WORK/metrics"
    grep -qx "statsbench_server_restarts_total $expected" "$WORK/metrics" \
        || fail "/metrics does not say statsbench_server_restarts_total $expected"
    stop
done
echo "restart counts 0, 1, 2 on /health/server and /metrics"

echo "== interval from STATSBENCH_METRICS_INTERVAL; bad values refused"
for bad in abc 0; do
    set +e
    STATSBENCH_METRICS_INTERVAL=$bad "$BIN" serve --port 0 >/dev/null 2>"$WORK/bad"
    status=$?
    set -e
    [[ $status == 2 ]] || fail "STATSBENCH_METRICS_INTERVAL=$bad: exit status $status, expected 2"
    grep -q "STATSBENCH_METRICS_INTERVAL=\"$bad\"" "$WORK/bad" || fail "the error does not name the variable: $(cat "$WORK/bad")"
done
set +e
"$BIN" serve --port 0 --metrics-interval 0 >/dev/null 2>"$WORK/bad"
status=$?
"$BIN" serve --port 0 --metrics-interval 0.5us >/dev/null 2>"$WORK/bad-short"
short_status=$?
"$BIN" serve --port 0 --watch-pid 2147483646 >/dev/null 2>"$WORK/bad-pid"
pid_status=$?
set -e
[[ $status == 2 ]] && grep -q -- "--metrics-interval" "$WORK/bad" || fail "--metrics-interval 0 not refused: $(cat "$WORK/bad")"
[[ $short_status == 2 ]] && grep -q -- '--metrics-interval "0.5us" is not a valid metrics interval: it is shorter than 1 ms' \
    "$WORK/bad-short" || fail "--metrics-interval 0.5us not refused: $(cat "$WORK/bad-short")"
[[ $pid_status == 2 ]] && grep -q -- "--watch-pid 2147483646: no process" "$WORK/bad-pid" \
    || fail "--watch-pid of no process not refused: $(cat "$WORK/bad-pid")"
STATSBENCH_METRICS_INTERVAL=0.2 start --history-capacity 5 --watch-command sleep 2
# A second server on the port the first one holds: exit 2 at once, naming the address and the reason.
held_port=${URL##*:}
set +e
timeout 60 "$BIN" serve --port "$held_port" >/dev/null 2>"$WORK/held"
held_status=$?
set -e
[[ $held_status == 2 ]] && grep -q "cannot listen on 127.0.0.1:$held_port: the port is already in use" "$WORK/held" \
    || fail "serve on a held port: exit $held_status: $(cat "$WORK/held")"
[[ $(get /health/history | jq '.["interval-seconds"]') == 0.2 ]] || fail "the interval is not 0.2 s"
until_true 10 sh -c "curl -sf '$URL/health/history' | jq -e '.count == 5' >/dev/null" \
    || fail "the history did not fill its 5 samples"
get /health/history?latest | jq -e '.returned == 1 and (.samples[0]["watched-pid"] | type) == "number"' >/dev/null \
    || fail "?latest is not one sample of the watched command"
until_true 10 sh -c "curl -sf '$URL/health/history?latest' | jq -e '.samples[0][\"watched-resident-bytes\"] == null' >/dev/null" \
    || fail "the watched command's figures did not go null after it exited"
code=$(curl -s -o /dev/null -w '%{http_code}' "$URL/health/history?since=yesterday")
[[ $code == 400 ]] || fail "?since=yesterday answered $code, not 400"
stop
echo "interval 0.2 s from the variable; history of 5; watched command null once exited; bad input refused"

echo "== an alert fires while a scenario's load keeps the CPU busy, and resolves after it"
# The smoke load repeated as fast as the workers go (--speed 1000000, 300 runs: several seconds of busy CPU
# whatever the build), so that the CPU alert's level is reached on any machine, then left once the load ends.
start --scenario scenarios/smoke.yaml --runs 300 --speed 1000000 --metrics-interval 0.25 \
    --alert cpu.warning=15 --alert cpu.critical=100
until_true 60 sh -c "curl -sf '$URL/health/alerts' | jq -e '[.active[], .recent[]] | map(select(.metric == \"cpu\")) | length > 0' >/dev/null" \
    || fail "no CPU alert fired during the load: $(get /health/alerts | jq -c .)"
until_true 120 sh -c "curl -sf '$URL/health' | jq -e '.load.running == false' >/dev/null" \
    || fail "the scenario's load did not finish within 120 s"
until_true 60 sh -c "curl -sf '$URL/health/alerts' | jq -e '(.active | map(select(.metric == \"cpu\")) | length == 0) and (.recent | map(select(.metric == \"cpu\" and .[\"resolved-at\"] != null)) | length > 0)' >/dev/null" \
    || fail "the CPU alert did not resolve after the load: $(get /health/alerts | jq -c .)"
get /metrics >"$WORK/metrics"
grep -q '^statsbench_alerts_firing{alert="cpu",severity="warning"} 0$' "$WORK/metrics" \
    || fail "/metrics still shows the CPU alert firing"
calls=$(get /health/costs | jq '.totals.calls')
((calls > 0)) || fail "/health/costs shows no model calls after the scenario's load"
grep -q '^statsbench_model_cost_dollars_total{model="sim-model"} ' "$WORK/metrics" || fail "no cost counter on /metrics"
stop
grep -q "CPU usage" "$WORK/err" || fail "the alert changes were not logged"
echo "CPU alert raised and resolved (logged); $calls model calls on /health/costs"
echo "PASS: serve-service"
