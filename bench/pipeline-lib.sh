# Sourced by bench/pipeline.sh and bench/nightly-history.sh: generating a realistic archive once, running one
# step as a spark-submit process of its own (as under Airflow) with its GC log and Spark event log, and the
# floor. Expects ROOT, LOGS and die(); pl_init sets BP, JAR and BENCH_JAR.

pl_init() {
  BP="$ROOT/bin/brandpulse"
  "$BP" --version >/dev/null # builds the jar and the Spark classpath if needed, outside any timing
  JAR="$ROOT/target/brandpulse.jar"
  BENCH_JAR="$ROOT/target/bench-pipeline.jar"
  local classes="$ROOT/target/bench-pipeline-classes"
  rm -rf "$classes"
  mkdir -p "$classes" "$LOGS"
  javac -d "$classes" -cp "$(cat "$ROOT/target/spark-classpath.txt"):$JAR" "$ROOT/bench/EngineFloorBench.java"
  (cd "$classes" && jar cf "$BENCH_JAR" .)
  JAR_STAMP="$(stat -c %Y "$JAR")"
}

# The Monday WEEKS weeks before this week's: an archive of WEEKS weeks from it ends last Sunday at the latest.
pl_start() {
  local weeks="$1" today dow
  today="$(date -u +%F)"
  dow="$(date -u -d "$today" +%u)"
  date -u -d "$today -$((weeks * 7 + dow - 1)) days" +%F
}

# pl_generate ARCHIVE POSTS WEEKS SEED START: the demo's generator (every format, both languages, threads,
# malformed records, labelled sets), kept between runs of the same parameters. Sets ARCHIVE_POSTS.
pl_generate() {
  local archive="$1" posts="$2" weeks="$3" seed="$4" start="$5" params log
  params="posts=$posts weeks=$weeks seed=$seed start=$start generator=$(sha256sum "$JAR" | cut -c1-12)"
  log="$LOGS/generate.log"
  if [ -f "$archive/.bench-params" ] && [ "$(cat "$archive/.bench-params")" = "$params" ]; then
    echo "bench: reusing the archive in $archive ($params)" >&2
  else
    rm -rf "$archive"
    echo "bench: generating $posts posts over $weeks weeks from $start into $archive" >&2
    java -Xmx4g -cp "$JAR:$(cat "$ROOT/target/spark-classpath.txt")" com.brandpulse.demo.SampleArchive \
      "$archive" "$posts" "$weeks" "$seed" "--start=$start" >"$log" 2>&1 \
      || { tail -n 20 "$log" >&2; die "generating the archive failed (log $log)"; }
    sed -n 's/^wrote \([0-9]*\) posts.*/\1/p' "$log" >"$archive/.bench-posts"
    echo "$params" >"$archive/.bench-params"
  fi
  ARCHIVE_POSTS="$(cat "$archive/.bench-posts")"
  [[ "$ARCHIVE_POSTS" =~ ^[0-9]+$ ]] || die "no post count for $archive"
}

# The archive's post folders, in the order ingest reads them (SampleArchive.POST_FOLDERS).
pl_post_folders() {
  local archive="$1" d
  for d in twitter-v1 twitter-v2 reddit mastodon bluesky youtube facebook exports malformed; do
    [ -d "$archive/$d" ] && echo "$archive/$d"
  done
  return 0
}

