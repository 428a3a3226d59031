#!/usr/bin/env bash
# The fleet test: three `statsbench serve` instances under different scenario loads, scraped by a real Prometheus
# (Debian's 2.42) with --enable-feature=native-histograms, i.e. over the protobuf exposition. The fleet's
# p50 / p99 / p99.9 from
#
#     histogram_quantile(q, sum(rate(statsbench_request_latency_seconds[1m])))
#
# over the native histograms (schema 6, 64 buckets per octave) must be within 0.55 % of the exact quantile of the
# same latencies: the instances' full-resolution histograms (/health/performance/histogram) merged, minus what
# each series held at its first scrape (rate() counts from the window's first sample; scripts/fleet_quantiles.py).
# A second Prometheus without the feature flag scrapes the text format (classic `le` buckets, 4 per octave); its
# answer to the same query over `_bucket` is printed beside, for comparison (not asserted: about 19 % by design).
#
# Loopback only, kernel-picked ports, everything bounded: about a minute and a half in all (the [1m] window is
# evaluated once it covers every instance's first and last scrape).
# Needs prometheus, promtool (Debian: apt-get install prometheus), curl, jq and python3; installs nothing.
# Uses $STATSBENCH, or .build/release/statsbench (built when missing). Exits 0 on PASS, 1 on FAIL.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "FAIL: fleet-test: $*"; exit 1; }
for tool in prometheus promtool curl jq python3; do
    command -v "$tool" >/dev/null || fail "'$tool' is not installed (CI installs it: apt-get install -y prometheus curl jq)"
done
source scripts/lib/serve-harness.sh  # BIN, WORK, PIDS (cleaned up on exit), wait_for, get, free_port
LOAD_SECONDS=${FLEET_LOAD_SECONDS:-12}

# Three loads from the shipped scenarios, each shortened and at a rate two shared cores sustain beside the rest:
# lognormal, Pareto and constant methods (smoke), lognormal and exponential (steady), bursts of arrivals and
# client churn (churn).
shorten() { sed -E -e "s/^(duration|events): .*/duration: ${LOAD_SECONDS}s/" -e "s/^arrival: .*/arrival: $2/" "scenarios/$1.yaml"; }
shorten smoke '{poisson: 5k\/s}' >"$WORK/load-a.yaml"
shorten steady '{poisson: 5k\/s}' >"$WORK/load-b.yaml"
shorten churn '{burst: {rate: 3k\/s, burst-rate: 15k\/s, period: 4s, length: 500ms}}' >"$WORK/load-c.yaml"
NAMES=(a b c)
PORTS=()
for name in "${NAMES[@]}"; do PORTS+=("$(free_port)"); done
TARGETS=$(printf "'127.0.0.1:%s'," "${PORTS[@]}")

# Two Prometheus servers, started first so that they scrape the instances from their first second on: one with
# native histograms (protobuf), one without (text).
NATIVE_PORT=$(free_port)
CLASSIC_PORT=$(free_port)
start_prometheus native "$NATIVE_PORT" "${TARGETS%,}" --enable-feature=native-histograms
start_prometheus classic "$CLASSIC_PORT" "${TARGETS%,}"
NATIVE=http://127.0.0.1:$NATIVE_PORT
CLASSIC=http://127.0.0.1:$CLASSIC_PORT
wait_for 60 "Prometheus (native) on $NATIVE" get "$NATIVE/-/ready"
wait_for 60 "Prometheus (classic) on $CLASSIC" get "$CLASSIC/-/ready"

URLS=()
for i in 0 1 2; do
    "$BIN" serve --port "${PORTS[$i]}" --scenario "$WORK/load-${NAMES[$i]}.yaml" --runs 1 \
        >"$WORK/serve-${NAMES[$i]}.out" 2>"$WORK/serve-${NAMES[$i]}.err" &
    PIDS+=($!)
    URLS+=("http://127.0.0.1:${PORTS[$i]}")
done
for url in "${URLS[@]}"; do wait_for 60 "$url to answer" get "$url/health"; done
echo "instances: ${URLS[*]}; Prometheus native $NATIVE, classic $CLASSIC"

# The protobuf exposition is what the native Prometheus gets: check the negotiation on one instance.
TYPE=$(curl -sf --max-time 5 -o /dev/null -w '%{content_type}' -H \
    'Accept: application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.7,text/plain;version=0.0.4;q=0.3' \
    "${URLS[0]}/metrics") || fail "GET /metrics with a protobuf Accept failed"
[[ $TYPE == application/vnd.google.protobuf* ]] || fail "/metrics answered '$TYPE' to a protobuf Accept"

for url in "${URLS[@]}"; do
    wait_for $((LOAD_SECONDS + 90)) "the load of $url to finish" \
        sh -c "curl -sf --max-time 5 '$url/health' | jq -e '.load.running == false and .load[\"runs-completed\"] == 1'"
