#!/usr/bin/env bash
# Kill -9 benchmark: bench/chaos.sh. Does a crash at any moment leave the warehouse (and PostgreSQL) as a clean run
# would, once the job is run again?
#
# 1. A demo warehouse (bin/brandpulse demo, 3,000 posts over 3 weeks, published to a PostgreSQL server of its own),
#    then a new night's archive (SampleArchive: the week after, another seed; its Reddit ids repeat the demo's, so
#    some posts come back edited, some across a month boundary).
# 2. The clean night: ingest -> enrich -> score -> aggregate -> publish, each a bin/brandpulse process of its own
#    (as under Airflow), the warehouse copied before each step and the content of every table taken after it
#    (bench/TableDigest.java: rows and an order-free digest without the columns that say when or in which run;
#    PostgreSQL: every table of the served schemas, likewise). Logs of attempts are left out: ops.ingest_runs,
#    ops.alerts_sent and serving.publish_runs (one row per run and table saying what the last attempt copied: a
#    retry after a kill between two tables' transactions says it copied nothing for the tables already done).
# 3. For each job, trial 0 reruns it from the copy taken before it without a kill (the digests must be
#    reproducible at all), then CHAOS_KILLS trials each start the job from that copy, kill -9 its whole process
#    group at a random moment of its clean duration, run it again to the end, and compare every table with the
#    clean night's right after that job. publish gets a PostgreSQL database per trial, copied from the one before
#    the night, and its tables are compared too.
#
# Environment: CHAOS_KILLS (kill points per job, default 3), CHAOS_SEED (default 1; the kill moments follow it),
# CHAOS_FROM (the earliest kill moment in seconds, default 8: before that the JVM and Spark are starting),
# CHAOS_JOBS (default "ingest enrich score aggregate publish"), BRANDPULSE_BENCH_PG_PORT.
# Prints a line per trial and writes them to target/bench/chaos-<date>.txt.
# Exit codes: 0 every trial equal to the clean night, 1 a trial that differs, 2 the benchmark could not run.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BP="$ROOT/bin/brandpulse"
KILLS="${CHAOS_KILLS:-3}"
RANDOM="${CHAOS_SEED:-1}"
FROM="${CHAOS_FROM:-8}"
read -r -a JOBS <<<"${CHAOS_JOBS:-ingest enrich score aggregate publish}"
WORK="$ROOT/target/chaos"
LOGS="$WORK/logs"
PG="$WORK/postgres"
RESULT="$ROOT/target/bench/chaos-$(date +%F).txt"

die() {
  echo "chaos: $*" >&2
  exit 2
}
[[ "$KILLS" =~ ^[0-9]+$ ]] || die "CHAOS_KILLS must be a number, not '$KILLS'"
[[ "$FROM" =~ ^[0-9]+([.][0-9]+)?$ ]] || die "CHAOS_FROM must be a number, not '$FROM'"

export BRANDPULSE_PSEUDONYM_KEY="${BRANDPULSE_PSEUDONYM_KEY:-chaos-bench-key-not-for-real-data}"
# shellcheck source=bench/demo-server.sh
source "$ROOT/bench/demo-server.sh"
fresh_demo_server
export PGPASSFILE="$PG/credentials/pgpass"
export PGOPTIONS="-c client_min_messages=warning"
PSQL="$(command -v psql || true)"
[ -n "$PSQL" ] || die "psql not found (apt-get install postgresql-client)"
psql_as() { # USER DB SQL
  "$PSQL" -X -q -At -h 127.0.0.1 -p "$PORT" -U "$1" -d "$2" -v ON_ERROR_STOP=1 -c "$3"
}

"$BP" --version >/dev/null
JAR="$ROOT/target/brandpulse.jar"
PGSET=(--set "serving.postgres.port=$PORT" --set "serving.postgres.credentials-file=$PG/credentials/pgpass")

