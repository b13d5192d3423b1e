#!/usr/bin/env bash
# Compiles one bench/*.java class against the application jar and runs it through bin/brandpulse
# (the same spark-submit as the product). Usage: bench/run.sh CLASS [ARGS...]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CLASS="$1"
shift
"$ROOT/bin/brandpulse" --version >/dev/null   # builds the jar and the Spark classpath if needed
mkdir -p "$ROOT/target/bench-classes"
javac -d "$ROOT/target/bench-classes" -cp "$(cat "$ROOT/target/spark-classpath.txt"):$ROOT/target/brandpulse.jar" \
  "$ROOT/bench/$CLASS.java"
(cd "$ROOT/target/bench-classes" && jar cf "$ROOT/target/bench.jar" .)
BRANDPULSE_DRIVER_MEMORY="${BRANDPULSE_DRIVER_MEMORY:-8g}" \
BRANDPULSE_MAIN_CLASS="$CLASS" BRANDPULSE_APP_JAR="$ROOT/target/bench.jar" \
BRANDPULSE_SUBMIT_ARGS="--jars $ROOT/target/brandpulse.jar" \
  exec "$ROOT/bin/brandpulse" "$@"
