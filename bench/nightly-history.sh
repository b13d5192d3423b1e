#!/usr/bin/env bash
# Nightly-on-history benchmark: bench/nightly-history.sh [POSTS] [WEEKS] (default 3,000,000 posts over 52 weeks).
#
# Does a night cost what the night brought, or what the warehouse already holds? Generates one archive of WEEKS + 1
# weeks with the demo's realistic mix (POSTS over the first WEEKS weeks, at the same rate after) ending last Sunday,
# and splits it: the night is the files of its last day (Twitter v1 stream, Mastodon, Bluesky, YouTube and Facebook
# pages of that day, whose replies run into older threads); the history is every other file. Then:
#   year   a warehouse built from the history (ingest, people, enrich, models as the demo trains them, score,
#          the complaint-theme models and score again as the demo does, aggregate, publish to a PostgreSQL server
#          of its own): set-up, timed but not compared
#   empty  a warehouse with the same models (the year's ml.model_registry, whose artifacts stay in the year's
#          folder) and the roster, nothing else
# and runs the nightly chain over the night's files on both, each step a spark-submit process of its own as under
# Airflow: ingest, enrich, score, aggregate, alert, publish (the year first, so the empty warehouse gets any warm
# file cache). Prints each step's seconds on both, the ratio year/empty, its GC and Spark metrics, and PASS/FAIL
# against NIGHTLY_HISTORY_TARGET (default 1.3) per step. Keeps the archive between runs of the same size; writes
# target/bench/nightly-history-<POSTS>-<WEEKS>.txt and .tsv. NIGHTLY_HISTORY_KEEP=DIR keeps a copy of the year as
# the night's aggregate finds it (after the night's ingest, enrich and score), to time that step again on copies.
# Exit codes: 0 every step within the target, 1 a step above it, 2 the benchmark could not run.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
POSTS="${1:-3000000}"
WEEKS="${2:-52}"
TARGET="${NIGHTLY_HISTORY_TARGET:-1.3}"
SEED=19
WORK="$ROOT/target/bench-nightly-history/run-$POSTS-$WEEKS"
ARCHIVE="$ROOT/target/bench-nightly-history/archive-$POSTS-$WEEKS"
LOGS="$WORK/logs"
PG="$WORK/postgres"
PG_EMPTY="$WORK/postgres-empty"
RESULT="$ROOT/target/bench/nightly-history-$POSTS-$WEEKS.txt"
TIMES="$WORK/times.tsv"
NIGHT_STEPS=(ingest enrich score aggregate alert publish)

die() {
  echo "nightly-history: $*" >&2
  exit 2
}
export BRANDPULSE_PSEUDONYM_KEY="${BRANDPULSE_PSEUDONYM_KEY:-nightly-history-bench-key-not-for-real-data}"
# shellcheck source=bench/demo-server.sh
source "$ROOT/bench/demo-server.sh"
# shellcheck source=bench/pipeline-lib.sh
source "$ROOT/bench/pipeline-lib.sh"
pl_sizes "$POSTS" "$WEEKS"
fresh_demo_server # the year's server, on $PORT
PORT_YEAR="$PORT"
PORT_EMPTY="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"$ROOT/bin/postgres" start --dir "$PG_EMPTY" --port "$PORT_EMPTY" >"$LOGS/postgres-empty.log" 2>&1 \
  || { cat "$LOGS/postgres-empty.log" >&2; die "bin/postgres start failed"; }
trap '"$ROOT/bin/postgres" stop --dir "$PG" >/dev/null 2>&1 || true
  "$ROOT/bin/postgres" stop --dir "$PG_EMPTY" >/dev/null 2>&1 || true' EXIT
pl_init