echo "chaos: demo warehouse and PostgreSQL on 127.0.0.1:$PORT" >&2
BRANDPULSE_DEMO_POSTGRES=0 "$BP" demo --posts 3000 --weeks 3 --archive "$WORK/demo-archive" \
  --warehouse "$WORK/s0" "${PGSET[@]}" >"$LOGS/demo.log" 2>&1 \
  || { tail -n 40 "$LOGS/demo.log" >&2; die "the demo failed (log $LOGS/demo.log)"; }
grep -q "^BI: " "$LOGS/demo.log" || die "the demo did not publish (log $LOGS/demo.log)"
java -cp "$JAR:$(cat "$ROOT/target/spark-classpath.txt")" com.brandpulse.demo.SampleArchive "$WORK/night" 1500 1 7 \
  --start=2026-09-28 >"$LOGS/night-archive.log" 2>&1 || die "the night's archive failed (log $LOGS/night-archive.log)"
INPUTS=()
for d in twitter-v1 twitter-v2 reddit exports malformed; do
  [ -d "$WORK/night/$d" ] && INPUTS+=(--input "$WORK/night/$d")
done
# PostgreSQL as it was before the night: every publish trial starts from a copy of it.
psql_as postgres postgres "CREATE DATABASE chaos_before TEMPLATE brandpulse"

args_of() { # JOB DB: the job's command line (publish into DB)
  case "$1" in
    ingest) echo ingest "${INPUTS[@]}" --set ingest.max-quarantine-ratio=1.0 ;;
    enrich | score) echo "$1" ;;
    aggregate) echo aggregate --set "gold.reporting-time-zone=$ZONE" ;;
    publish) echo publish --run-id chaos-night --set "gold.reporting-time-zone=$ZONE" "${PGSET[@]}" \
      --set "serving.postgres.database=$2" ;;
  esac
}

new_database() { # NAME: a copy of PostgreSQL before the night the publisher may connect to
  psql_as postgres postgres "DROP DATABASE IF EXISTS $1"
  psql_as postgres postgres "CREATE DATABASE $1 TEMPLATE chaos_before"
  psql_as postgres postgres "GRANT CONNECT ON DATABASE $1 TO brandpulse_publisher"
}

