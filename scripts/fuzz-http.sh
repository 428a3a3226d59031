#!/usr/bin/env bash
# HTTP fuzzer for `statsbench serve`: starts it on a loopback port picked by the kernel (with a bearer token),
# sends N seeded odd or malformed requests over raw sockets — methods, paths with %-encoding and `..`, query
# parameters with huge, negative and non-numeric values, odd and oversized headers, bodies up to 512 KiB,
# HTTP/1.0, HEAD, broken framing — and fails on any 5xx answer, a well-formed request answered by a dropped
# connection (or an HTTP/1.0 one whose connection stays open), or the server dying. Prints
# `N passed, N failed`; the failures are listed with their case number, so `--seed S` replays them.
#
#   scripts/fuzz-http.sh [--cases N] [--seed S]      (defaults: 300 cases, seed 1)
#
# Loopback only; bounded: 5 s per request, 120 s in all. Needs python3 (standard library) and curl.
# Uses $STATSBENCH, or .build/release/statsbench (built when missing). Exits 0 on PASS, 1 on FAIL.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "FAIL: fuzz-http: $*"; exit 1; }
CASES=300
SEED=1
while (($# > 0)); do
    case $1 in
        --cases) CASES=${2:?--cases needs a number}; shift 2 ;;
        --seed) SEED=${2:?--seed needs a number}; shift 2 ;;
        *) fail "unknown argument '$1' (usage: scripts/fuzz-http.sh [--cases N] [--seed S])" ;;
    esac
done
[[ $CASES =~ ^[0-9]+$ ]] && ((CASES >= 1 && CASES <= 100000)) || fail "--cases must be an integer from 1 to 100000, got '$CASES'"
[[ $SEED =~ ^[0-9]+$ ]] || fail "--seed must be a non-negative integer, got '$SEED'"
for tool in python3 curl; do command -v "$tool" >/dev/null || fail "'$tool' is not installed"; done
BIN=${STATSBENCH:-.build/release/statsbench}
if [[ ! -x $BIN ]]; then
    echo "== building $BIN"
    swift build -c release --product statsbench
fi

WORK=$(mktemp -d)
PID=
cleanup() {
    [[ -n $PID ]] && kill -TERM "$PID" 2>/dev/null && { timeout 15 tail --pid="$PID" -f /dev/null || kill -KILL "$PID"; } 2>/dev/null
    rm -rf "$WORK"
}
trap cleanup EXIT

PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
TOKEN=fuzz-token
"$BIN" serve --host 127.0.0.1 --port "$PORT" --token "$TOKEN" >"$WORK/serve.out" 2>"$WORK/serve.err" &
PID=$!
for _ in $(seq 1 240); do
    curl -sf --max-time 2 "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break
    kill -0 "$PID" 2>/dev/null || fail "serve exited at start: $(cat "$WORK/serve.err")"
    sleep 0.25
done
curl -sf --max-time 2 "http://127.0.0.1:$PORT/health" >/dev/null || fail "serve did not answer on port $PORT"

set +e
python3 - "$PORT" "$PID" "$CASES" "$SEED" "$TOKEN" <<'PY'
import os, random, socket, sys, time

port, pid, cases, seed, token = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
rng = random.Random(seed)
deadline = time.monotonic() + 120

ROUTES = ["/health", "/health/server", "/health/clients", "/health/clients/alpha", "/health/performance",
          "/health/performance/histogram", "/health/errors", "/health/resources", "/metrics"]
NUMBERS = ["0", "1", "-1", "500", "501", "50", "99999999999999999999999999", "-99999999999999999999", "1.5",
           "1e3", "abc", "", " 7", "0x10", "NaN", "%31", "１", "9223372036854775807", "-9223372036854775808"]

def pick(options):
    return options[rng.randrange(len(options))]

def path():
    """A path and whether it is well-formed (only characters a request target may hold)."""
    kind = rng.randrange(10)
    base = pick(ROUTES)
    if kind == 0: return base + "/", True
    if kind == 1: return "/" + "/".join(["", base.strip("/"), ""]), True
    if kind == 2: return pick(["/health/clients/%41lpha", "/health/clients/%2e%2e", "/health/clients/%",
                                "/health/clients/%ZZ", "/health/clients/%00", "/health/clients/%E2%82",
                                "/%68ealth", "/health/clients/a%2Fb", "/metrics%20"]), True
    if kind == 3: return pick(["/health/../metrics", "/../../etc/passwd", "/health/clients/..",
                                "/./health", "/health/./server", "/health/clients/../../metrics"]), True
    if kind == 4: return "/health/clients/" + "a" * rng.choice([100, 4000, 20000]), True
    if kind == 5: return pick(["*", "http://127.0.0.1/health", "//", "/" + "x" * 70000]), True
    if kind == 6: return "/health/clients/\xe9\x00", False  # raw non-ASCII and NUL bytes
    if kind == 7: return pick(["/nope", "/health/nope", "/metrics/x", "/health/clients/a/b"]), True
    return base, True

def query():
    if rng.random() < 0.5: return ""
    names = ["limit", "offset", "method", "x", "limit", ""]
    parts = []
    for _ in range(rng.randrange(1, 4)):
        name = pick(names)
        parts.append(name + ("=" + pick(NUMBERS + ["tools%2Fcall", "request", "%", "a&b"]) if rng.random() < 0.9 else ""))
    return "?" + "&".join(parts)

