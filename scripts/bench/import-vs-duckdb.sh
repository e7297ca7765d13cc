#!/usr/bin/env bash
# `import` of generated trades (parse, dedupe, fsynced log, exact 1m/1h aggregates committed) against DuckDB reading the same
# CSV into exact 1-minute candles with one GROUP BY (2 threads, in memory). Alternating pairs; prints the median ratio.
#   scripts/bench/import-vs-duckdb.sh [trades=2000000] [pairs=3]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/side-by-side.sh"
trades=${1:-2000000} pairs=${2:-3}
prepare_cli; prepare_npm_peers
dotnet build "$bench_root/api/MarketAnalytics.Api.Benchmarks" -c Release -v quiet --nologo -clp:ErrorsOnly >&2
csv="$bench_tmp/trades.csv"
dotnet "$bench_root/api/MarketAnalytics.Api.Benchmarks/bin/Release/net10.0/MarketAnalytics.Api.Benchmarks.dll" generate-csv "$trades" "$csv"
echo "$trades generated trades, $(($(stat -c %s "$csv") / 1000000)) MB: import (ours) vs DuckDB GROUP BY (peer)"
compare import \
  "'$bench_root/scripts/marketanalytics' import --data-dir '$bench_tmp/data' --format trades-csv --venue binance --symbol BTCUSDT '$csv'" \
  duckdb "node '$bench_root/scripts/bench/duckdb-candles.mjs' '$csv'" \
  "$pairs" "rm -rf '$bench_tmp/data'"
