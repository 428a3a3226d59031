#!/usr/bin/env bash
# Atomic stats files under SIGKILL: starts `statsbench serve --stats-path DIR --stats-interval 10ms` (a file
# every 10 ms), kills it with SIGKILL at a random moment, and checks that every file under a final name
# (statsbench-stats-*.json) is complete JSON — repeated KILLS times (default 25). Temp files a kill leaves
# behind start with '.', so no reader ever takes them for stats files; they are counted, not failed.
#
# Needs jq. Uses $STATSBENCH, or .build/release/statsbench (built when missing).
# Exits 0 on PASS, 1 on FAIL.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "FAIL: atomic-writes: $*"; exit 1; }
command -v jq >/dev/null || fail "'jq' is not installed (apt-get install -y jq)"
BIN=${STATSBENCH:-.build/release/statsbench}
if [[ ! -x $BIN ]]; then
    echo "== building $BIN"
    swift build -c release --product statsbench
fi
KILLS=${KILLS:-25}

WORK=$(mktemp -d)
PID=
cleanup() {
    [[ -n $PID ]] && kill -KILL "$PID" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT
mkdir "$WORK/stats"

productive=0
checked=0
declare -A seen=()
for kill in $(seq 1 "$KILLS"); do
    "$BIN" serve --port 0 --stats-path "$WORK/stats" --stats-interval 10ms >"$WORK/out" 2>"$WORK/err" &
    PID=$!
    # A random 150–650 ms of life (start-up, then a file every 10 ms) before the kill. The test does not wait
    # for the address line: it is about files, and a kill during start-up is one more random point.
    sleep "0.$(printf '%03d' $((150 + RANDOM % 500)))"
    kill -KILL "$PID"
    wait "$PID" 2>/dev/null || true
    PID=
    # Every file that appeared under a final name since the last kill must be complete JSON (files never
    # change once named; the final pass below parses them all again).
    fresh=()
    while IFS= read -r -d '' file; do
        [[ -n ${seen[$file]:-} ]] && continue
        seen[$file]=1
        fresh+=("$file")
    done < <(find "$WORK/stats" -name 'statsbench-stats-*.json' -print0)
    if ((${#fresh[@]} > 0)); then
        productive=$((productive + 1))
        if ! jq empty "${fresh[@]}" >/dev/null 2>&1; then
            for file in "${fresh[@]}"; do
                jq empty "$file" >/dev/null 2>&1 || fail "kill $kill: $(basename "$file") is under a final name but is not complete JSON"
            done
        fi
        checked=$((checked + ${#fresh[@]}))
    fi
    echo "kill $kill: ${#fresh[@]} new files, all complete JSON"
done
find "$WORK/stats" -name 'statsbench-stats-*.json' -print0 | xargs -0 -r jq empty >/dev/null 2>&1 \
    || fail "a stats file under a final name is not complete JSON (final pass)"
files=$(find "$WORK/stats" -name 'statsbench-stats-*.json' | wc -l)
temps=$(find "$WORK/stats" -name '.*' -type f | wc -l)
echo "$KILLS SIGKILLs, $files stats files ($checked parsed as they appeared, all again at the end), $temps temp files left by kills"
((productive * 2 >= KILLS)) || fail "only $productive of $KILLS runs wrote a file before the kill: the test did not test"
echo "PASS: atomic-writes: no partial file was ever visible under a final name after $KILLS SIGKILLs"
