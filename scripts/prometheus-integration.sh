#!/usr/bin/env bash
# Prometheus integration: two `statsbench serve` instances with a simulated load, scraped by a real Prometheus.
#
#   1. `promtool check metrics` must accept each instance's /metrics page;
#   2. Prometheus's histogram_quantile(0.99, …) over both instances' all-time latency histogram must agree with
#      the exact p99 of everything both instances recorded (their full-resolution histograms, merged bucket by
#      bucket), within the exported buckets' error bound;
#   3. with hostile swift-metrics names registered (STATSBENCH_DEMO_HOSTILE_METRICS=1: clashing label names,
#      series equal after sanitizing, one name for several kinds, names Prometheus does not accept as given),
#      both targets stay `up` and the merged, renamed and counted samples are in Prometheus.
#
# Why the all-time family (statsbench_request_latency_seconds) and not the window one: the window histogram's
# counts fall as slots expire, and its `le` set covers only occupied buckets, so `sum by (le)` across instances
# is not meaningful. The all-time family only grows and has one fixed `le` set (4 boundaries per octave), so
# `histogram_quantile(q, sum by (le) (…_bucket))` is exact up to interpolation inside one bucket: at most
# 2^(1/4) − 1 ≈ 18.9 % (plus the 0.55 % of the full-resolution histogram). The loads have finished when
# Prometheus is asked, so raw cumulative buckets are used (a live dashboard would take rate(…[5m]) first).
#
# Needs prometheus, promtool (Debian: apt-get install prometheus), curl and jq; installs nothing.
# Uses $STATSBENCH, or .build/release/statsbench (built when missing). Exits 0 on PASS, 1 on FAIL.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "FAIL: prometheus-integration: $*"; exit 1; }

for tool in prometheus promtool curl jq; do
    command -v "$tool" >/dev/null || fail "'$tool' is not installed (CI installs it: apt-get install -y prometheus curl jq)"
done
source scripts/lib/serve-harness.sh  # BIN, WORK, PIDS (cleaned up on exit), wait_for, get, free_port

# Two instances, two seeds: different data, so the merge matters.
sed 's/^seed: .*/seed: 1/' scenarios/smoke.yaml >"$WORK/load-a.yaml"
sed 's/^seed: .*/seed: 2/' scenarios/smoke.yaml >"$WORK/load-b.yaml"
URLS=()
# A free loopback port per instance (asked of the kernel), then wait until /health answers: this does not
# depend on reading the "listening on" line.
for name in a b; do
    port=$(free_port)
    STATSBENCH_DEMO_HOSTILE_METRICS=1 "$BIN" serve --port "$port" --scenario "$WORK/load-$name.yaml" --runs 1 \
        >"$WORK/serve-$name.out" 2>"$WORK/serve-$name.err" &
    PIDS+=($!)
    wait_for 60 "instance $name to answer on port $port" get "http://127.0.0.1:$port/health"
    URLS+=("http://127.0.0.1:$port")
done
echo "instances: ${URLS[*]}"

for url in "${URLS[@]}"; do
    wait_for 120 "the load of $url to finish" sh -c "curl -sf --max-time 5 '$url/health' | jq -e '.load.running == false and .load[\"runs-completed\"] == 1'"
    get "$url/metrics" >"$WORK/metrics.txt" || fail "GET $url/metrics failed"
    promtool check metrics <"$WORK/metrics.txt" || fail "promtool check metrics rejected $url/metrics"
    echo "promtool check metrics: $url/metrics ok ($(wc -l <"$WORK/metrics.txt") lines)"
done

# Prometheus on a free loopback port, scraping both every second.
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
PROM_PORT=
for _ in $(seq 1 50); do
    candidate=$((20000 + RANDOM % 40000))
    if port_free "$candidate"; then PROM_PORT=$candidate; break; fi
done
[[ -n $PROM_PORT ]] || fail "found no free loopback port for Prometheus"
TARGETS=$(printf "'%s'," "${URLS[@]#http://}")
start_prometheus main "$PROM_PORT" "${TARGETS%,}"
PROM=http://127.0.0.1:$PROM_PORT
wait_for 60 "Prometheus to answer on $PROM" get "$PROM/-/ready"
wait_for 60 "both targets to be up" sh -c "curl -sf --max-time 5 '$PROM/api/v1/targets' | jq -e '[.data.activeTargets[] | select(.health == \"up\")] | length == 2'"

