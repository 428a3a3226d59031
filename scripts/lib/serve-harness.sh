# Shared by the scripts that start `statsbench serve` instances and Prometheus-side servers on loopback
# (prometheus-integration.sh, fleet-test.sh, pushgateway-test.sh). Source it after defining `fail MESSAGE`.
#
# Sets BIN (the tool: $STATSBENCH, or .build/release/statsbench, built when missing), WORK (a temp directory)
# and PIDS (append every started process: on exit each gets SIGTERM, then SIGKILL after 15 s, and WORK is
# removed). Defines wait_for, get and free_port.

BIN=${STATSBENCH:-.build/release/statsbench}
if [[ ! -x $BIN ]]; then
    echo "== building $BIN"
    swift build -c release --product statsbench
fi

WORK=$(mktemp -d)
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do timeout 15 tail --pid="$pid" -f /dev/null 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT

# wait_for SECONDS DESCRIPTION COMMAND…: retries COMMAND every 0.25 s until it succeeds, or fails the run.
wait_for() {
    local seconds=$1 what=$2
    shift 2
    local deadline=$((SECONDS + seconds))
    until "$@" >/dev/null 2>&1; do
        ((SECONDS < deadline)) || fail "timed out after ${seconds}s waiting for $what"
        sleep 0.25
    done
}
# get URL…: the body, failing on an HTTP error or after 5 s.
get() { curl -sf --max-time 5 "$@"; }
# free_port: a loopback port the kernel says is free now.
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

# start_prometheus NAME PORT TARGETS [prometheus flags…]: writes $WORK/prometheus-NAME.yml scraping TARGETS (a
# YAML list body of quoted host:port, e.g. "'127.0.0.1:8080','127.0.0.1:8081'") every second, checks it with
# promtool, and starts Prometheus on 127.0.0.1:PORT (data in $WORK/data-NAME, log in $WORK/prometheus-NAME.log).
start_prometheus() {
    local name=$1 port=$2 targets=$3
    shift 3
    cat >"$WORK/prometheus-$name.yml" <<YAML
global:
  scrape_interval: 1s
  scrape_timeout: 1s
scrape_configs:
  - job_name: statsbench
    static_configs:
      - targets: [$targets]
YAML
    promtool check config "$WORK/prometheus-$name.yml" >/dev/null || fail "promtool rejected prometheus-$name.yml"
    prometheus --config.file="$WORK/prometheus-$name.yml" --storage.tsdb.path="$WORK/data-$name" \
        --web.listen-address="127.0.0.1:$port" "$@" >"$WORK/prometheus-$name.log" 2>&1 &
    PIDS+=($!)
}
