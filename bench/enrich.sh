#!/usr/bin/env bash
# Rules benchmark: bench/enrich.sh [POSTS] (default 1,000,000). Uses (creating it through bench/ingest.sh
# when missing) the generated warehouse of that size, then times reading the posts against reading and
# matching every taxonomy rule, in the same run, and the whole enrich job.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
POSTS="${1:-1000000}"
WAREHOUSE="$ROOT/bench/out/ingest-$POSTS/warehouse"
[ -d "$WAREHOUSE/silver/posts" ] || "$ROOT/bench/ingest.sh" "$POSTS"
exec "$ROOT/bench/run.sh" EnrichBench "$WAREHOUSE"
