#!/usr/bin/env bash
# Persistence across restarts: `statsbench serve --state-file` with a corrupt file in place must
# move it aside intact and start empty; a run that records model calls and stops on SIGTERM saves the ledger;
# a restart restores it exactly and, stopped again, saves the same totals (no duplication) with the restart
# count one higher.
#
# Needs jq. Uses $STATSBENCH, or .build/release/statsbench (built when missing). Exits 0 on PASS, 1 on FAIL.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "FAIL: persistence-restart: $*"; exit 1; }
command -v jq >/dev/null || fail "'jq' is not installed (apt-get install -y jq)"
BIN=${STATSBENCH:-.build/release/statsbench}
[[ -x $BIN ]] || swift build -c release --product statsbench

WORK=$(mktemp -d)
PID=
cleanup() {
    [[ -n $PID ]] && kill -KILL "$PID" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT
STATE="$WORK/state/ledger.json"
mkdir -p "$WORK/state"
printf '{"schemaVersion": 2, "ledger": [' >"$STATE"
cp "$STATE" "$WORK/garbage"

# serve_until_done ARGS…: starts serve, waits (bounded) for its load to finish or 3 s without one, stops it
# with SIGTERM and waits for a clean exit.
serve_until_done() {
    "$BIN" serve --port 0 --state-file "$STATE" "$@" >"$WORK/out" 2>"$WORK/err" &
    PID=$!
    local deadline=$((SECONDS + 120))
    if [[ " $* " == *" --scenario "* ]]; then
        until grep -q "runs-completed.*1\|^done$" "$WORK/probe" 2>/dev/null; do
            ((SECONDS < deadline)) || fail "the load did not finish within 120 s"
            sleep 0.5
            url=$(sed -n 's/^listening on //p' "$WORK/out")
            [[ -n $url ]] && curl -sf --max-time 5 "$url/health" | jq -c '.load' >"$WORK/probe" 2>/dev/null || true
        done
    else
        sleep 3
    fi
    kill -TERM "$PID"
    timeout 60 tail --pid="$PID" -f /dev/null || fail "serve did not stop within 60 s of SIGTERM"
    wait "$PID" || fail "serve exited with status $? after SIGTERM (stderr: $(tail -3 "$WORK/err"))"
    PID=
}

serve_until_done --scenario scenarios/smoke.yaml --runs 1 --speed 4
moved=$(ls "$WORK/state" | grep -c '^ledger.json.corrupt-' || true)
[[ $moved == 1 ]] || fail "the corrupt state file was not moved aside (files: $(ls "$WORK/state"))"
cmp -s "$WORK/garbage" "$WORK/state"/ledger.json.corrupt-* || fail "the moved-aside file is not the original"
first=$(jq -c '[.restartCount, (.ledger.models | map(.figures.calls, .figures.actualCost))]' "$STATE")
calls=$(jq '[.ledger.models[].figures.calls] | add' "$STATE")
((calls > 0)) || fail "the first run saved no model calls"

rm -f "$WORK/probe"
serve_until_done
grep -q "state: restored" "$WORK/err" || fail "the restart did not restore the state (stderr: $(tail -3 "$WORK/err"))"
second=$(jq -c '[.restartCount, (.ledger.models | map(.figures.calls, .figures.actualCost))]' "$STATE")
[[ $(jq '.[0]' <<<"$second") == $(($(jq '.[0]' <<<"$first") + 1)) ]] || fail "restart count $first -> $second"
[[ "$(jq -c '.[1]' <<<"$first")" == "$(jq -c '.[1]' <<<"$second")" ]] \
    || fail "totals changed across a restart without load: $first -> $second"
echo "state after run: $first; after restart: $second ($calls model calls)"
echo "PASS: persistence-restart: corrupt file moved aside intact; totals restored exactly, none duplicated"
