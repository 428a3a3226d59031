#!/usr/bin/env bash
# Pushgateway: `statsbench run --push` sends each scenario's headline figures to a real Pushgateway (Debian's
# prometheus-pushgateway) scraped by a real Prometheus, and the pushed values come back through PromQL with the
# labels scenario, revision, machine and the user's --label. Then the bad cases: a Pushgateway that is down and
# one that answers 4xx are reported, the local results are still written, and only --push-required makes the
# run exit non-zero for it (3).
#
# Loopback only, kernel-picked ports, the smoke scenario at a tenth of its length: well under a minute.
# Needs prometheus-pushgateway, prometheus (Debian packages of those names), curl, jq and python3.
# Uses $STATSBENCH, or .build/release/statsbench (built when missing). Exits 0 on PASS, 1 on FAIL.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "FAIL: pushgateway-test: $*"; exit 1; }
for tool in prometheus-pushgateway prometheus curl jq python3; do
    command -v "$tool" >/dev/null \
        || fail "'$tool' is not installed (CI installs it: apt-get install -y prometheus prometheus-pushgateway curl jq)"
done
source scripts/lib/serve-harness.sh  # BIN, WORK, PIDS (cleaned up on exit), wait_for, get, free_port

GATEWAY_PORT=$(free_port)
PROM_PORT=$(free_port)
prometheus-pushgateway --web.listen-address="127.0.0.1:$GATEWAY_PORT" --persistence.file="$WORK/pushgateway.data" >"$WORK/pushgateway.log" 2>&1 &
PIDS+=($!)
GATEWAY=http://127.0.0.1:$GATEWAY_PORT
cat >"$WORK/prometheus.yml" <<YAML
global:
  scrape_interval: 1s
  scrape_timeout: 1s
scrape_configs:
  - job_name: pushgateway
    honor_labels: true
    static_configs:
      - targets: ['127.0.0.1:$GATEWAY_PORT']
YAML
prometheus --config.file="$WORK/prometheus.yml" --storage.tsdb.path="$WORK/data" \
    --web.listen-address="127.0.0.1:$PROM_PORT" >"$WORK/prometheus.log" 2>&1 &
PIDS+=($!)
PROM=http://127.0.0.1:$PROM_PORT
wait_for 30 "the Pushgateway on $GATEWAY" get "$GATEWAY/-/ready"
wait_for 60 "Prometheus on $PROM" get "$PROM/-/ready"

# run SUFFIX ARGS…: statsbench run on the smoke scenario into $WORK/out-SUFFIX; sets RC.
run() {
    local suffix=$1
    shift
    set +e
    "$BIN" run scenarios/smoke.yaml --scale 0.1 --pairs 2 --quiet --output "$WORK/out-$suffix" "$@" \
        >"$WORK/run-$suffix.out" 2>"$WORK/run-$suffix.err"
    RC=$?
    set -e
}
RESULT_OF() { echo "$WORK/out-$1/smoke/result.json"; }

# 1. A push that works: the figures come back through PromQL with their labels.
run ok --push "$GATEWAY" --job ci-fleet --label branch=main --label pipeline=nightly/42
((RC == 0 || RC == 1)) || { cat "$WORK/run-ok.err"; fail "run --push exited $RC"; }
RESULT=$(RESULT_OF ok)
[[ -s $RESULT ]] || fail "run --push wrote no result.json"
grep -q '^error: push' "$WORK/run-ok.err" && { cat "$WORK/run-ok.err"; fail "the push to a working Pushgateway failed"; }
PASSED=$(jq -r 'if .passed then 1 else 0 end' "$RESULT")
EVENTS=$(jq -r '.generator.events' "$RESULT")
OVERHEAD=$(jq -r '.overhead.sinks[] | select(.sink == "statsbench") | .meanNanoseconds * 1e-9' "$RESULT")
REVISION=$(jq -r '.environment.gitRevision // "unknown"' "$RESULT")
MACHINE=$(jq -r '.environment.machine.hostname' "$RESULT")
SELECTOR="job=\"ci-fleet\",scenario=\"smoke\",branch=\"main\",pipeline=\"nightly/42\",revision=\"$REVISION\",machine=\"$MACHINE\""
value() { get --data-urlencode "query=$1" "$PROM/api/v1/query" | jq -r '.data.result[0].value[1] // empty'; }
wait_for 30 "Prometheus to scrape the pushed figures" \
    sh -c "curl -sf --max-time 5 --data-urlencode 'query=statsbench_run_passed{$SELECTOR}' '$PROM/api/v1/query' | jq -e '.data.result | length == 1'"
