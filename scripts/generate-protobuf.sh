#!/usr/bin/env bash
# Regenerates Sources/StatsExport/Prometheus/Protobuf/metrics.pb.swift from proto/io/prometheus/client/metrics.proto
# (the Prometheus protobuf exposition format). The generated Swift is committed: building the generator takes
# minutes, so a normal build never runs it.
#
# Needs protoc (Debian: apt-get install protobuf-compiler) and swift-protobuf's protoc-gen-swift at the version of
# the SwiftProtobuf runtime the package depends on (1.39.0). Give its path as $PROTOC_GEN_SWIFT, or let the script
# build it from a swift-protobuf checkout outside the repository ($SWIFT_PROTOBUF_SOURCE, default a clone of
# https://github.com/apple/swift-protobuf.git at 1.39.0 under $PROTOBUF_BUILD_DIR, default /tmp/statsbench-protobuf).
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=1.39.0
OUT=Sources/StatsExport/Prometheus/Protobuf
command -v protoc >/dev/null || { echo "error: protoc is not installed (apt-get install protobuf-compiler)" >&2; exit 1; }

PLUGIN=${PROTOC_GEN_SWIFT:-}
if [[ -z $PLUGIN ]]; then
    BUILD_DIR=${PROTOBUF_BUILD_DIR:-/tmp/statsbench-protobuf}
    SOURCE=${SWIFT_PROTOBUF_SOURCE:-$BUILD_DIR/swift-protobuf}
    if [[ ! -d $SOURCE ]]; then
        git clone --quiet --depth 1 --branch "$VERSION" https://github.com/apple/swift-protobuf.git "$SOURCE"
    fi
    (cd "$SOURCE" && swift build -c release --product protoc-gen-swift)
    PLUGIN=$SOURCE/.build/release/protoc-gen-swift
fi
[[ -x $PLUGIN ]] || { echo "error: protoc-gen-swift not found at $PLUGIN" >&2; exit 1; }
"$PLUGIN" --version | grep -q "$VERSION" \
    || echo "warning: $("$PLUGIN" --version) is not protoc-gen-swift $VERSION, the runtime the package uses" >&2

mkdir -p "$OUT"
protoc --plugin=protoc-gen-swift="$PLUGIN" --proto_path=proto \
    --swift_opt=Visibility=Internal --swift_opt=FileNaming=DropPath \
    --swift_out="$OUT" io/prometheus/client/metrics.proto
echo "generated $OUT/metrics.pb.swift with $("$PLUGIN" --version)"
