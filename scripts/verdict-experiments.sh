#!/usr/bin/env bash
# The experiments behind `statsbench compare`'s verdicts (docs/comparing-runs.md):
#   A/A          the same build against itself, smoke and steady: ≥ 95 % of timed figures `no change`,
#                no exact figure ever `slower`
#   injected     the calibrated sink at 200 ns against 260 ns (+30 %): `slower` in ≥ 95 % of comparisons;
#                against 204 ns (+2 %): never `slower`
#   instructions STATSBENCH_INJECT_INSTRUCTIONS adds a chain of K steps to every record path: every path's count
#                rises, 10 more steps add exactly the same count on every path, the same build's never change
#
# usage: scripts/verdict-experiments.sh [--quick] [--out DIR] [--scale X] [--budget SECONDS] [--runs K]
#                                       [--only LIST]
#   --quick   3 A/A and 5 injected comparisons (CI) instead of 20; the targets are then relaxed by one chance
#             verdict (A/A: ≤ 20 % faster/slower; injected: +30 % slower in ≥ 4 of 5, +2 % slower in ≤ 1 of 5)
#   --runs    A/A runs per side (default 8; 1 in --quick): the runs are the samples of the test (Welch's t on the
#             run medians, Yuen's trimmed t from 8 runs), so the spread between runs is measured; 8 runs a side met
#             the A/A target on smoke, 5 did not (hdrhistogram's runs spread most). Comparison i takes runs i…i+2K−1 and
#             interleaves them: even runs are the baseline, odd runs the current side, so a drift of the
#             machine's load over time falls on both sides alike (a sliding window: 20 comparisons need
#             19 + 2K runs, not 40K; neighbouring comparisons share runs, so their verdicts are not independent)
#   --scale   run length of the A/A scenarios (default 0.2); --budget: --overhead-budget per sink (default 10)
#   --only    a comma-separated subset of aa-smoke,aa-steady,injected,instructions
# Exits 1 when an experiment misses its target. Needs a release build (it makes one) and python3.
set -euo pipefail
cd "$(dirname "$0")/.."

COMPARISONS=20
OUT=.build/verdict-experiments
SCALE=0.2
BUDGET=10
ONLY=aa-smoke,aa-steady,injected,instructions
RUNS=
while [ $# -gt 0 ]; do
    case "$1" in
        --quick) COMPARISONS=3; RUNS=${RUNS:-1}; shift ;;
        --runs) RUNS="$2"; shift 2 ;;
        --out) OUT="$2"; shift 2 ;;
        --scale) SCALE="$2"; shift 2 ;;
        --budget) BUDGET="$2"; shift 2 ;;
        --only) ONLY="$2"; shift 2 ;;
        *) echo "usage: $0 [--quick] [--out DIR] [--scale X] [--budget SECONDS] [--runs K] [--only LIST]" >&2
           exit 2 ;;
    esac
done
RUNS=${RUNS:-8}
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || { echo "error: --runs must be a whole number ≥ 1, got '$RUNS'" >&2; exit 2; }
SWIFT=${SWIFT:-swift}
$SWIFT build -c release --product statsbench >/dev/null
$SWIFT build -c release --product statsbench-instructions >/dev/null
BIN=.build/release/statsbench
rm -rf "$OUT"; mkdir -p "$OUT"
RUN_FLAGS=(-q --overhead-budget "$BUDGET")

# run NAME SCENARIO [flags…]: one run into $OUT/runs/NAME/; a failed threshold is not an experiment failure.
run() {
    local name=$1 scenario=$2; shift 2
    "$BIN" run "$scenario" "${RUN_FLAGS[@]}" --output "$OUT/runs/$name" "$@" >/dev/null 2>"$OUT/runs-$name.log" || {
        local status=$?
        [ "$status" -eq 1 ] || { echo "error: run $name exited $status (see $OUT/runs-$name.log)" >&2; exit 2; }
    }
}

# compare NAME BASE CURRENT: compare.json in $OUT/compare/NAME/ (exit 1 is a verdict, not an error).
compare() {
    local name=$1 base=$2 current=$3
    "$BIN" compare "$OUT/runs/$base" "$OUT/runs/$current" -q --output "$OUT/compare/$name" >/dev/null 2>&1 || {
        local status=$?
        [ "$status" -eq 1 ] || { echo "error: compare $name exited $status" >&2; exit 2; }
    }
}

# tally PATTERN FIGURE_REGEX: counts of verdicts over compare/PATTERN*/compare.json for figures matching.
tally() {
    python3 - "$OUT/compare" "$1" "$2" <<'PY'
import json, os, re, sys, collections
root, prefix, figure = sys.argv[1], sys.argv[2], re.compile(sys.argv[3])
timed, exact = collections.Counter(), collections.Counter()
for name in sorted(os.listdir(root)):
    if not name.startswith(prefix): continue
    report = json.load(open(os.path.join(root, name, "compare.json")))
    for row in report["rows"]:
        if not figure.search(row["figure"]): continue
        (timed if row["kind"] == "timed" else exact)[row["verdict"]] += 1
print(json.dumps({"timed": timed, "exact": exact}))
PY
}

