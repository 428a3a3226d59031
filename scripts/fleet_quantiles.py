#!/usr/bin/env python3
"""Exact fleet quantiles for scripts/fleet-test.sh.

Usage: fleet_quantiles.py SAMPLES.json WINDOW_START HISTOGRAM.json... -- Q...

HISTOGRAM.json are the instances' /health/performance/histogram answers at the end (full resolution, every value
each instance recorded). SAMPLES.json is Prometheus's answer to `statsbench_request_latency_seconds[…]` (a range
query of raw samples): each series' first sample after WINDOW_START (Unix seconds) is the first point of the
rate() window, and what it holds is not in the rate, so it is subtracted bucket by bucket. What is left is
exactly the data set that `histogram_quantile(q, sum(rate(…[1m])))` describes, as long as the window ends after
every series' final sample. Buckets are keyed by their Prometheus index
round(64 · log2(upper bound)), so the two sources' boundary doubles need not be compared bit for bit.

Prints one line per q: "q exact lower upper count", the exact quantile being the harmonic midpoint of the
full-resolution bucket holding the nearest-rank value (within 0.5415 % of every value in that bucket), the
smallest or largest recorded value at the extreme ranks.
"""
import json
import math
import sys


def key(upper, scale):
    return round(math.log2(upper) * (1 << scale))


def main(argv):
    split = argv.index("--")
    first_path, window_start = argv[1], float(argv[2])
    histogram_paths, qs = argv[3:split], [float(q) for q in argv[split + 1:]]
    counts, bounds = {}, {}
    below = 0
    total = 0
    minimum, maximum = math.inf, -math.inf
    scale = None
    for path in histogram_paths:
        with open(path) as f:
            h = json.load(f)
        if scale is not None and h["scale"] != scale:
            sys.exit(f"{path}: scale {h['scale']} differs from {scale}")
        scale = h["scale"]
        total += h["count"]
        below += h["negative-count"] + h["zero-count"] + h["underflow-count"]
        if h["overflow-count"]:
            sys.exit(f"{path}: {h['overflow-count']} values above the layout; the exact quantile needs them bounded")
        if h["count"]:
            minimum, maximum = min(minimum, h["minimum"]), max(maximum, h["maximum"])
        for b in h["buckets"]:
            k = key(b["upper-bound"], scale)
            counts[k] = counts.get(k, 0) + b["count"]
            bounds[k] = (b["lower-bound"], b["upper-bound"])
    with open(first_path) as f:
        first = json.load(f)
    if first.get("status") != "success":
        sys.exit(f"{first_path}: Prometheus answered {first.get('status')}: {first.get('error')}")
    for series in first["data"]["result"]:
        samples = [s for s in series.get("histograms") or [] if float(s[0]) > window_start]
        if not samples:
            sys.exit(f"{first_path}: series {series['metric']} has no native-histogram sample in the window")
        sample = samples[0][1]
        total -= int(float(sample["count"]))
        for boundary_rule, lower, upper, count in sample.get("buckets", []):
            lower, upper, count = float(lower), float(upper), int(float(count))
            if lower <= 0:  # the zero bucket [-threshold, threshold]
                below -= count
                continue
            k = key(upper, scale)
            if k not in counts:
                sys.exit(f"{first_path}: bucket ({lower}, {upper}] is not among the instances' buckets")
            counts[k] -= count
    if total <= 0 or below < 0 or any(c < 0 for c in counts.values()):
        sys.exit("the first samples hold more than the instances' final histograms: not one run's data")
    ordered = sorted(k for k, c in counts.items() if c > 0)
    for q in qs:
        exact_rank = q * total
        rank = round(exact_rank)
        if abs(exact_rank - rank) > 1e-9 * exact_rank:
            rank = math.ceil(exact_rank)
        rank = min(max(rank, 1), total)
        seen = below
        hit = None
        for k in ordered:
            seen += counts[k]
            if seen >= rank:
                hit = k
                break
        if hit is None:
            sys.exit(f"q={q}: rank {rank} falls in the zero bucket")
        lower, upper = bounds[hit]
        value = 2 * lower * upper / (lower + upper)
        value = min(max(value, minimum), maximum)
        print(f"{q} {value!r} {lower!r} {upper!r} {total}")


if __name__ == "__main__":
    main(sys.argv)