def request():
    """(bytes, well_formed, expects_close, method) of one seeded request."""
    well = True
    method = pick(["GET"] * 6 + ["HEAD"] * 3 + ["POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE", "PURGE", "get"])
    if rng.random() < 0.03: method, well = pick(["G@T", "GE T", ""]), False
    target, ok = path()
    well = well and ok
    target += query() if target.startswith("/") else ""
    version = pick(["HTTP/1.1"] * 6 + ["HTTP/1.0", "HTTP/1.0+ka"])
    if rng.random() < 0.02: version, well = pick(["HTTP/2.0", "HTTP/9.9", "HTP/1.1", ""]), False
    headers = []
    keep_alive_1_0 = version == "HTTP/1.0+ka"
    if keep_alive_1_0: version = "HTTP/1.0"
    if version == "HTTP/1.1" or rng.random() < 0.5: headers.append("Host: 127.0.0.1")
    auth = rng.randrange(6)
    if auth < 3: headers.append("Authorization: Bearer " + token)
    elif auth == 3: headers.append("Authorization: " + pick(["Bearer", "Bearer ", "Bearer x" * 50, "Basic Zm9v", ""]))
    if keep_alive_1_0: headers.append("Connection: keep-alive")
    elif version == "HTTP/1.1": headers.append("Connection: close")
    body = b""
    extra = rng.randrange(12)
    if extra == 0: headers.append("X-Big: " + "v" * rng.choice([1000, 50000, 100000]))
    elif extra == 1: headers += ["X-Many-%d: %d" % (i, i) for i in range(rng.choice([50, 500]))]
    elif extra == 2: headers.append("Accept: */*, application/json;q=0.5")
    elif extra == 3: headers.append("no colon here"); well = False
    elif extra == 4: headers.append("Content-Length: 5"); body = b"ab"; well = False  # shorter than said
    elif extra == 5: headers.append("Content-Length: -1"); well = False
    elif extra == 6: headers += ["Transfer-Encoding: chunked"]; body = b"zz\r\nbad\r\n"; well = False
    elif extra == 7: headers.append("Host: a"); headers.append("Host: b")
    if method in ("POST", "PUT", "PATCH") and extra not in (4, 5, 6) and rng.random() < 0.7:
        body = os.urandom(rng.choice([0, 10, 1000, 65536, 524288]))
        headers.append("Content-Length: %d" % len(body))
    # Well-formed requests that ask to close, or HTTP/1.0 without keep-alive, must see the connection closed.
    expects_close = well and not keep_alive_1_0
    head = ("%s %s %s\r\n" % (method, target, version)).encode("utf-8") + \
        "".join(h + "\r\n" for h in headers).encode("utf-8") + b"\r\n"
    return head + body, well, expects_close, method

def exchange(data, method, expects_close):
    """Sends `data`; returns (status or None, closed_by_server, note)."""
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=5)
    except OSError as error:
        return None, True, "cannot connect: %s" % error
    try:
        try:
            s.sendall(data)
        except OSError:  # the server may answer and close before reading an oversized request
            pass
        received = b""
        status = None
        while True:
            try:
                chunk = s.recv(65536)
            except socket.timeout:
                return status_of(received), False, "no end of response within 5 s"
            except OSError as error:
                return status_of(received), True, "reset: %s" % error
            if not chunk:
                return status_of(received), True, ""
            received += chunk
            status = status_of(received)
            if not expects_close and complete(received, method):
                return status, False, ""
    finally:
        s.close()

def status_of(received):
    line = received.split(b"\r\n", 1)[0].split(b" ")
    if len(line) >= 2 and line[0].startswith(b"HTTP/") and line[1].isdigit():
        return int(line[1])
    return None

def complete(received, method):
    if b"\r\n\r\n" not in received: return False
    head, body = received.split(b"\r\n\r\n", 1)
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return method == "HEAD" or len(body) >= int(value.strip())
    return False

passed = failed = 0
for case in range(1, cases + 1):
    if time.monotonic() > deadline:
        print("stopped at case %d: the 120 s budget is spent" % case); break
    data, well, expects_close, method = request()
    status, closed, note = exchange(data, method, expects_close)
    problem = None
    if status is not None and status >= 500:
        problem = "answered %d" % status
    elif well and status is None:
        problem = "a well-formed request got no answer (%s)" % (note or "connection dropped")
    elif expects_close and not closed:
        problem = "the connection stayed open after the answer (%s)" % note
    try:
        os.kill(pid, 0)
    except OSError:
        problem = (problem + "; " if problem else "") + "the server died"
    if note.startswith("cannot connect"):
        problem = "the server refused the connection (%s)" % note
    if problem:
        failed += 1
        shown = data[:160].decode("latin-1").replace("\r\n", "\\r\\n")
        print("case %d: %s: %s%s" % (case, problem, shown, "…" if len(data) > 160 else ""))
        if "died" in problem or "refused" in problem: break
    else:
        passed += 1
print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
PY
RESULT=$?
set -e
kill -0 "$PID" 2>/dev/null || fail "the server died: $(tail -5 "$WORK/serve.err")"
curl -sf --max-time 5 "http://127.0.0.1:$PORT/health" >/dev/null || fail "the server no longer answers /health after the cases"
((RESULT == 0)) || fail "see the cases above (replay with --seed $SEED --cases $CASES)"
echo "PASS: fuzz-http: $CASES cases (seed $SEED), no 5xx, no dropped well-formed request, server alive"
