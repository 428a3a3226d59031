#!/usr/bin/env bash
# Checks docs/prometheus/: `promtool check rules` on the recording and alerting rules, `promtool test rules` on
# their unit tests, and the Grafana dashboard: it parses as JSON, and every metric name its queries use is a
# family the exporter emits (grepped from the Prometheus renderer's sources) or a recording rule defined in
# recording-rules.yml (or Prometheus's own ALERTS).
#
# Needs promtool (Debian: apt-get install prometheus) and jq. Exits 0 on PASS, 1 on FAIL. Takes a second or two.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "FAIL: check-prometheus-rules: $*"; exit 1; }
for tool in promtool jq; do command -v "$tool" >/dev/null || fail "'$tool' is not installed"; done
DIR=docs/prometheus

promtool check rules "$DIR/recording-rules.yml" "$DIR/alerting-rules.yml" || fail "promtool check rules"
(cd "$DIR" && promtool test rules rules-test.yml) || fail "promtool test rules"

jq -e '.panels | length > 0' "$DIR/grafana-dashboard.json" >/dev/null || fail "$DIR/grafana-dashboard.json does not parse"

# What the exporter emits: every family the renderer names (`qualified("…")` and the server's counter/gauge
# helpers get the statsbench_ prefix), with the sample names of histogram families (_bucket, _sum, _count).
EMITTED=$(
    {
        grep -ho 'qualified("[a-z0-9_]*")' Sources/StatsExport/Prometheus/*.swift | sed 's/qualified("\(.*\)")/\1/'
        grep -hoE '(counter|gauge)\(\s*"[a-z0-9_]*"' Sources/StatsExport/Prometheus/*.swift | sed -E 's/.*"(.*)"/\1/'
        grep -hoE '^\s*"[a-z0-9_]*", "[A-Z]' Sources/StatsExport/Prometheus/PrometheusRenderer+Server.swift \
            | sed -E 's/^\s*"([a-z0-9_]*)".*/\1/'
    } | sort -u | sed 's/^/statsbench_/'
)
EMITTED=$(printf '%s\n' "$EMITTED" | sed -E 'p; s/$/_bucket/; p; s/_bucket$/_sum/; p; s/_sum$/_count/' | sort -u)
RECORDED=$(grep -oE 'record: [a-zA-Z0-9_:]+' "$DIR/recording-rules.yml" | sed 's/record: //' | sort -u)
grep -q '^statsbench_request_latency_seconds$' <<<"$EMITTED" || fail "could not read the renderer's family names"

# Metric names in the dashboard's queries: identifiers followed by `{`, `[`, `)` or the end, that are not
# PromQL functions, aggregations, keywords or label names (inside by (…) / {…}).
QUERIES=$(jq -r '.panels[].targets[].expr' "$DIR/grafana-dashboard.json")
NAMES=$(sed -E 's/\{[^}]*\}/ /g; s/\[[^]]*\]/ /g; s/(by|without) \([^)]*\)/ /g' <<<"$QUERIES" \
    | grep -oE '[a-zA-Z_:][a-zA-Z0-9_:]*' | sort -u \
    | grep -vxE 'sum|rate|irate|increase|histogram_quantile|avg|max|min|count|by|without|and|or|unless|on|ignoring|topk|bottomk|clamp_min|clamp_max|abs|round' \
    || true)
[[ -n $NAMES ]] || fail "found no metric names in the dashboard's queries"
bad=0
for name in $NAMES; do
    if grep -qxF "$name" <<<"$EMITTED" || grep -qxF "$name" <<<"$RECORDED" || [[ $name == ALERTS ]]; then
        continue
    fi
    echo "dashboard query uses '$name', which neither the exporter emits nor recording-rules.yml records"
    bad=1
done
# And every recording rule reads only emitted series.
RULE_NAMES=$(grep -vE '^\s*(#|- record:)' "$DIR/recording-rules.yml" | grep -oE '(^|[^:a-z_])statsbench_[a-z0-9_]+' \
    | grep -oE 'statsbench_[a-z0-9_]+' | sort -u)
for name in $RULE_NAMES; do
    grep -qxF "$name" <<<"$EMITTED" || { echo "recording-rules.yml reads '$name', which the exporter does not emit"; bad=1; }
done
((bad == 0)) || fail "unknown metric names (above)"
echo "PASS: check-prometheus-rules: rules valid and unit-tested; dashboard parses and uses $(wc -w <<<"$NAMES") known names"
