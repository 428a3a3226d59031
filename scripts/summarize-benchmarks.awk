# Reads package-benchmark's markdown output and prints one line per benchmark: the median time per operation
# in nanoseconds and its ratio to the bare Atomic relaxed add measured in the same run.
# Usage: awk -f scripts/summarize-benchmarks.awk report.md
function trim(s) { gsub(/^[ \t]+|[ \t]+$/, "", s); return s }
/^### / { name = substr($0, 5); next }
/^\| Time per op \(ps\)/ || /^\| Time \(wall clock\) \(/ {
    split($0, cells, "|")
    label = trim(cells[2]); median = trim(cells[5]) + 0
    scale = 1
    if (label ~ /\(K\)/) scale = 1000
    if (label ~ /\(M\)/) scale = 1000000
    if (label ~ /^Time per op/) ns = median * scale / 1000
    else if (label ~ /\(ns\)/) ns = median * scale
    else if (label ~ /\(us\)|\(μs\)/) ns = median * scale * 1000
    else next
    if (name in seen) next
    seen[name] = 1; order[++n] = name; value[name] = ns
    next
}
END {
    reference = value["Atomic.relaxedAdd.1thread"]
    printf "%-42s %14s %12s\n", "benchmark (median)", "ns per op", "× atomic add"
    for (i = 1; i <= n; i++) {
        b = order[i]
        ratio = (reference > 0) ? sprintf("%.2f", value[b] / reference) : "-"
        printf "%-42s %14.2f %12s\n", b, value[b], ratio
    }
    print "two-thread figures are aggregate: wall time / operations of both threads"
}
