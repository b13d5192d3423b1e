#!/usr/bin/env bash
# Nightly no-op benchmark: bench/nightly.sh. Builds a small demo warehouse (bin/brandpulse demo, 3,000 posts over
# 3 weeks, published to a PostgreSQL server of its own started with bin/postgres on 127.0.0.1), then times rounds
# of the nightly commands over it, each a bin/brandpulse process of its own (as under Airflow), wall clock:
#   sql "SELECT 1" (the floor: JVM + Spark start), ingest (the archive the demo ingested: nothing new), enrich,
#   score, aggregate, publish, sql "SELECT 1" again.
# Nothing changed since the demo, so each step should cost little more than the floor. Prints each step's median
# seconds over the rounds and its ratio to the median floor (both sql runs of every round), PASS/FAIL against the
# target ratio, and writes the table to target/bench/nightly-<date>.txt.
#
# Environment: NIGHTLY_ROUNDS (default 3), NIGHTLY_TARGET (default 1.5), BRANDPULSE_BENCH_PG_PORT (fixes the
# server's port; default a free one), BRANDPULSE_PSEUDONYM_KEY (a default of its own). The server's passwords are
# random, in its owner-only credentials file (bin/postgres); the demo makes the serving roles (serving-setup).
# Exit codes: 0 every step within the target, 1 a step above it, 2 the benchmark could not run.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BP="$ROOT/bin/brandpulse"
ROUNDS="${NIGHTLY_ROUNDS:-3}"
TARGET="${NIGHTLY_TARGET:-1.5}"
POSTS=3000
WEEKS=3
WORK="$ROOT/target/nightly"
ARCHIVE="$WORK/archive"
WAREHOUSE="$WORK/warehouse"
LOGS="$WORK/logs"
PG="$WORK/postgres"
RESULT="$ROOT/target/bench/nightly-$(date +%F).txt"
STEPS=(sql-first ingest enrich score aggregate publish sql-last)

die() {
  echo "nightly: $*" >&2
  exit 2
}

[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || die "NIGHTLY_ROUNDS must be a positive integer, not '$ROUNDS'"
[[ "$TARGET" =~ ^[0-9]+([.][0-9]+)?$ ]] || die "NIGHTLY_TARGET must be a number, not '$TARGET'"

# The demo and every later command must pseudonymise with the same key, or enrich would see other handles.
export BRANDPULSE_PSEUDONYM_KEY="${BRANDPULSE_PSEUDONYM_KEY:-nightly-bench-key-not-for-real-data}"
# shellcheck source=bench/demo-server.sh
source "$ROOT/bench/demo-server.sh"
fresh_demo_server

"$BP" --version >/dev/null   # builds the jar and the Spark classpath if needed, outside any timing
JAR="$ROOT/target/brandpulse.jar"

echo "nightly: demo warehouse ($POSTS posts, $WEEKS weeks) in $WAREHOUSE; PostgreSQL on 127.0.0.1:$PORT" >&2
t0="$(date +%s.%N)"
# BRANDPULSE_DEMO_POSTGRES=0: bin/brandpulse must not start the default server (run/postgres, 5433); ours is up.
BRANDPULSE_DEMO_POSTGRES=0 "$BP" demo --posts "$POSTS" --weeks "$WEEKS" --archive "$ARCHIVE" \
  --warehouse "$WAREHOUSE" --set "serving.postgres.port=$PORT" --set "serving.postgres.credentials-file=$PG/credentials/pgpass" \
  >"$LOGS/demo.log" 2>&1 \
  || { tail -n 40 "$LOGS/demo.log" >&2; die "the demo failed (log $LOGS/demo.log)"; }
DEMO_SECONDS="$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')"
# It publishes last and says so ("BI: ..."); without that, round 1's publish would be the first, full one.
grep -q "^BI: " "$LOGS/demo.log" || die "the demo did not publish to PostgreSQL (log $LOGS/demo.log)"
echo "nightly: demo done in $DEMO_SECONDS s" >&2

# A rebuilt jar is another code version: every job gate would miss and the rounds would measure real work.
JAR_STAMP="$(stat -c %Y "$JAR")"

# The inputs exactly as the demo passed them (DemoCommand: these five folders, in this order): ingest's gate
# is kept per list of inputs, and the roster and label folders beside them are no posts.
INPUTS=()
for d in twitter-v1 twitter-v2 reddit exports malformed; do
  INPUTS+=(--input "$ARCHIVE/$d")
done

STEP_SECONDS=""
run_step() { # STEP ROUND: runs one step as a bin/brandpulse process of its own; sets STEP_SECONDS
  local step="$1" round="$2" args log t0 t1
  case "$step" in
    sql-first | sql-last) args=(sql "SELECT 1") ;;
    # ingest.max-quarantine-ratio as the demo ran it (its archive holds malformed records on purpose).
    ingest) args=(ingest "${INPUTS[@]}" --set ingest.max-quarantine-ratio=1.0) ;;
    enrich | score) args=("$step") ;;
    aggregate) args=(aggregate --set "gold.reporting-time-zone=$ZONE") ;;
    publish) args=(publish --set "gold.reporting-time-zone=$ZONE" --set "serving.postgres.port=$PORT"
      --set "serving.postgres.credentials-file=$PG/credentials/pgpass") ;;
    *) die "unknown step $step" ;;
  esac
  log="$LOGS/round-$round-$step.log"
  t0="$(date +%s.%N)"
  if ! "$BP" "${args[0]}" --warehouse "$WAREHOUSE" "${args[@]:1}" >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    die "round $round: $step failed (log $log)"
  fi
  t1="$(date +%s.%N)"
  [ "$(stat -c %Y "$JAR")" = "$JAR_STAMP" ] \
    || die "round $round: $step rebuilt the jar (sources changed during the benchmark); timings are not comparable"
  STEP_SECONDS="$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')"
}