query() { get --data-urlencode "query=$1" "$PROM/api/v1/query" | jq -r '.data.result[0].value[1] // empty'; }

# The hostile swift-metrics names (ServeHostileMetrics.swift) made it into Prometheus, per instance: the three
# counters equal after sanitizing summed (1 + 2 + 4), the user's `le` renamed, a leading digit prefixed, and the
# left-out series counted.
for check in 'sum(server_cost_total) == 14' 'sum(demo_latency_seconds_count{exported_le="user"}) == 2' \
    'sum(_9lives_total) == 2' 'sum(demo_dims_total{a_b="1",exported_a_b="2"}) == 2' \
    'min(statsbench_metrics_dropped_series) >= 3' 'count(up{job="statsbench"} == 1) == 2'; do
    wait_for 30 "Prometheus to have $check" sh -c "curl -sf --max-time 5 --data-urlencode 'query=$check' '$PROM/api/v1/query' | jq -e '.data.result | length == 1'"
done
echo "hostile swift-metrics names: both targets up, merged/renamed samples present in Prometheus"

# The exact figures: every value both instances recorded, merged bucket by bucket at full resolution.
for i in 0 1; do get "${URLS[$i]}/health/performance/histogram" >"$WORK/histogram-$i.json" || fail "GET histogram of ${URLS[$i]}"; done
EXACT=$(jq -s -r -f /dev/stdin "$WORK/histogram-0.json" "$WORK/histogram-1.json" <<'JQ'
  def nearest_rank(q; n): (q * n) as $e | ($e | round) as $r
    | (if (($e - $r) | fabs) <= 1e-9 * $e then $r else ($e | ceil) end) | [[., 1] | max, n] | min;
  (map(.count) | add) as $n
  | (map(.["negative-count"] + .["zero-count"] + .["underflow-count"]) | add) as $below
  | (map(.minimum) | min) as $min | (map(.maximum) | max) as $max
  | nearest_rank(0.99; $n) as $rank
  | [map(.buckets[]) | group_by(.index)[] | {l: .[0]["lower-bound"], u: .[0]["upper-bound"], c: (map(.count) | add)}]
  | sort_by(.l)
  | reduce .[] as $b ({seen: $below, hit: null};
      if .hit == null and .seen + $b.c >= $rank then .hit = $b else . end | .seen += $b.c)
  | .hit as $b
  | (if $rank == $n then $max elif $rank == 1 then $min
     else (2 * $b.l * $b.u / ($b.l + $b.u)) | [[., $min] | max, $max] | min end) as $p99
  | "\($n) \($p99) \($b.l) \($b.u)"
JQ
) || fail "could not merge the instances' histograms"
read -r EXACT_COUNT EXACT_P99 FINE_LOWER FINE_UPPER <<<"$EXACT"

# Prometheus has both instances' final figures once its sum of counts equals theirs.
wait_for 60 "Prometheus to scrape the final counts ($EXACT_COUNT)" \
    sh -c "[ \"\$(curl -sf --max-time 5 --data-urlencode 'query=sum(statsbench_request_latency_seconds_count)' '$PROM/api/v1/query' | jq -r '.data.result[0].value[1]')\" = '$EXACT_COUNT' ]"
PROM_P99=$(query 'histogram_quantile(0.99, sum by (le) (statsbench_request_latency_seconds_bucket))')
[[ -n $PROM_P99 ]] || fail "Prometheus returned no histogram_quantile"

RESULT=$(jq -n -r --argjson exact "$EXACT_P99" --argjson prom "$PROM_P99" --argjson lower "$FINE_LOWER" '
  (pow(2; 0.25) - 1 + 0.0055) as $bound
  | ((($prom - $exact) | fabs) / $exact) as $error
  | "\(if $error <= $bound then "PASS" else "FAIL" end) \($error) \($bound)"')
read -r VERDICT ERROR BOUND <<<"$RESULT"
echo "p99 over ${EXACT_COUNT} requests of 2 instances: exact ${EXACT_P99}s (full-resolution bucket (${FINE_LOWER}, ${FINE_UPPER}]), Prometheus histogram_quantile ${PROM_P99}s, relative difference ${ERROR} (bound ${BOUND})"
[[ $VERDICT == PASS ]] || fail "Prometheus's p99 ${PROM_P99}s is off the exact ${EXACT_P99}s by ${ERROR} > ${BOUND}"
echo "PASS: prometheus-integration: promtool accepted both /metrics pages (hostile swift-metrics names included); p99 matches within the bucket bound"
