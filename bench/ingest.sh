#!/usr/bin/env bash
# Ingest benchmark: bench/ingest.sh [POSTS] (default 1,000,000). Prints posts/s of the full ingest and of
# a bare spark.read.json -> Delta write of the same generated files, measured in the same run.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
POSTS="${1:-1000000}"
mkdir -p "$ROOT/bench/out/ingest-$POSTS"
exec "$ROOT/bench/run.sh" IngestBench "$ROOT/bench/out/ingest-$POSTS" "$POSTS"