done
for i in 0 1 2; do get "${URLS[$i]}/health/performance/histogram" >"$WORK/histogram-$i.json" || fail "GET histogram of ${URLS[$i]}"; done
TOTAL=$(jq -s 'map(.count) | add' "$WORK"/histogram-*.json)
((TOTAL > 0)) || fail "the instances recorded no latency"

query() { # query PROMETHEUS EXPR [TIME]: the first result's value, or empty
    get --data-urlencode "query=$2" ${3:+--data-urlencode "time=$3"} "$1/api/v1/query" | jq -r '.data.result[0].value[1] // empty'
}
# Both Prometheus servers have every instance's final figures.
wait_for 30 "the native Prometheus to scrape the final counts ($TOTAL)" \
    sh -c "[ \"\$(curl -sf --max-time 5 --data-urlencode 'query=sum(histogram_count(statsbench_request_latency_seconds))' '$NATIVE/api/v1/query' | jq -r '.data.result[0].value[1]')\" = '$TOTAL' ]"
wait_for 30 "the classic Prometheus to scrape the final counts ($TOTAL)" \
    sh -c "[ \"\$(curl -sf --max-time 5 --data-urlencode 'query=sum(statsbench_request_latency_seconds_count)' '$CLASSIC/api/v1/query' | jq -r '.data.result[0].value[1]')\" = '$TOTAL' ]"
NOW=$(date +%s)

# The [1m] window: from just before the latest series' first scrape, so that every series is scraped through the
# whole window. Then each series' first and last samples in it are 59 s apart, rate() extrapolates every series by
# the same factor 60/59, and the sum weighs each instance's latencies alike (a series starting inside the window
# would be extrapolated by its own factor and skew the mix). What each series held at its first sample in the
# window is subtracted from the exact figures; the window must end after the loads (checked below).
get --data-urlencode "query=statsbench_request_latency_seconds[5m]" --data-urlencode "time=$NOW" \
    "$NATIVE/api/v1/query" >"$WORK/native-samples.json" || fail "range query of the native histograms failed"
FIRST=$(jq '[.data.result[].histograms[0][0]] | max' "$WORK/native-samples.json")
[[ $FIRST != null ]] || fail "the native Prometheus holds no native-histogram sample (was protobuf scraped?)"
CLASSIC_FIRST=$(get --data-urlencode "query=statsbench_request_latency_seconds_count[5m]" --data-urlencode "time=$NOW" \
    "$CLASSIC/api/v1/query" | jq '[.data.result[].values[0][0]] | max')
START=$(jq -n "$FIRST - 0.5")
AT=$(jq -n "$START + 60")
CLASSIC_AT=$(jq -n "$CLASSIC_FIRST + 59.5")
LAST=$(jq -n "[$AT, $CLASSIC_AT] | max | ceil")
while (($(date +%s) <= LAST)); do sleep 1; done
[[ $(query "$NATIVE" 'sum(histogram_count(statsbench_request_latency_seconds))' "$AT") == "$TOTAL" ]] \
    || fail "at $AT the native Prometheus does not have the final counts yet: the load outlasted the [1m] window"

get --data-urlencode "query=statsbench_request_latency_seconds[5m]" --data-urlencode "time=$AT" \
    "$NATIVE/api/v1/query" >"$WORK/native-samples.json" || fail "range query of the native histograms failed"
python3 scripts/fleet_quantiles.py "$WORK/native-samples.json" "$START" "$WORK"/histogram-*.json -- 0.5 0.99 0.999 \
    >"$WORK/exact.txt" || fail "could not compute the exact quantiles"
verdict=0
while read -r q exact lower upper count; do
    native=$(query "$NATIVE" "histogram_quantile($q, sum(rate(statsbench_request_latency_seconds[1m])))" "$AT")
    classic=$(query "$CLASSIC" "histogram_quantile($q, sum by (le) (rate(statsbench_request_latency_seconds_bucket[1m])))" "$CLASSIC_AT")
    [[ -n $native && -n $classic ]] || fail "Prometheus returned no histogram_quantile for q=$q (native '$native', classic '$classic')"
    read -r ok native_error classic_error <<<"$(jq -n -r --argjson e "$exact" --argjson n "$native" --argjson c "$classic" '
        ((($n - $e) | fabs) / $e) as $ne | ((($c - $e) | fabs) / $e) as $ce
        | "\(if $ne <= 0.0055 then 1 else 0 end) \($ne * 100) \($ce * 100)"')"
    printf 'q=%-5s over %s requests: exact %.6gs (bucket (%.6g, %.6g]); native %.6gs, error %.3f %%; classic %.6gs, error %.2f %%\n' \
        "$q" "$count" "$exact" "$lower" "$upper" "$native" "$native_error" "$classic" "$classic_error"
    ((ok == 1)) || { echo "  native error above 0.55 %"; verdict=1; }
done <"$WORK/exact.txt"
((verdict == 0)) || fail "a native-histogram quantile is more than 0.55 % off the exact one"
echo "PASS: fleet-test: 3 instances, native-histogram p50/p99/p99.9 within 0.55 % of the exact quantiles"
