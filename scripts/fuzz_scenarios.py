#!/usr/bin/env python3
"""Scenario fuzzer: mutates the shipped scenarios (and small templates), feeds each to `statsbench validate`,
and runs a tiny `statsbench run` of the accepted ones.

A case fails when validate or run crashes (a signal, or an exit code other than 0, 1 or 2), outlives its
timeout, or when validate accepted a file that run then refuses as a scenario problem (exit 2). Failing inputs
are written to the failures folder with a note of why. Deterministic for a given --seed. Standard library only.
Called by scripts/fuzz-scenarios.sh, which documents the options.
"""

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time

TEMPLATES = {
    "minimal.yaml": """name: tiny
seed: 1
duration: 20ms
requests:
  methods:
    - name: a
      latency: {constant: 1ms}
arrival: {poisson: 10k/s}
stats: {interval: 5ms}
sinks: [none, statsbench]
measurements: [conservation]
""",
    "events.yaml": """name: tiny-events
seed: 2
events: 500
workers: 2
clients: {count: 4, churn: {session-length: {exponential: {mean: 5ms}}}}
requests:
  methods:
    - name: a
      weight: 2
      latency: {bimodal: {first: {pareto: {min: 1ms, alpha: 1.5}}, second: 2ms, weight: 0.5}}
      response-size: {uniform: {min: 1KiB, max: 4KiB}}
      cost: {model: m, input-tokens: {lognormal: {median: 100, sigma: 0.5}}, output-tokens: 20, cost-per-token: 0.00001}
server-events: {rate: 1k/s, queue-capacity: 8, consumer-speed: 100/s}
subscriptions: {pieces: 5, subscribe-rate: 100/s}
arrival: {ramp: {from: 0, to: 100k/s, over: 5ms}}
stats: {interval: 2ms, history-capacity: 50}
sinks: [none, statsbench, hdrhistogram]
measurements: [conservation]
""",
    "burst.yaml": """name: tiny-burst
seed: 3
duration: 30ms
clients: {count: 16, churn: {connect-rate: 1k/s, disconnect-rate: 500/s}, disconnects: {graceful: 1, error: 1}}
requests:
  methods:
    - name: a
      latency: {exponential: {mean: 1ms}}
      error-rate: 5%
arrival: {burst: {rate: 1k/s, burst-rate: 50k/s, period: 10ms, length: 2ms}}
stats: {interval: 5ms}
sinks: [none, statsbench, seed-naive, swift-prometheus]
measurements: [conservation]
""",
}

EXTREMES = [
    "0", "-1", "1e308", "1e-308", "nan", "NaN", "inf", "-inf", ".inf", "9223372036854775807",
    "18446744073709551616", "-9223372036854775808", "1e29", "1e19", "4294967296", "0.0000001", "1_000",
    "0x10", "1e308h", "1e308GiB", "1e308k/s", "1e308M", "999999999999", "2.5", "-0", "1e400", "5e-324",
]
# Ordinary values, so that a share of the mutated scenarios stay valid and reach a tiny run.
MODERATE = ["1", "2", "3", "10", "0.5", "100", "1k", "0.01", "5ms", "250us", "2KiB", "1%", "50/s", "7"]
WRONG_TYPES = ["[1, 2]", "{a: 1}", "''", "~", "true", "text", "[]", "{}", "'10ms'", "!!binary aGk="]
UNICODE = ["é", "µ", "\u202e", "😀", "\u00a0", "Ω", "\u0301", "\ufeff", "名前"]
NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?:e-?\d+)?(?:[a-zA-Zµ%]+(?:/s)?|/s)?")
VALUE = re.compile(r":\s+([^\s{}\[\],#][^{}\[\],#\n]*)")


def mutate_numbers(text, rng, moderate=False):
    matches = list(NUMBER.finditer(text))
    if not matches:
        return text
    for match in sorted(rng.sample(matches, min(len(matches), rng.randint(1, 3))), key=lambda m: -m.start()):
        replacement = rng.choice(MODERATE if moderate else EXTREMES)
        unit = re.sub(r"^-?[\d.e-]+", "", match.group(0))
        if unit and rng.random() < 0.5 and not re.search(r"[a-zA-Z]", replacement):
            replacement += unit
        text = text[: match.start()] + replacement + text[match.end():]
    return text


def mutate_type(text, rng):
    matches = list(VALUE.finditer(text))
    if not matches:
        return text
    match = rng.choice(matches)
    return text[: match.start(1)] + rng.choice(WRONG_TYPES) + text[match.end(1):]


def mutate_lines(text, rng):
    lines = text.split("\n")
    index = rng.randrange(len(lines))
    kind = rng.random()
    if kind < 0.4:
        del lines[index]  # a missing key
    elif kind < 0.8:
        lines.insert(index, lines[index])  # a duplicated key
    else:
        lines[index] = " " * rng.randint(0, 3) + lines[index]  # broken indentation
    return "\n".join(lines)


def mutate_unicode(text, rng):
    position = rng.randrange(len(text) + 1)
    return text[:position] + rng.choice(UNICODE) + text[position:]


def mutate_nesting(text, rng):
    depth = rng.choice([5, 31, 33, 60, 200])
    nested = "[" * depth + "1" + "]" * depth if rng.random() < 0.5 else "{a: " * depth + "1" + "}" * depth
    matches = list(VALUE.finditer(text))
    if not matches:
        return text + "\nx: " + nested
    match = rng.choice(matches)
    return text[: match.start(1)] + nested + text[match.end(1):]