TIMES="$WORK/times.tsv"   # round, step, seconds
: >"$TIMES"
for round in $(seq 1 "$ROUNDS"); do
  for step in "${STEPS[@]}"; do
    run_step "$step" "$round"
    printf '%s\t%s\t%s\n' "$round" "$step" "$STEP_SECONDS" >>"$TIMES"
    echo "nightly: round $round/$ROUNDS: $step $STEP_SECONDS s" >&2
  done
done

median() { # the median of the numbers on stdin
  sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) printf "%.2f", v[(NR + 1) / 2]; else printf "%.2f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
seconds_of() { # STEP: its seconds, one line per round
  awk -F '\t' -v s="$1" '$2 == s { print $3 }' "$TIMES"
}
FLOOR="$(awk -F '\t' '$2 ~ /^sql-/ { print $3 }' "$TIMES" | median)"
awk -v f="$FLOOR" 'BEGIN { exit !(f > 0) }' || die "the floor measured $FLOOR s"

# Read-only git (no index refresh): which code was measured.
COMMIT="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
if [ "$COMMIT" != '?' ] && ! git --no-optional-locks -C "$ROOT" diff --quiet HEAD -- 2>/dev/null; then
  COMMIT+=" (uncommitted changes)"
fi

FAILED=0
TABLE="$WORK/table.txt"
{
  echo "Brand Pulse nightly no-op benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), commit $COMMIT, $(nproc) cores"
  echo "demo: $POSTS posts, $WEEKS weeks, $DEMO_SECONDS s; $ROUNDS round(s); floor = median of the sql \"SELECT 1\" runs = $FLOOR s; target ratio $TARGET"
  echo
  header="$(printf '%-10s' step)"
  for round in $(seq 1 "$ROUNDS"); do header+="$(printf ' %8s' "r$round")"; done
  printf '%s %8s %6s %6s  %s\n' "$header" median ratio no-op result
  for step in "${STEPS[@]}"; do
    line="$(printf '%-10s' "$step")"
    for s in $(seconds_of "$step"); do line+="$(printf ' %8s' "$s")"; done
    med="$(seconds_of "$step" | median)"
    ratio="$(awk -v m="$med" -v f="$FLOOR" 'BEGIN { printf "%.2f", m / f }')"
    # Rounds whose job said its gate found nothing changed (informative; the verdict is the ratio).
    noop="$({ grep -l "nothing to do" "$LOGS"/round-*-"$step".log 2>/dev/null || true; } | wc -l)"
    case "$step" in sql-*) noop="-" ;; *) noop="$noop/$ROUNDS" ;; esac
    if awk -v r="$ratio" -v t="$TARGET" 'BEGIN { exit !(r <= t) }'; then
      result=PASS
    else
      result=FAIL
      FAILED=1
    fi
    printf '%s %8s %6s %6s  %s\n' "$line" "$med" "$ratio" "$noop" "$result"
  done
  echo
  echo "logs: $LOGS"
} >"$TABLE"
tee "$RESULT" <"$TABLE"
echo "nightly: written to $RESULT" >&2
if [ "$FAILED" = 1 ]; then
  echo "nightly: FAIL: a step took more than $TARGET x the floor" >&2
  exit 1
fi
echo "nightly: PASS: every step within $TARGET x the floor" >&2
