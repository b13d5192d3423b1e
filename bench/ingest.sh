#!/usr/bin/env bash
# Ingest benchmark: bench/ingest.sh [POSTS] (default 1,000,000). Prints posts/s of the full ingest and of
# a bare spark.read.json -> Delta write of the same generated files, measured in the same run.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
POSTS="${1:-1000000}"
OUT="$ROOT/bench/out/ingest-$POSTS"
"$ROOT/bin/brandpulse" --version >/dev/null   # builds the jar and the Spark classpath if needed
CP="$(cat "$ROOT/target/spark-classpath.txt")"
mkdir -p "$ROOT/target/bench-classes" "$OUT"
javac -d "$ROOT/target/bench-classes" -cp "$CP:$ROOT/target/brandpulse.jar" "$ROOT/bench/IngestBench.java"
(cd "$ROOT/target/bench-classes" && jar cf "$ROOT/target/bench.jar" .)
JAVA17_FLAGS="$(sed -n 's:.*<spark.java17.flags>\(.*\)</spark.java17.flags>.*:\1:p' "$ROOT/pom.xml")"
export SPARK_LOCAL_IP=127.0.0.1
exec java ${JAVA17_FLAGS} -Xmx"${BRANDPULSE_DRIVER_MEMORY:-8g}" \
  -Dlog4j2.configurationFile="file:$ROOT/conf/log4j2.properties" -cp "$CP" \
  org.apache.spark.deploy.SparkSubmit --master "${BRANDPULSE_MASTER:-local[2]}" \
  --properties-file "$ROOT/conf/spark-defaults.conf" --jars "$ROOT/target/brandpulse.jar" \
  --class IngestBench "$ROOT/target/bench.jar" "$OUT" "$POSTS"
