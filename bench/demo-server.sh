# Sourced by the benchmarks that run the demo against a PostgreSQL server of their own (nightly.sh, chaos.sh).
# fresh_demo_server expects ROOT, WORK, PG, LOGS, RESULT and die(); it sets PORT (BRANDPULSE_BENCH_PG_PORT, else a
# free one) and ZONE (the demo's reporting time zone), empties WORK and makes it the working folder (relative
# outputs such as the demo's reports/ land there), and starts the server, stopped when the benchmark exits.
fresh_demo_server() {
  PORT="${BRANDPULSE_BENCH_PG_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
  # The demo's gold tables use demo.reporting-time-zone; later commands on its warehouse pass it as
  # gold.reporting-time-zone (docs/serving.md), or aggregate would see other settings and recompute every week.
  ZONE="$(awk '/^ *demo *\{/ { d = 1 } d && /^ *reporting-time-zone *=/ { sub(/^[^"]*"/, ""); sub(/".*/, ""); print; exit }' \
    "$ROOT/conf/brandpulse.conf")"
  [ -n "$ZONE" ] || die "no demo.reporting-time-zone in conf/brandpulse.conf"
  # A fresh warehouse and server each run. The server's files may live under /tmp (bin/postgres, as root).
  "$ROOT/bin/postgres" stop --dir "$PG" >/dev/null 2>&1 || true
  if [ -f "$PG/runtime" ]; then
    case "$(cat "$PG/runtime")" in
      /tmp/brandpulse-postgres.*) rm -rf "$(cat "$PG/runtime")" ;;
    esac
  fi
  rm -rf "$WORK"
  mkdir -p "$LOGS" "$(dirname "$RESULT")"
  cd "$WORK"
  "$ROOT/bin/postgres" start --dir "$PG" --port "$PORT" >"$LOGS/postgres.log" 2>&1 \
    || { cat "$LOGS/postgres.log" >&2; die "bin/postgres start failed"; }
  trap '"$ROOT/bin/postgres" stop --dir "$PG" >/dev/null 2>&1 || true' EXIT
}