digest() { # WAREHOUSE DB OUT: the content of every table (of PostgreSQL too when DB is not "-")
  "$ROOT/bench/run.sh" TableDigest "$1" >"$3.out" 2>>"$LOGS/digest.log" || die "TableDigest $1 failed (log $LOGS/digest.log)"
  grep -E '^(bronze|silver|gold|ml|ops)\.' "$3.out" >"$3" || die "TableDigest $1 printed no table"
  [ "$2" != - ] || return 0
  local t cols
  while IFS='|' read -r t cols; do
    printf 'pg:%-31s %s\n' "$t" "$(psql_as brandpulse_publisher "$2" \
      "SELECT count(*) || ' ' || md5(coalesce(string_agg(r::text, E'\\n' ORDER BY r::text), '')) FROM (SELECT $cols FROM $t) r")"
  done < <(psql_as brandpulse_publisher "$2" "SELECT table_schema || '.' || table_name || '|' ||
      string_agg(quote_ident(column_name), ',' ORDER BY ordinal_position) FROM information_schema.columns
      WHERE table_schema NOT IN ('pg_catalog', 'information_schema', 'public', 'bi')
        AND table_name <> 'publish_runs'
        AND column_name NOT IN ('published_at', 'computed_at', 'updated_at', 'loaded_at', 'started_at', 'finished_at')
      GROUP BY table_schema, table_name ORDER BY 1") >>"$3"
}

run_job() { # JOB WAREHOUSE DB LOG: runs the job to its end; exit 0 (ingest: 3, the archive's malformed records) is done
  local code=0
  # shellcheck disable=SC2046
  "$BP" $(args_of "$1" "$3") --warehouse "$2" >"$4" 2>&1 || code=$?
  [ "$code" = 0 ] || { [ "$1" = ingest ] && [ "$code" = 3 ]; }
}

# The clean night: a copy of the warehouse before each step, the content of every table after it.
declare -A SECONDS_OF
prev="$WORK/s0"
new_database chaos_clean
for job in ingest enrich score aggregate publish; do
  cp -a "$prev" "$WORK/before-$job"
  t0="$(date +%s.%N)"
  run_job "$job" "$prev" chaos_clean "$LOGS/clean-$job.log" || { tail -n 30 "$LOGS/clean-$job.log" >&2; die "clean $job failed"; }
  SECONDS_OF[$job]="$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')"
  pgdb=-
  [ "$job" = publish ] && pgdb=chaos_clean
  digest "$prev" "$pgdb" "$WORK/clean-$job.digest"
  echo "chaos: clean $job ${SECONDS_OF[$job]} s" >&2
done

FAILED=0
REPORT="$WORK/report.txt"
: >"$REPORT"
for job in "${JOBS[@]}"; do
  for trial in $(seq 0 "$KILLS"); do
    w="$WORK/trial"
    rm -rf "$w"
    cp -a "$WORK/before-$job" "$w"
    db=chaos_trial
    pgdb=-
    if [ "$job" = publish ]; then
      new_database "$db"   # PostgreSQL as before the night
      pgdb="$db"
    fi
    killed="-"
    if [ "$trial" -gt 0 ]; then
      d="${SECONDS_OF[$job]}"
      # a moment from CHAOS_FROM seconds (the JVM and Spark are up by then) to the clean run's end
      at="$(awk -v d="$d" -v r="$RANDOM" -v lo="$FROM" 'BEGIN { hi = (d > lo + 1) ? d - 0.5 : lo + 0.5; printf "%.1f", lo + (hi - lo) * r / 32767 }')"
      # shellcheck disable=SC2046
      setsid "$BP" $(args_of "$job" "$db") --warehouse "$w" >"$LOGS/trial-$job-$trial-killed.log" 2>&1 &
      pid=$!
      sleep "$at"
      if kill -0 "$pid" 2>/dev/null; then
        kill -9 -- "-$pid" 2>/dev/null || true
        killed="${at}s"
      else
        killed="${at}s(ended-first)"
      fi
      wait "$pid" 2>/dev/null || true
    fi
    if ! run_job "$job" "$w" "$db" "$LOGS/trial-$job-$trial.log"; then
      verdict="RERUN-FAILED (log $LOGS/trial-$job-$trial.log)"
      FAILED=1
    else
      digest "$w" "$pgdb" "$WORK/trial.digest"
      if diff -u "$WORK/clean-$job.digest" "$WORK/trial.digest" >"$LOGS/trial-$job-$trial.diff"; then
        verdict=EQUAL
      else
        verdict="DIFFERENT ($LOGS/trial-$job-$trial.diff)"
        FAILED=1
      fi
    fi
    line="$(printf '%-9s trial %s  kill at %-20s %s' "$job" "$trial" "$killed" "$verdict")"
    echo "chaos: $line" >&2
    echo "$line" >>"$REPORT"
  done
done

COMMIT="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
{
  echo "Brand Pulse kill -9 benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), commit $COMMIT, $(nproc) cores, seed ${CHAOS_SEED:-1}, kills from $FROM s"
  echo "clean night: $(for j in ingest enrich score aggregate publish; do printf '%s %s s  ' "$j" "${SECONDS_OF[$j]}"; done)"
  echo "tables compared after each job: every Delta table of the warehouse (publish: and every PostgreSQL table)"
  echo "trial 0 of each job reruns it without a kill (the digests are reproducible); the others kill -9 it first"
  echo
  cat "$REPORT"
  echo
  echo "logs and diffs: $LOGS"
} | tee "$RESULT"
[ "$FAILED" = 0 ] || { echo "chaos: FAIL: a trial differs from the clean night" >&2; exit 1; }
echo "chaos: PASS" >&2
