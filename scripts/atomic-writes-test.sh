#!/usr/bin/env bash
# Atomic stats files under SIGKILL: starts `statsbench serve --stats-path DIR --stats-interval 10ms` (a file
# every 10 ms), kills it with SIGKILL at a random moment, and checks that every file under a final name
# (statsbench-stats-*.json) is complete JSON — repeated KILLS times (default 25). Each run also saves a
# state file every 20 ms. Temp files a kill leaves behind start with '.', so no reader ever takes them for
# stats files. Then a clean restart (with a hand-made temp file of a dead writer and foreign files added)
# must remove every temp file of a dead writer — stats files' and the state file's — and nothing else.
#
# Needs jq, curl and python3. Uses $STATSBENCH, or .build/release/statsbench (built when missing).
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
mkdir "$WORK/stats" "$WORK/state"

productive=0
checked=0
declare -A seen=()
for kill in $(seq 1 "$KILLS"); do
    "$BIN" serve --port 0 --stats-path "$WORK/stats" --stats-interval 10ms --state-file "$WORK/state/state.json" \
        --save-interval 20ms >"$WORK/out" 2>"$WORK/err" &
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
temps=$(find "$WORK/stats" "$WORK/state" -name '.*.tmp-*' -type f | wc -l)
echo "$KILLS SIGKILLs, $files stats files ($checked parsed as they appeared, all again at the end), $temps temp files left by kills"
((productive * 2 >= KILLS)) || fail "only $productive of $KILLS runs wrote a file before the kill: the test did not test"

# A clean restart removes the temp files of dead writers, and nothing else. A temp file of a writer that is
# surely dead (a PID that has exited) is added, so the check always has something to remove, plus files that
# only look similar and must stay.
sh -c 'exit 0' & DEAD=$!
wait "$DEAD"
touch "$WORK/stats/.statsbench-stats-20250101-000000.json.tmp-$DEAD-1" "$WORK/state/.state.json.tmp-$DEAD-2"
FOREIGN=("$WORK/stats/.other-stats-20250101-000000.json.tmp-$DEAD-1" "$WORK/stats/.statsbench-stats-x.json.tmp-$DEAD-1"
    "$WORK/stats/notes.txt" "$WORK/state/.other.json.tmp-$DEAD-3")
touch "${FOREIGN[@]}"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
"$BIN" serve --port "$port" --stats-path "$WORK/stats" --stats-interval 1h --state-file "$WORK/state/state.json" \
    >"$WORK/out" 2>"$WORK/err" &
PID=$!
for _ in $(seq 1 240); do
    curl -sf --max-time 2 "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
    kill -0 "$PID" 2>/dev/null || fail "the restart exited early: $(cat "$WORK/err")"
    sleep 0.25
done
kill -TERM "$PID"
wait "$PID" || fail "the clean restart did not exit 0: $(cat "$WORK/err")"
PID=
left=$(find "$WORK/stats" "$WORK/state" -name '.*.tmp-*' -type f ! -name '.other*' ! -name '.statsbench-stats-x.json*')
[[ -z $left ]] || fail "temp files of dead writers left after a clean restart: $left"
for file in "${FOREIGN[@]}"; do [[ -e $file ]] || fail "a clean restart removed a file that is not its own: $file"; done
echo "clean restart: $((temps + 2)) temp files of dead writers removed, ${#FOREIGN[@]} look-alike files kept"
echo "PASS: atomic-writes: no partial file was ever visible under a final name after $KILLS SIGKILLs; a restart removed every stale temp file"
