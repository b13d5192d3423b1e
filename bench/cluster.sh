#!/usr/bin/env bash
# Local mode vs a Spark standalone cluster: bench/cluster.sh. Runs DagCommandLinesTest with its cluster round
# switched on: the nightly DAG's spark-submit command lines for one day of the demo archive run in local[2],
# again (rerun), then against a master (spark://127.0.0.1:<cluster.master-port of conf>, 7077) and two workers
# on 127.0.0.1 started by the code behind `bin/brandpulse cluster start`; the gold tables of both warehouses must be equal (doubles to 12 digits) and
# PostgreSQL must serve them. Prints the seconds per task of each round.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mkdir -p "$ROOT/bench/out"
cd "$ROOT"
MASTER_PORT="${BRANDPULSE_TEST_MASTER_PORT:-$(sed -n 's/^ *master-port *= *\([0-9]*\).*/\1/p' conf/brandpulse.conf)}"
BRANDPULSE_TEST_CLUSTER=1 BRANDPULSE_TEST_MASTER_PORT="$MASTER_PORT" mvn -B test -Dtest=DagCommandLinesTest 2>&1 | tee "$ROOT/bench/out/cluster.log" \
  | grep -E "dag run|cluster:|Tests run:|FAIL" || true
grep -q "BUILD SUCCESS" "$ROOT/bench/out/cluster.log"
