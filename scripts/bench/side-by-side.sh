# Sourced by the side-by-side measurements: runs two commands alternately, several pairs, and prints each pair's times and
# the median ratio (ours / peer). Times are wall-clock seconds of the whole process, as a user would see them.
#   pair_times NAME_OURS NAME_PEER PAIRS -- ours command... -- peer command...   (each command a bash string)

seconds_of() {
  local start end
  start=$(date +%s.%N)
  bash -c "$1" >/dev/null 2>"$bench_tmp/last.err" || { echo "failed: $1" >&2; cat "$bench_tmp/last.err" >&2; exit 1; }
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", e - s }'
}

# median of the numbers on stdin
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# compare OURS_LABEL OURS_CMD PEER_LABEL PEER_CMD PAIRS [BEFORE_OURS_CMD]
compare() {
  local ours_label=$1 ours=$2 peer_label=$3 peer=$4 pairs=$5 before=${6:-true} i a b
  local ratios="$bench_tmp/ratios" ours_times="$bench_tmp/ours" peer_times="$bench_tmp/peer"
  : >"$ratios"; : >"$ours_times"; : >"$peer_times"
  printf '%-5s %12s %12s %8s\n' pair "$ours_label" "$peer_label" ratio
  for i in $(seq 1 "$pairs"); do
    bash -c "$before" >/dev/null
    a=$(seconds_of "$ours")
    b=$(seconds_of "$peer")
    echo "$a" >>"$ours_times"; echo "$b" >>"$peer_times"
    awk -v a="$a" -v b="$b" 'BEGIN { printf "%.3f\n", a / b }' >>"$ratios"
    printf '%-5s %11ss %11ss %7sx\n' "$i" "$a" "$b" "$(tail -1 "$ratios")"
  done
  printf 'median %11ss %11ss %7sx   (load average %s)\n' "$(median <"$ours_times")" "$(median <"$peer_times")" "$(median <"$ratios")" \
    "$(cut -d' ' -f1-3 /proc/loadavg)"
}

bench_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
bench_tmp="$(mktemp -d)"
trap 'rm -rf "$bench_tmp"' EXIT

# The CLI as a user runs it (published once by scripts/marketanalytics) and the npm peers from the committed lockfile.
prepare_cli() { "$bench_root/scripts/marketanalytics" --help >/dev/null 2>&1 || true; }
prepare_npm_peers() { (cd "$bench_root/scripts/bench" && [ -d node_modules ] || npm ci --no-audit --no-fund >&2); }