def mutate_aliases(text, rng):
    levels = rng.choice([2, 4, 9])
    lines = ["b0: &b0 [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, levels):
        lines.append(f"b{level}: &b{level} [" + ", ".join([f"*b{level - 1}"] * 10) + "]")
    form = rng.random()
    if form < 0.4:
        lines.append(f"? *b{levels - 1}\n: 1")
    elif form < 0.7:
        return text + "\n" + "\n".join(lines)
    else:
        # An anchored value reused elsewhere (a valid use, if the key allows it).
        match = VALUE.search(text)
        if match:
            return text[: match.start(1)] + "&v " + match.group(1) + text[match.end(1):] + "\nextra: *v"
    return text + "\n" + "\n".join(lines)


def mutate_truncate(text, rng):
    return text[: rng.randrange(len(text) + 1)]


MUTATORS = [
    (mutate_numbers, 6), (mutate_type, 2), (mutate_lines, 2), (mutate_unicode, 1), (mutate_nesting, 1),
    (mutate_aliases, 1), (mutate_truncate, 1),
]


def mutate(text, rng):
    if rng.random() < 0.35:
        return mutate_numbers(text, rng, moderate=True)
    total = sum(weight for _, weight in MUTATORS)
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        pick = rng.uniform(0, total)
        for mutator, weight in MUTATORS:
            pick -= weight
            if pick <= 0:
                text = mutator(text, rng)
                break
    return text


def execute(command, timeout):
    """(exit code or None on timeout, elapsed seconds, stderr tail)."""
    started = time.monotonic()
    try:
        done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=timeout)
        return done.returncode, time.monotonic() - started, done.stderr.decode("utf-8", "replace")[-2000:]
    except subprocess.TimeoutExpired as expired:
        tail = (expired.stderr or b"").decode("utf-8", "replace")[-2000:]
        return None, time.monotonic() - started, tail


def describe(code):
    if code is None:
        return "timed out"
    if code < 0:
        return f"killed by signal {-code}"
    return f"exit {code}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--scale", type=float, default=0.001)
    parser.add_argument("--validate-timeout", type=float, default=10)
    parser.add_argument("--run-timeout", type=float, default=60)
    parser.add_argument("--failures", default="reports/fuzz-failures")
    parser.add_argument("--binary", required=True)
    parser.add_argument("--scenarios", default="scenarios")
    options = parser.parse_args()

    rng = random.Random(options.seed)
    sources = dict(TEMPLATES)
    for name in sorted(os.listdir(options.scenarios)):
        if name.endswith((".yaml", ".yml", ".json")):
            with open(os.path.join(options.scenarios, name), encoding="utf-8") as handle:
                sources[name] = handle.read()
    names = sorted(sources)
    work = tempfile.mkdtemp(prefix="fuzz-scenarios-")
    # Relative paths inside the shipped scenarios (empirical samples) resolve against the scenario's folder.
    for name in os.listdir(options.scenarios):
        path = os.path.join(options.scenarios, name)
        if os.path.isfile(path) and not name.endswith((".yaml", ".yml", ".json")):
            shutil.copy(path, work)
    shutil.rmtree(options.failures, ignore_errors=True)
    passed = failed = accepted = runs = 0
    codes = {}
    started = time.monotonic()
    try:
        for case in range(options.cases):
            source = names[case % len(names)]
            text = mutate(sources[source], rng)
            path = os.path.join(work, f"case-{case:05d}.yaml")
            with open(path, "w", encoding="utf-8", errors="surrogatepass") as handle:
                handle.write(text)
            problem = None
            code, _, tail = execute([options.binary, "validate", "-q", path], options.validate_timeout)
            codes[f"validate {describe(code)}"] = codes.get(f"validate {describe(code)}", 0) + 1
            if code not in (0, 1):
                problem = f"validate: {describe(code)}"
            elif code == 0:
                accepted += 1
                if runs < options.runs:
                    runs += 1
                    output = os.path.join(work, f"out-{case:05d}")
                    command = [
                        options.binary, "run", path, "--scale", str(options.scale), "--pairs", "2", "--quiet",
                        "--output", output,
                    ]
                    code, elapsed, tail = execute(command, options.run_timeout)
                    codes[f"run {describe(code)}"] = codes.get(f"run {describe(code)}", 0) + 1
                    if code is None or code < 0 or code not in (0, 1, 2):
                        problem = f"run: {describe(code)} after {elapsed:.1f} s"
                    elif code == 2 and "faults: at --scale" in tail:
                        pass  # the --scale flag, not the file, is refused: too short a run for its timed faults
                    elif code == 2 and "generated no events at --scale" in tail and options.scale != 1:
                        pass  # the --scale flag shortened the run below its first event
                    elif code == 2:
                        problem = "validate accepted it, run refused it (exit 2)"
                    shutil.rmtree(output, ignore_errors=True)
            if problem is None:
                passed += 1
                continue
            failed += 1
            os.makedirs(options.failures, exist_ok=True)
            base = os.path.join(options.failures, f"case-{case:05d}")
            shutil.copy(path, base + ".yaml")
            with open(base + ".txt", "w", encoding="utf-8") as note:
                note.write(f"from {source}, seed {options.seed}, case {case}\n{problem}\n{tail}\n")
            print(f"FAIL case {case} (from {source}): {problem}", file=sys.stderr)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    elapsed = time.monotonic() - started
    print(f"fuzz-scenarios: seed {options.seed}: {options.cases} cases, {accepted} accepted, {runs} tiny runs, "
          f"{elapsed:.0f} s")
    for key in sorted(codes):
        print(f"  {key}: {codes[key]}")
    print(f"{passed} passed / {failed} failed" + (f" (inputs in {options.failures}/)" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