failures=0
check() {  # check DESCRIPTION PYTHON_CONDITION JSON
    if python3 -c "import json,sys; t=json.loads(sys.argv[1]); sys.exit(0 if ($2) else 1)" "$3"; then
        echo "  ok: $1"
    else
        echo "  MISSED: $1"; failures=$((failures + 1))
    fi
}
fraction() { echo "t['timed'].get('$1', 0) / max(1, sum(t['timed'].values()))"; }

# side NAME FIRST COUNT PREFIX: a directory $OUT/runs/NAME holding copies of every other run from PREFIX-FIRST
# (COUNT of them: FIRST, FIRST+2, …).
side() {
    local name=$1 first=$2 count=$3 prefix=$4
    rm -rf "$OUT/runs/$name"
    for j in $(seq "$first" 2 $((first + 2 * count - 2))); do
        find "$OUT/runs/$prefix-$j" -name result.json -not -path '*/latest/*' | while read -r file; do
            mkdir -p "$OUT/runs/$name/run-$j"; cp "$file" "$OUT/runs/$name/run-$j/"
        done
    done
}

echo "== A/A: the same build against itself, $COMPARISONS comparisons per scenario, $RUNS runs a side (scale $SCALE)"
wanted() { [[ ",$ONLY," == *",$1,"* ]]; }
for scenario in smoke steady; do
    wanted "aa-$scenario" || continue
    total=$((COMPARISONS + 2 * RUNS - 1))
    for i in $(seq 0 $((total - 1))); do
        echo "  run $((i + 1))/$total of $scenario" >&2
        run "aa-$scenario-$i" "scenarios/$scenario.yaml" --scale "$SCALE"
    done
    for i in $(seq 1 "$COMPARISONS"); do
        side "aa-$scenario-base-$i" $((i - 1)) "$RUNS" "aa-$scenario"
        side "aa-$scenario-current-$i" "$i" "$RUNS" "aa-$scenario"
        compare "aa-$scenario-$i" "aa-$scenario-base-$i" "aa-$scenario-current-$i"
    done
    # Timed figures with samples to test: the overhead pairs (one run per side gives one primitive sample).
    result=$(tally "aa-$scenario-" '^overhead/event')
    all=$(tally "aa-$scenario-" '.')
    echo "  $scenario overhead verdicts: $result"
    echo "  $scenario all verdicts:      $all"
    if [ "$COMPARISONS" -ge 20 ]; then
        check "$scenario: ≥ 95 % of timed overhead figures no change" "$(fraction 'no change') >= 0.95" "$result"
    else
        # Few comparisons on a shared CI host: the issue's 95 % is a full-mode figure; here a broken test (one that
        # calls noise a change) still shows up as many faster/slower verdicts.
        check "$scenario: ≤ 20 % of timed overhead figures faster or slower" \
            "$(fraction slower) + $(fraction faster) <= 0.20" "$result"
    fi
    check "$scenario: no exact figure slower" "t['exact'].get('slower', 0) == 0" "$all"
done

cat >"$OUT/calibrated.yaml" <<'YAML'
name: calibrated
description: The calibrated sink alone, for the injected-regression experiment.
seed: 5
events: 400k
workers: 1
clients: {count: 10}
requests:
  methods:
    - {name: m, latency: {lognormal: {median: 1ms, sigma: 0.5}}}
