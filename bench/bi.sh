#!/usr/bin/env bash
# BI query benchmark: bench/bi.sh [RUNS] (default 200). Starts a PostgreSQL server with bin/postgres on
# 127.0.0.1 and a free port (BRANDPULSE_BENCH_PG_PORT fixes one; its own folder under bench/out), publishes
# one year of synthetic gold weeks for 50 brands (as the publisher role) and times the typical dashboard queries;
# stops the server.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS="${1:-200}"
OUT="$ROOT/bench/out/bi"
PORT="${BRANDPULSE_BENCH_PG_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
mkdir -p "$OUT"
"$ROOT/bin/postgres" stop --dir "$OUT/postgres" >/dev/null 2>&1 || true
rm -rf "$OUT/postgres" "$OUT/warehouse"   # a fresh server and warehouse each run
"$ROOT/bin/postgres" start --dir "$OUT/postgres" --port "$PORT"
trap '"$ROOT/bin/postgres" stop --dir "$OUT/postgres"' EXIT
# Its random passwords are in the server's owner-only credentials file; serving-setup makes the roles.
SERVER=(--set serving.postgres.port="$PORT" --set serving.postgres.credentials-file="$OUT/postgres/credentials/pgpass")
"$ROOT/bin/brandpulse" serving-setup "${SERVER[@]}"
"$ROOT/bench/run.sh" BiQueryBench "$OUT/warehouse" "$RUNS" "${SERVER[@]}"
