#!/usr/bin/env bash
# `import --format binance-ws` of the recorded Binance USD-M files in ../shared/data against `zcat` of the same files to
# /dev/null (the floor: decompression). Alternating pairs; prints the median ratio.
#   scripts/bench/frames-vs-zcat.sh [pairs=3]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/side-by-side.sh"
pairs=${1:-3}
data="$bench_root/../shared/data/binance-usdm-btcusdt"
[ -d "$data" ] || { echo "$data is absent: nothing to measure" >&2; exit 1; }
prepare_cli
files=$(ls "$data"/*.frames.gz | sort | tr '\n' ' ')
echo "$(zcat $files | wc -c | awk '{ printf "%.1f", $1 / 1e6 }') MB of frames: import --format binance-ws (ours) vs zcat (peer)"
compare import \
  "'$bench_root/scripts/marketanalytics' import --data-dir '$bench_tmp/data' --format binance-ws --venue binanceusdm $files" \
  zcat "zcat $files" \
  "$pairs" "rm -rf '$bench_tmp/data'"