arrival: {poisson: 100k/s}
stats: {interval: 1s, history-capacity: 10}
sinks: [none, calibrated]
measurements: [overhead]
YAML
if wanted injected; then
# Quick mode takes 5 comparisons here (3.7 s a run): a verdict the statistic gets wrong once in 5 by chance on
# a busy host is told apart from one it gets wrong every time.
INJECTED=$COMPARISONS; [ "$COMPARISONS" -ge 20 ] || INJECTED=5
echo "== injected regression: calibrated sink 200 ns against 260 ns and 204 ns, $INJECTED comparisons each"
# One calibration for every run: a run that calibrated its own spin would do its own amount of work (a process
# that calibrates on a slowed CPU spins less), so "+2 %" could be +10 % of work; with one cost per iteration the
# three costs are exactly 200 : 260 : 204 iterations' worth, and only the measurement's noise is left.
run calibration "$OUT/calibrated.yaml" --calibrated-ns 200 --instructions off --pairs 5 --overhead-budget 0
STATSBENCH_CALIBRATED_NS_PER_ITERATION=$(python3 -c "import json,sys; print(next(s['calibratedNanosecondsPerIteration'] for s in json.load(open(sys.argv[1]))['overhead']['sinks'] if s['sink'] == 'calibrated'))" "$OUT/runs/calibration/calibrated/result.json")
export STATSBENCH_CALIBRATED_NS_PER_ITERATION
echo "  one iteration of the chain: $STATSBENCH_CALIBRATED_NS_PER_ITERATION ns (calibrated once, given to every run)"
for i in $(seq 1 "$INJECTED"); do
    # At least 15 pairs a run: with the minimum 5, a percentile bootstrap of 5 against 5 is wide enough that the
    # run-to-run allowance (±30 ns at 200 ns) can swallow a real +60 ns (seen once in 3 on a busy machine).
    run "cal200-$i" "$OUT/calibrated.yaml" --calibrated-ns 200 --instructions off --pairs 15
    run "cal260-$i" "$OUT/calibrated.yaml" --calibrated-ns 260 --instructions off --pairs 15
    run "cal204-$i" "$OUT/calibrated.yaml" --calibrated-ns 204 --instructions off --pairs 15
    compare "inj260-$i" "cal200-$i" "cal260-$i"
    compare "inj204-$i" "cal200-$i" "cal204-$i"
done
unset STATSBENCH_CALIBRATED_NS_PER_ITERATION
r260=$(tally inj260- '^overhead/event calibrated')
r204=$(tally inj204- '^overhead/event calibrated')
echo "  +30 %: $r260"
echo "  +2 %:  $r204"
if [ "$COMPARISONS" -ge 20 ]; then
    check "+30 % slower in ≥ 95 %" "$(fraction slower) >= 0.95" "$r260"
    check "+2 % never slower" "t['timed'].get('slower', 0) == 0" "$r204"
else
    # Five comparisons, one run a side, on a shared CI host whose runs of the same work have differed by up to
    # 2× (smoke's statsbench sink: 101 ns, then 56 ns): one verdict in five may fall to the host. A broken
    # statistic (no minimum effect, no run-to-run allowance, a test that is always or never significant) misses
    # these in most comparisons, not one.
    check "+30 % slower in ≥ 4 of 5, never faster" \
        "$(fraction slower) >= 0.8 and t['timed'].get('faster', 0) == 0" "$r260"
    check "+2 % slower in at most 1 of 5, never faster" \
        "t['timed'].get('slower', 0) <= 1 and t['timed'].get('faster', 0) == 0" "$r204"
fi
fi

if wanted instructions; then
echo "== injected instruction change: STATSBENCH_INJECT_INSTRUCTIONS=10 on every record path"
run inst-base "$OUT/calibrated.yaml" --instructions on --overhead-budget 0
run inst-same "$OUT/calibrated.yaml" --instructions on --overhead-budget 0
STATSBENCH_INJECT_INSTRUCTIONS=10 run inst-10 "$OUT/calibrated.yaml" --instructions on --overhead-budget 0
STATSBENCH_INJECT_INSTRUCTIONS=20 run inst-20 "$OUT/calibrated.yaml" --instructions on --overhead-budget 0
compare inst-aa inst-base inst-same
compare inst-10 inst-base inst-10
compare inst-20 inst-10 inst-20
counts=$(python3 - "$OUT/compare" <<'PY'
import json, sys
out = {}
for name in ["inst-aa", "inst-10", "inst-20"]:
    rows = json.load(open(f"{sys.argv[1]}/{name}/compare.json"))["rows"]
    out[name] = {r["figure"].split()[-1]: [r["verdict"], r["change"]] for r in rows
                 if r["figure"].startswith("instructions/record")}
print(json.dumps(out))
PY
)
echo "  $counts"
check "the same build: every count unchanged (within 0.005 instructions per record)" \
    "len(t['inst-aa']) == 4 and all(v[0] == 'no change' and abs(v[1]) <= 0.005 for v in t['inst-aa'].values())" \
    "$counts"
check "injected: every path slower" \
    "len(t['inst-10']) == 4 and all(v[0] == 'slower' and v[1] >= 10 for v in t['inst-10'].values())" "$counts"
# The first 10 steps add the chain plus a call whose cost depends on the surrounding path; 10 more steps add the
# chain's own cost only, which is the same on every path: the counts must show exactly that.
check "10 more steps add exactly the same number of instructions on every path" \
    "len(t['inst-20']) == 4 and all(v[0] == 'slower' for v in t['inst-20'].values()) and max(v[1] for v in t['inst-20'].values()) - min(v[1] for v in t['inst-20'].values()) <= 0.005" \
    "$counts"
fi

echo
if [ "$failures" -gt 0 ]; then echo "verdict experiments: $failures missed (details in $OUT)"; exit 1; fi
echo "verdict experiments: all targets met (details in $OUT)"
