#!/usr/bin/env bash
# Declared graph = imported graph: for every target in Package.swift, the modules its Swift sources import must
# be exactly the modules its declared dependencies provide (targets of this package, and the modules of the
# products it names from other packages). Prints one line per mismatch, naming the target and the module:
#   TARGET: declares X but never imports it
#   TARGET: imports X but does not declare it
# and exits 1 on any; exits 2 when it cannot check (no resolved checkouts, a manifest that does not load).
#
# A product of another package may provide several modules: the targets it names and every target of that
# package they depend on (Yams → Yams and CYaml). Those are read from the dependency's own manifest in the
# resolved checkouts (`.build*/checkouts`: run `swift package resolve` or a build first).
#
# Usage: scripts/check-dependencies.sh [--checkouts DIR]
set -euo pipefail
cd "$(dirname "$0")/.."

checkouts=""
while [ $# -gt 0 ]; do
    case "$1" in
        --checkouts) checkouts="${2:?--checkouts needs a directory}"; shift 2 ;;
        -h | --help) sed -n '2,14p' "$0"; exit 0 ;;
        *) echo "error: unknown argument '$1' (usage: scripts/check-dependencies.sh [--checkouts DIR])" >&2; exit 2 ;;
    esac
done
if [ -z "$checkouts" ]; then
    for candidate in .build/checkouts .build*/checkouts; do
        if [ -d "$candidate" ]; then checkouts="$candidate"; break; fi
    done
fi
if [ -z "$checkouts" ] || [ ! -d "$checkouts" ]; then
    echo "error: no resolved dependency checkouts (.build*/checkouts); run 'swift package resolve' first" >&2
    exit 2
fi

# The manifests are read with a scratch folder of their own, so the check never waits for a build's lock.
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
dump() { swift package --package-path "$1" --scratch-path "$scratch/$(basename "$1")" dump-package; }

dump . > "$scratch/root.json" || { echo "error: swift package dump-package failed for Package.swift" >&2; exit 2; }

# Each dependency's manifest, by package identity (the last component of its URL or path, lowercased, no .git).
python3 - "$scratch/root.json" "$checkouts" > "$scratch/dependencies.txt" <<'PY'
import json, os, sys
root = json.load(open(sys.argv[1]))
checkouts = sys.argv[2]
entries = {name.lower(): os.path.join(checkouts, name) for name in os.listdir(checkouts)}
for dependency in root["dependencies"]:
    kind, [value] = next(iter(dependency.items()))
    location = value.get("location", {})
    url = (location.get("remote") or [{}])[0].get("urlString") or location.get("local") or value.get("path", "")
    identity = value.get("identity") or os.path.basename(url.rstrip("/")).removesuffix(".git").lower()
    folder = entries.get(os.path.basename(url.rstrip("/")).removesuffix(".git").lower())
    if kind == "fileSystem":
        folder = value.get("path")
    print(identity, folder or "-")
PY
while read -r identity folder; do
    if [ "$folder" = "-" ] || [ ! -d "$folder" ]; then
        echo "error: no checkout of package '$identity' in $checkouts; run 'swift package resolve' first" >&2
        exit 2
    fi
    dump "$folder" > "$scratch/package-$identity.json" \
        || { echo "error: swift package dump-package failed for $folder" >&2; exit 2; }
done < "$scratch/dependencies.txt"

python3 - "$scratch" <<'PY'
import glob, json, os, re, sys

scratch = sys.argv[1]
root = json.load(open(os.path.join(scratch, "root.json")))

# Modules of the toolchain and the platforms: importing them needs no declaration.
SYSTEM = {
    "Swift", "_Concurrency", "_StringProcessing", "Foundation", "FoundationEssentials", "FoundationInternationalization",
    "FoundationNetworking", "FoundationXML", "Dispatch", "Synchronization", "Distributed", "Observation", "RegexBuilder",
    "Testing", "XCTest", "Glibc", "Musl", "Android", "Bionic", "WinSDK", "Darwin", "os", "SwiftGlibc", "CoreFoundation",
}

def product_modules(package_json):
    """Product name → every module it makes importable: its targets and their in-package target closure."""
    targets = {t["name"]: t for t in package_json["targets"]}
    def closure(names):
        seen, stack = set(), list(names)
        while stack:
            name = stack.pop()
            if name in seen or name not in targets:
                continue
            seen.add(name)
            for dep in targets[name].get("dependencies", []):
                kind, value = next(iter(dep.items()))
                if kind in ("byName", "target") and value[0] in targets:
                    stack.append(value[0])
        return seen
    return {p["name"]: closure(p["targets"]) for p in package_json["products"]}

products = {}   # (identity, product) → modules
for path in glob.glob(os.path.join(scratch, "package-*.json")):
    identity = os.path.basename(path)[len("package-"):-len(".json")]
    for name, modules in product_modules(json.load(open(path))).items():
        products[(identity, name)] = modules

local_targets = {t["name"] for t in root["targets"]}
IMPORT = re.compile(
    r"^\s*(?:@\w+(?:\([^)]*\))?\s+)*(?:(?:public|package|internal|fileprivate|private)\s+)?import\s+"
    r"(?:(?:struct|class|enum|protocol|typealias|func|var|let)\s+)?([A-Za-z_][A-Za-z0-9_]*)"
)

def source_files(target):
    default = "Tests" if target["type"] == "test" else "Sources"
    base = target.get("path") or os.path.join(default, target["name"])
    excluded = [os.path.normpath(os.path.join(base, e)) for e in target.get("exclude", [])]
    for directory, _, files in os.walk(base):
        if any(os.path.normpath(directory) == e or os.path.normpath(directory).startswith(e + os.sep) for e in excluded):
            continue
        for name in files:
            if name.endswith(".swift"):
                yield os.path.join(directory, name)

def imports(target):
    found = set()
    for path in source_files(target):
        in_block_comment = False
        for line in open(path, encoding="utf-8"):
            stripped = line.strip()
            if in_block_comment:
                in_block_comment = "*/" not in stripped
                continue
            if stripped.startswith("/*"):
                in_block_comment = "*/" not in stripped
                continue
            match = IMPORT.match(line)
            if match:
                found.add(match.group(1))
    return found

problems = []
for target in root["targets"]:
    if target["type"] in ("system", "binary", "plugin", "macro"):
        continue
    name = target["name"]
    declared = {}   # declaration as written → modules it provides
    for dep in target.get("dependencies", []):
        kind, value = next(iter(dep.items()))
        if kind in ("byName", "target") and value[0] in local_targets:
            declared[value[0]] = {value[0]}
        elif kind == "product" or kind == "byName":
            product, package = value[0], (value[1] if kind == "product" else None)
            matches = [m for (p, n), m in products.items() if n == product and (package is None or p == package.lower())]
            if not matches:
                problems.append(f"{name}: declares product {product} ({package}), which no resolved package offers")
                continue
            declared[f"{product} ({package})" if package else product] = set().union(*matches)
    used = imports(target) - SYSTEM - {name}
    for label, modules in sorted(declared.items()):
        if not modules & used:
            problems.append(f"{name}: declares {label} but never imports it")
    provided = set().union(*declared.values()) if declared else set()
    for module in sorted(used - provided):
        problems.append(f"{name}: imports {module} but does not declare it")

for line in problems:
    print(line)
if problems:
    print(f"check-dependencies: {len(problems)} mismatch(es) between Package.swift and the imports", file=sys.stderr)
    sys.exit(1)
print(f"check-dependencies: {len(root['targets'])} targets, declared dependencies = imported modules")
PY