# pl_step NAME WAREHOUSE -- COMMAND ARGS...: one bin/brandpulse process, wall clock, with a GC log and a Spark
# event log of its own; appends "NAME<TAB>seconds<TAB>metrics" to $TIMES. NAME floor runs EngineFloorBench.
pl_step() {
  local name="$1" warehouse="$2" log gc events t0 t1 seconds main=() jars="" where=() metrics
  shift 3
  log="$LOGS/$name.log"
  gc="$LOGS/$name.gc"
  events="$LOGS/events-$name"
  rm -rf "$events" "$gc"
  mkdir -p "$events"
  if [ "$name" = floor ]; then
    main=(BRANDPULSE_MAIN_CLASS=EngineFloorBench "BRANDPULSE_APP_JAR=$BENCH_JAR")
    jars="--jars $JAR "
  else
    where=(--warehouse "$warehouse")
  fi
  t0="$(date +%s.%N)"
  if ! env "${main[@]}" \
    BRANDPULSE_DRIVER_MEMORY="${BRANDPULSE_DRIVER_MEMORY:-4g}" \
    BRANDPULSE_JAVA_OPTS="-Xlog:gc:file=$gc" \
    BRANDPULSE_SUBMIT_ARGS="$jars--conf spark.eventLog.enabled=true --conf spark.eventLog.dir=file://$events --conf spark.eventLog.compress=false" \
    "$BP" "$@" "${where[@]}" >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    die "$name failed (log $log)"
  fi
  t1="$(date +%s.%N)"
  [ "$(stat -c %Y "$JAR")" = "$JAR_STAMP" ] \
    || die "$name rebuilt the jar (sources changed during the benchmark); timings are not comparable"
  seconds="$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')"
  metrics="$(python3 "$ROOT/bench/spark_metrics.py" "$gc" "$events")"
  printf '%s\t%s\t%s\n' "$name" "$seconds" "$metrics" >>"$TIMES"
  echo "bench: $name $seconds s" >&2
}

# pl_seconds STEP: its seconds in $TIMES.
pl_seconds() { awk -F '\t' -v s="$1" '$1 == s { print $2 }' "$TIMES"; }

# pl_sizes POSTS WEEKS: both positive integers, or die.
pl_sizes() {
  [[ "$1" =~ ^[1-9][0-9]*$ ]] || die "POSTS must be a positive integer, not '$1'"
  [[ "$2" =~ ^[1-9][0-9]*$ ]] || die "WEEKS must be a positive integer, not '$2'"
}

# pl_models PREFIX WAREHOUSE ARCHIVE: the models as the demo trains them (DemoCommand): the archive's labelled
# sets, sentiment with one search draw measured on the generated set's own validation part, topics per language.
pl_models() {
  local prefix="$1" wh="$2" archive="$3" quick
  quick=(--set ml.sentiment.en.search.trials=1 --set ml.sentiment.ko.search.trials=1
    --set ml.sentiment.en.evaluation-source=tweeteval:validation
    --set 'ml.sentiment.en.evaluation-splits=[validation]' --set 'ml.sentiment.en.also-evaluate=[]')
  pl_step "$prefix-labels-semeval" "$wh" -- labels import --format semeval --input "$archive/labels/en/semeval"
  pl_step "$prefix-labels-tweeteval" "$wh" -- labels import --format tweeteval --input "$archive/labels/en/tweeteval"
  pl_step "$prefix-labels-nsmc" "$wh" -- labels import --format nsmc --input "$archive/labels/ko/nsmc"
  pl_step "$prefix-sentiment-en" "$wh" -- train-sentiment --lang en "${quick[@]}"
  pl_step "$prefix-sentiment-ko" "$wh" -- train-sentiment --lang ko "${quick[@]}"
  pl_step "$prefix-topics-en" "$wh" -- train-topics --lang en
  pl_step "$prefix-topics-ko" "$wh" -- train-topics --lang ko
}

# pl_complaints PREFIX WAREHOUSE: the complaint-theme models as the demo trains them (DemoCommand), after a first
# score has found the warehouse's negative posts: complaints-<lang> with 8 themes per language. The caller scores
# again to apply them, so that score and aggregate meet the complaint topics and themes a real warehouse has.
pl_complaints() {
  local prefix="$1" wh="$2"
  pl_step "$prefix-complaints-en" "$wh" -- train-topics --lang en --scope complaints -k 8
  pl_step "$prefix-complaints-ko" "$wh" -- train-topics --lang ko --scope complaints -k 8
}

# Which code was measured (read-only git: no index refresh).
pl_commit() {
  local commit
  commit="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
  if [ "$commit" != '?' ] && ! git --no-optional-locks -C "$ROOT" diff --quiet HEAD -- 2>/dev/null; then
    commit+=" (uncommitted changes)"
  fi
  echo "$commit"
}

pl_mib() { # BYTES: as MiB, or "-"
  awk -v b="$1" 'BEGIN { if (b == "-") print "-"; else printf "%.0f", b / 1048576 }'
}
