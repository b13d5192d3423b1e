#!/usr/bin/env bash
# Ingest benchmark: bench/ingest.sh [POSTS] (default 1,000,000). Prints posts/s of the full ingest and of
# a bare spark.read.json -> Delta write of the same generated files, measured in the same run.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
POSTS="${1:-1000000}"
OUT="$ROOT/bench/out/ingest-$POSTS"
"$ROOT/bin/brandpulse" --version >/dev/null   # builds the jar and the Spark classpath if needed
mkdir -p "$ROOT/target/bench-classes" "$OUT"
javac -d "$ROOT/target/bench-classes" -cp "$(cat "$ROOT/target/spark-classpath.txt"):$ROOT/target/brandpulse.jar" \
  "$ROOT/bench/IngestBench.java"
(cd "$ROOT/target/bench-classes" && jar cf "$ROOT/target/bench.jar" .)
BRANDPULSE_DRIVER_MEMORY="${BRANDPULSE_DRIVER_MEMORY:-8g}" \
BRANDPULSE_MAIN_CLASS=IngestBench BRANDPULSE_APP_JAR="$ROOT/target/bench.jar" \
BRANDPULSE_SUBMIT_ARGS="--jars $ROOT/target/brandpulse.jar" \
  exec "$ROOT/bin/brandpulse" "$OUT" "$POSTS"