# One archive of WEEKS + 1 weeks, so that the night's replies belong to threads of the history.
START="$(pl_start $((WEEKS + 1)))"
pl_generate "$ARCHIVE/all" $((POSTS * (WEEKS + 1) / WEEKS)) $((WEEKS + 1)) "$SEED" "$START"
NIGHT_DAY="$(date -u -d "$START +$(((WEEKS + 1) * 7 - 1)) days" +%F)"
HISTORY="$WORK/history"
NIGHT="$WORK/night"
# The split, as hard links into the kept archive (regular files to every reader; a copy where links fail): the day's daily files are the night, the rest the history.
link() { ln "$1" "$2" 2>/dev/null || cp -p "$1" "$2"; }
for d in $(pl_post_folders "$ARCHIVE/all"); do
  f="$(basename "$d")"
  mkdir -p "$HISTORY/$f"
  for file in "$d"/*; do
    case "$(basename "$file")" in
      *"-$NIGHT_DAY".json | *"-$NIGHT_DAY".jsonl.gz) mkdir -p "$NIGHT/$f" && link "$file" "$NIGHT/$f/" ;;
      *) link "$file" "$HISTORY/$f/" ;;
    esac
  done
done
[ -d "$NIGHT" ] || die "no file of $NIGHT_DAY in $ARCHIVE/all"
inputs() { # FOLDER: --input for each of its post folders
  local d
  for d in $(pl_post_folders "$1"); do printf -- '--input\n%s\n' "$d"; done
}
mapfile -t HISTORY_INPUTS < <(inputs "$HISTORY")
mapfile -t NIGHT_INPUTS < <(inputs "$NIGHT")
night_posts() { # the night's records: JSON lines, or the elements of the pages' data arrays
  python3 - "$NIGHT" <<'EOF'
import gzip, json, os, sys
n = 0
for d, _, names in os.walk(sys.argv[1]):
    for name in names:
        p = os.path.join(d, name)
        if name.endswith(".jsonl.gz"):
            with gzip.open(p, "rt", encoding="utf-8") as f:
                n += sum(1 for line in f if line.strip())
        else:
            with open(p, encoding="utf-8") as f:
                doc = json.load(f)
            items = doc if isinstance(doc, list) else next((v for v in doc.values() if isinstance(v, list)), [])
            n += len(items)
print(n)
EOF
}
NIGHT_RECORDS="$(night_posts)"

YEAR="$WORK/year"
EMPTY="$WORK/empty"
serving() { # PORT PGDIR
  printf -- '--set\nserving.postgres.port=%s\n--set\nserving.postgres.credentials-file=%s/credentials/pgpass\n' "$1" "$2"
}
mapfile -t SERVING_YEAR < <(serving "$PORT_YEAR" "$PG")
mapfile -t SERVING_EMPTY < <(serving "$PORT_EMPTY" "$PG_EMPTY")

: >"$TIMES"
SETUP_STARTED="$(date +%s)"
pl_step year-ingest "$YEAR" -- ingest "${HISTORY_INPUTS[@]}" --set ingest.max-quarantine-ratio=1.0
pl_step year-people "$YEAR" -- people --input "$ARCHIVE/all/roster/employees.csv"
pl_step year-enrich "$YEAR" -- enrich
pl_models year "$YEAR" "$ARCHIVE/all"
pl_step year-score "$YEAR" -- score
pl_complaints year "$YEAR"
pl_step year-score-complaints "$YEAR" -- score
pl_step year-aggregate "$YEAR" -- aggregate
pl_step year-serving-setup "$YEAR" -- serving-setup "${SERVING_YEAR[@]}"
pl_step year-publish "$YEAR" -- publish "${SERVING_YEAR[@]}"
SETUP_SECONDS=$(($(date +%s) - SETUP_STARTED))

# The empty warehouse: the year's registry (a Delta table; its rows name the artifacts in the year's folder).
mkdir -p "$EMPTY/ml"
cp -a "$YEAR/ml/model_registry" "$EMPTY/ml/"
pl_step empty-people "$EMPTY" -- people --input "$ARCHIVE/all/roster/employees.csv"
pl_step empty-serving-setup "$EMPTY" -- serving-setup "${SERVING_EMPTY[@]}"

night() { # WAREHOUSE PREFIX SERVING...
  local wh="$1" prefix="$2" step
  shift 2
  for step in "${NIGHT_STEPS[@]}"; do
    case "$step" in
      ingest) pl_step "$prefix-ingest" "$wh" -- ingest "${NIGHT_INPUTS[@]}" ;;
      publish) pl_step "$prefix-publish" "$wh" -- publish "$@" ;;
      aggregate)
        if [ -n "${NIGHTLY_HISTORY_KEEP:-}" ] && [ "$prefix" = night-year ]; then
          # The year as the night's aggregate finds it, to time that step again on copies (A/B builds).
          rm -rf "$NIGHTLY_HISTORY_KEEP" && cp -a "$wh" "$NIGHTLY_HISTORY_KEEP"
        fi
        pl_step "$prefix-aggregate" "$wh" -- aggregate
        ;;
      *) pl_step "$prefix-$step" "$wh" -- "$step" ;;
    esac
  done
}
night "$YEAR" night-year "${SERVING_YEAR[@]}"
night "$EMPTY" night-empty "${SERVING_EMPTY[@]}"

FAILED=0
metrics() { # STEP: heap before and after a collection, MiB shuffled
  awk -F '\t' -v s="$1" '$1 == s { printf "%s/%s/%.0f", $3, $4, ($7 == "-" ? 0 : $7 / 1048576) }' "$TIMES"
}
{
  echo "Brand Pulse nightly-on-history benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(pl_commit), $(nproc) cores,"
  echo "local[2], driver heap ${BRANDPULSE_DRIVER_MEMORY:-4g}; archive: $ARCHIVE_POSTS posts over $((WEEKS + 1)) weeks (demo mix,"
  echo "seed $SEED); the night: $NIGHT_DAY's daily files, $NIGHT_RECORDS records; the year's set-up took $SETUP_SECONDS s"
  echo
  printf '%-10s %9s %9s %6s %7s  %-24s %-24s\n' step year-s empty-s ratio result "year heap/after/shufw MiB" "empty heap/after/shufw MiB"
  for step in "${NIGHT_STEPS[@]}"; do
    y="$(pl_seconds "night-year-$step")"
    e="$(pl_seconds "night-empty-$step")"
    ratio="$(awk -v y="$y" -v e="$e" 'BEGIN { printf "%.2f", y / e }')"
    result=FAIL
    if awk -v r="$ratio" -v t="$TARGET" 'BEGIN { exit !(r <= t) }'; then result=PASS; fi
    printf '%-10s %9s %9s %6s %7s  %-24s %-24s\n' "$step" "$y" "$e" "$ratio" "$result" \
      "$(metrics "night-year-$step")" "$(metrics "night-empty-$step")"
  done
  echo
  echo "set-up steps of the year (seconds): $(awk -F '\t' '$1 ~ /^year-/ { printf "%s %s; ", substr($1, 6), $2 }' "$TIMES")"
  echo "logs: $LOGS"
} >"$RESULT"
cat "$RESULT"
cp "$TIMES" "${RESULT%.txt}.tsv"
# The verdicts are in the table (the block above ran in this shell, but keep one source of truth).
awk '$5 == "FAIL" { f = 1 } END { exit !f }' "$RESULT" && FAILED=1
if [ "$FAILED" = 1 ]; then
  echo "nightly-history: FAIL: a step on the year took more than $TARGET x the same night on the empty warehouse" >&2
  exit 1
fi
echo "nightly-history: PASS: every step within $TARGET x" >&2