[[ $(value "statsbench_run_passed{$SELECTOR}") == "$PASSED" ]] || fail "statsbench_run_passed is not $PASSED"
[[ $(value "statsbench_run_events{$SELECTOR}") == "$EVENTS" ]] || fail "statsbench_run_events is not $EVENTS"
if [[ -n $OVERHEAD ]]; then
    GOT=$(value "statsbench_run_overhead_seconds_per_event{$SELECTOR,sink=\"statsbench\"}")
    jq -n -e --argjson a "${GOT:-null}" --argjson b "$OVERHEAD" '$a != null and (($a - $b) | fabs) <= 1e-12 * ($b | fabs) + 1e-21' >/dev/null \
        || fail "statsbench_run_overhead_seconds_per_event is '$GOT', result.json has $OVERHEAD"
fi
echo "pushed and read back through PromQL: passed=$PASSED events=$EVENTS overhead/event=${OVERHEAD:-—}s (revision $REVISION, machine $MACHINE)"

# 2. A Pushgateway that is down: reported, results written, exit status untouched.
DOWN=http://127.0.0.1:$(free_port)
run down --push "$DOWN"
((RC == 0 || RC == 1)) || fail "a Pushgateway that is down changed the exit status to $RC without --push-required"
grep -q "^error: push of smoke failed (results kept)" "$WORK/run-down.err" || fail "the failed push was not reported"
[[ -s $(RESULT_OF down) ]] || fail "the results were lost when the push failed"
DOWN_RC=$RC
run down-required --push "$DOWN" --push-required
# 3 when the run itself passed (exit 0 without the flag); a failing run keeps its own non-zero status.
if ((DOWN_RC == 0)); then
    ((RC == 3)) || fail "--push-required with the Pushgateway down exited $RC, not 3"
else
    ((RC != 0)) || fail "--push-required with the Pushgateway down exited 0"
fi
[[ -s $(RESULT_OF down-required) ]] || fail "the results were lost when the required push failed"
echo "Pushgateway down: reported ($(grep -m1 '^error: push' "$WORK/run-down.err" | cut -c1-120)…); --push-required exit $RC"

# 3. A Pushgateway answering 4xx (a path it does not serve): reported with the status.
run notfound --push "$GATEWAY/no/such/prefix"
grep -q "HTTP 4[0-9][0-9]" "$WORK/run-notfound.err" || { cat "$WORK/run-notfound.err"; fail "a 4xx answer was not reported with its status"; }
[[ -s $(RESULT_OF notfound) ]] || fail "the results were lost when the Pushgateway answered 4xx"
((RC == 0 || RC == 1)) || fail "a 4xx answer changed the exit status to $RC without --push-required"

# 4. Bad flags are refused before running.
set +e
"$BIN" run scenarios/smoke.yaml --push "$GATEWAY" --label 'bad-name=x' >/dev/null 2>"$WORK/bad.err"
BAD=$?
"$BIN" run scenarios/smoke.yaml --label a=b >/dev/null 2>"$WORK/bad2.err"
BAD2=$?
set -e
((BAD != 0)) && grep -q "bad-name" "$WORK/bad.err" || fail "an invalid --label name was not refused"
((BAD2 != 0)) && grep -q -- "--push" "$WORK/bad2.err" || fail "--label without --push was not refused"
echo "PASS: pushgateway-test: figures pushed and read back through PromQL; down and 4xx reported, results kept"
