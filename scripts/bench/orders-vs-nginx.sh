#!/usr/bin/env bash
# Limit orders over HTTP (`run --source none`, embedded, journaled) against nginx with one worker answering a fixed JSON body
# (the HTTP ceiling of this machine), both under the same `wrk -t1 -c32` load with the same requests (orders.lua): a warm-up,
# then alternating pairs. Prints requests/s, p99 and failures for each, and the median ratio (ours / nginx; the goal is ≥ 0.5).
# Each pair also loads our host's cheapest request, GET /health/live (no check, a small JSON body), through the same Kestrel and
# middleware as the orders: its ratio to nginx is the ceiling any endpoint of the host can reach on this machine.
#   scripts/bench/orders-vs-nginx.sh [seconds=5] [pairs=3] [warmup=10]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/side-by-side.sh"
seconds=${1:-5} pairs=${2:-3} warmup=${3:-10}
need=()
command -v wrk >/dev/null || need+=(wrk)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need+=(nginx)
if [ ${#need[@]} -gt 0 ]; then
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
fi
prepare_cli
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
ours_port=$(free_port) nginx_port=$(free_port) admin=bench-admin
ours="http://127.0.0.1:$ours_port" nginx_url="http://127.0.0.1:$nginx_port"

Api__AdminKey=$admin "$bench_root/scripts/marketanalytics" run --source none --data-dir "$bench_tmp/data" --urls "$ours" \
  >"$bench_tmp/ours.log" 2>&1 &
ours_pid=$!
mkdir -p "$bench_tmp/nginx"
cat >"$bench_tmp/nginx/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $bench_tmp/nginx/nginx.pid;
error_log $bench_tmp/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $bench_tmp/nginx; proxy_temp_path $bench_tmp/nginx; fastcgi_temp_path $bench_tmp/nginx;
  uwsgi_temp_path $bench_tmp/nginx; scgi_temp_path $bench_tmp/nginx;
  server {
    listen 127.0.0.1:$nginx_port;
    location / {
      default_type application/json;
      return 200 '{"order_id":1,"symbol":"BTC-USDT","side":"buy","type":"limit","price":50000,"quantity":0.001,"status":"open","filled_quantity":0,"remaining_quantity":0.001,"trades":[]}';
    }
  }
}
CONF
"$(command -v nginx || echo /usr/sbin/nginx)" -c "$bench_tmp/nginx/nginx.conf" -p "$bench_tmp/nginx" &
nginx_pid=$!
trap 'kill $ours_pid $nginx_pid 2>/dev/null; wait 2>/dev/null; rm -rf "$bench_tmp"' EXIT

for _ in $(seq 1 600); do curl -sf "$ours/health/live" >/dev/null 2>&1 || curl -sf "$ours/health" >/dev/null 2>&1 && break; sleep 0.1; done
user() { curl -sf -X POST -H "X-Api-Key: $admin" "$ours/api/v1/users"; }
credit() {
  curl -sf -X POST -H "X-Api-Key: $admin" -H 'Content-Type: application/json' \
    -d "{\"asset\":\"$2\",\"amount\":$3,\"reference\":\"bench-$1-$2\"}" "$ours/api/v1/wallets/$1/credit" >/dev/null
}
a=$(user) b=$(user)
id_a=$(sed -n 's/.*"user_id":\([0-9]*\).*/\1/p' <<<"$a") id_b=$(sed -n 's/.*"user_id":\([0-9]*\).*/\1/p' <<<"$b")
export KEY_A=$(sed -n 's/.*"api_key":"\([^"]*\)".*/\1/p' <<<"$a") KEY_B=$(sed -n 's/.*"api_key":"\([^"]*\)".*/\1/p' <<<"$b")
credit "$id_a" USDT 1000000000; credit "$id_b" BTC 100000

load() { wrk -t1 -c32 -d"$1" --latency -s "$bench_root/scripts/bench/orders.lua" "$2"; }
probe() { wrk -t1 -c32 -d"$1" --latency "$2"; }
# "Requests/sec: N", the 99% latency (in ms) and the failure line of one wrk run
summary() {
  awk '/Requests\/sec/ { rps = $2 }
       $1 == "99%" { v = $2; if (v ~ /us$/) ms = v / 1000; else if (v ~ /ms$/) ms = v + 0; else ms = v * 1000 }
       /failed or rejected/ { failed = $4 }
       END { printf "%.0f %.2f %d\n", rps, ms, failed }'
}
echo "warm-up: ${warmup} s of orders"
load "${warmup}s" "$ours" >/dev/null
printf '%-5s %22s %22s %8s %22s %8s\n' pair "ours req/s (p99, fail)" "nginx req/s (p99, fail)" ratio "/health/live req/s (p99)" ratio
: >"$bench_tmp/ratios"; : >"$bench_tmp/ceilings"
for i in $(seq 1 "$pairs"); do
  read -r o_rps o_p99 o_fail < <(load "${seconds}s" "$ours" | summary)
  read -r n_rps n_p99 n_fail < <(load "${seconds}s" "$nginx_url" | summary)
  read -r h_rps h_p99 _ < <(probe "${seconds}s" "$ours/health/live" | summary)
  awk -v a="$o_rps" -v b="$n_rps" 'BEGIN { printf "%.3f\n", a / b }' >>"$bench_tmp/ratios"
  awk -v a="$h_rps" -v b="$n_rps" 'BEGIN { printf "%.3f\n", a / b }' >>"$bench_tmp/ceilings"
  printf '%-5s %8s (%6s ms, %d) %8s (%6s ms, %d) %7sx %13s (%6s ms) %7sx\n' "$i" "$o_rps" "$o_p99" "$o_fail" "$n_rps" "$n_p99" "$n_fail" \
    "$(tail -1 "$bench_tmp/ratios")" "$h_rps" "$h_p99" "$(tail -1 "$bench_tmp/ceilings")"
done
echo "median ratio $(median <"$bench_tmp/ratios")x, /health/live $(median <"$bench_tmp/ceilings")x   (load average $(cut -d' ' -f1-3 /proc/loadavg))"
