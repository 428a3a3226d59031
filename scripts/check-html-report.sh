#!/usr/bin/env bash
# Checks the HTML reports under the given directories: every report.html and compare.html found must have no
# non-finite SVG coordinate (NaN, inf), no network reference (http://, https:// or // in a src/href, a CSS url()
# or @import), and must render in headless Chromium to a screenshot that is not blank.
#
#   scripts/check-html-report.sh DIR...        (e.g. scripts/check-html-report.sh .build/smoke-report)
#
# Exit 0: every page passed; 1: a page failed (named on stderr); 2: usage, no page found, or no Chromium.
# Screenshots are kept in $HTML_CHECK_SHOTS (default: a temporary directory, printed) for a look by eye.
set -euo pipefail

if [[ $# -eq 0 ]]; then
    echo "usage: $0 DIR..." >&2
    exit 2
fi
mapfile -t pages < <(find "$@" -type f \( -name report.html -o -name compare.html \) | sort)
if [[ ${#pages[@]} -eq 0 ]]; then
    echo "error: no report.html or compare.html under: $*" >&2
    exit 2
fi

browser=""
for candidate in chromium chromium-browser google-chrome; do
    if command -v "$candidate" >/dev/null; then
        browser=$(command -v "$candidate")
        break
    fi
done
if [[ -z "$browser" ]]; then
    echo "error: no Chromium found (Debian: apt-get install chromium)" >&2
    exit 2
fi

shots=${HTML_CHECK_SHOTS:-$(mktemp -d -t html-check.XXXXXX)}
mkdir -p "$shots"
profile=$(mktemp -d -t html-check-profile.XXXXXX)
trap 'rm -rf "$profile"' EXIT

failed=0
for page in "${pages[@]}"; do
    if ! python3 - "$page" <<'PY'
import re, sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
problems = []
coordinate = re.compile(
    r'\s(x|y|x1|y1|x2|y2|cx|cy|r|rx|ry|width|height|points|viewBox|d|transform)="([^"]*)"')
for match in coordinate.finditer(text):
    if re.search(r'nan|inf', match.group(2), re.IGNORECASE):
        problems.append(f'non-finite coordinate {match.group(1)}="{match.group(2)[:60]}"')
# Network references are looked for in the markup only (attributes, <style> and style=""), so that a method
# name such as "css/@import" shown as text is not taken for one.
from html.parser import HTMLParser
remote = re.compile(r'^\s*(?:https?:)?//', re.IGNORECASE)
css_remote = [re.compile(r'url\(\s*["\']?\s*(?:https?:)?//', re.IGNORECASE), re.compile(r'@import', re.IGNORECASE)]
linking = {"src", "href", "xlink:href", "srcset", "poster", "data", "action"}

class Markup(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.in_style = False

    def where(self):
        return f"line {self.getpos()[0]}"

    def handle_starttag(self, tag, attrs):
        self.in_style = tag == "style"
        for name, value in attrs:
            value = value or ""
            if name in linking and remote.search(value):
                problems.append(f"network reference at {self.where()}: <{tag} {name}={value[:60]!r}>")
            if name == "style" and any(p.search(value) for p in css_remote):
                problems.append(f"network reference at {self.where()}: style={value[:60]!r}")

    def handle_endtag(self, tag):
        if tag == "style":
            self.in_style = False

    def handle_data(self, data):
        if self.in_style and any(p.search(data) for p in css_remote):
            problems.append(f"network reference in <style> at {self.where()}")

Markup().feed(text)
for problem in problems[:20]:
    print(f"{path}: {problem}", file=sys.stderr)
sys.exit(1 if problems else 0)
PY
    then
        echo "FAIL: $page (markup)" >&2
        failed=1
        continue
    fi
    shot="$shots/$(echo "$page" | tr '/ ' '__').png"
    rm -f "$shot"
    absolute=$(cd "$(dirname "$page")" && pwd)/$(basename "$page")
    if ! timeout 60 "$browser" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run \
        --hide-scrollbars --user-data-dir="$profile" --window-size=1280,2400 --screenshot="$shot" \
        "file://$absolute" >/dev/null 2>&1 || [[ ! -s "$shot" ]]; then
        echo "FAIL: $page (Chromium wrote no screenshot within 60 s)" >&2
        failed=1
        continue
    fi
    if ! python3 - "$shot" "$page" <<'PY'
import struct, sys, zlib
shot, page = sys.argv[1], sys.argv[2]
data = open(shot, "rb").read()
if data[:8] != b"\x89PNG\r\n\x1a\n":
    sys.exit(f"{page}: the screenshot is not a PNG")
position, idat, header = 8, b"", None
while position < len(data):
    length, kind = struct.unpack(">I4s", data[position:position + 8])
    body = data[position + 8:position + 8 + length]
    if kind == b"IHDR":
        header = struct.unpack(">IIBBBBB", body)
    elif kind == b"IDAT":
        idat += body
    position += 12 + length
width, height, depth, colour, _, _, interlace = header
channels = {2: 3, 6: 4}.get(colour)
if depth != 8 or channels is None or interlace != 0:
    sys.exit(f"{page}: unexpected PNG format (depth {depth}, colour type {colour}, interlace {interlace})")
raw = zlib.decompress(idat)
stride = width * channels
try:
    import numpy  # only to make the common filters fast; the loop below is the reference
except ImportError:
    numpy = None
rows, previous, offset = [], bytearray(stride), 0
for _ in range(height):
    kind, line = raw[offset], bytearray(raw[offset + 1:offset + 1 + stride])
    offset += 1 + stride
    if numpy is not None and kind in (0, 1, 2):
        current = numpy.frombuffer(bytes(line), dtype=numpy.uint8).astype(numpy.uint32)
        if kind == 2:
            current = current + numpy.frombuffer(bytes(previous), dtype=numpy.uint8)
        elif kind == 1:
            current = current.reshape(width, channels).cumsum(axis=0).reshape(-1)
        line = bytearray((current % 256).astype(numpy.uint8).tobytes())
        rows.append(bytes(line))
        previous = line
        continue
    for i in range(stride):
        left = line[i - channels] if i >= channels else 0
        up = previous[i]
        corner = previous[i - channels] if i >= channels else 0
        if kind == 1:
            line[i] = (line[i] + left) & 255
        elif kind == 2:
            line[i] = (line[i] + up) & 255
        elif kind == 3:
            line[i] = (line[i] + (left + up) // 2) & 255
        elif kind == 4:
            p = left + up - corner
            pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
            line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 255
    rows.append(bytes(line))
    previous = line
colours, ink = set(), 0
for line in rows[::4]:
    for x in range(0, stride, channels * 4):
        pixel = line[x:x + 3]
        colours.add(pixel)
        if pixel != b"\xff\xff\xff":
            ink += 1
sampled = len(rows[::4]) * len(range(0, stride, channels * 4))
share = ink / sampled
print(f"{page}: {width}x{height}, {len(colours)} colours, {share:.1%} not white")
if len(colours) < 8 or share < 0.02:
    sys.exit(f"{page}: the screenshot looks blank ({len(colours)} colours, {share:.1%} not white)")
PY
    then
        echo "FAIL: $page (blank screenshot: $shot)" >&2
        failed=1
        continue
    fi
    echo "ok: $page ($shot)"
done
exit "$failed"
