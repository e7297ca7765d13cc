#!/usr/bin/env bash
# Starts or stops the throwaway Redis and PostgreSQL servers the storage tests run against.
#
#   eval "$(scripts/services.sh start)"   # installs what is missing, starts both, prints export lines
#   scripts/services.sh stop              # stops both and deletes their data
#
# stdout carries only the export lines (MA_TEST_POSTGRES, MA_TEST_REDIS) so the output can be eval'ed; progress goes to
# stderr. The same lines are written to $STATE_DIR/env for other shells. Running start twice reuses the running servers.
set -euo pipefail

STATE_DIR="${MA_SERVICES_DIR:-${TMPDIR:-/tmp}/marketanalytics-services}"
ENV_FILE="$STATE_DIR/env"

log() { echo "services: $*" >&2; }

install_missing() {
  local missing=()
  command -v redis-server >/dev/null || missing+=(redis-server)
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)
  ((${#missing[@]} == 0)) && return
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq "${missing[@]}" >&2
}

# A random port that nothing answers on (bash's /dev/tcp connect fails when the port is free), below the kernel's range of
# ephemeral ports: a port in that range may be the local end of some loopback connection, which nothing answers on but
# which a server then cannot bind (its start fails and the tests skip).
free_port() {
  local port low=32768
  [ -r /proc/sys/net/ipv4/ip_local_port_range ] && read -r low _ </proc/sys/net/ipv4/ip_local_port_range
  ((low > 21000)) || low=32768
  while :; do
    port=$((20000 + RANDOM % (low - 20000)))
    (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
}

wait_until() {
  local what=$1
  shift
  for _ in $(seq 1 100); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  log "$what did not answer within 10 s"
  return 1
}

start_redis() {
  local port
  port=$(free_port)
  mkdir -p "$STATE_DIR/redis"
  redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no --dir "$STATE_DIR/redis" \
    --daemonize yes --pidfile "$STATE_DIR/redis/redis.pid" --logfile "$STATE_DIR/redis/redis.log" >&2
  wait_until Redis redis-cli -h 127.0.0.1 -p "$port" ping || { tail -5 "$STATE_DIR/redis/redis.log" >&2; return 1; }
  echo "$port" >"$STATE_DIR/redis/port"
  log "Redis on 127.0.0.1:$port"
}

start_postgres() {
  local bin port data="$STATE_DIR/postgres"
  bin=$(dirname "$(ls -d /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)")
  port=$(free_port)
  mkdir -p "$data"
  # initdb and postgres refuse to run as root; the postgres user owns the cluster.
  chown postgres "$STATE_DIR" "$data"
  runuser -u postgres -- "$bin/initdb" -D "$data/db" -U postgres --auth=trust -E UTF8 --no-locale >"$STATE_DIR/initdb.log" 2>&1 \
    || { cat "$STATE_DIR/initdb.log" >&2; return 1; }
  runuser -u postgres -- "$bin/pg_ctl" -D "$data/db" -l "$data/postgres.log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $data -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >&2
  wait_until PostgreSQL "$bin/pg_isready" -h 127.0.0.1 -p "$port" || { tail -5 "$data/postgres.log" >&2; return 1; }
  echo "$port" >"$data/port"
  log "PostgreSQL on 127.0.0.1:$port"
}

print_env() {
  local redis_port pg_port
  redis_port=$(cat "$STATE_DIR/redis/port")
  pg_port=$(cat "$STATE_DIR/postgres/port")
  {
    echo "export MA_TEST_POSTGRES='Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres'"
    echo "export MA_TEST_REDIS='127.0.0.1:$redis_port'"
  } >"$ENV_FILE"
  cat "$ENV_FILE"
  log "export lines also in $ENV_FILE"
}

running() {
  [[ -f "$STATE_DIR/redis/port" && -f "$STATE_DIR/postgres/port" ]] || return 1
  redis-cli -h 127.0.0.1 -p "$(cat "$STATE_DIR/redis/port")" ping >/dev/null 2>&1 || return 1
  local bin
  bin=$(dirname "$(ls -d /usr/lib/postgresql/*/bin/pg_isready | sort -V | tail -1)")
  "$bin/pg_isready" -h 127.0.0.1 -p "$(cat "$STATE_DIR/postgres/port")" >/dev/null 2>&1
}

start() {
  if running; then
    log "already running"
    print_env
    return
  fi
  stop
  install_missing
  mkdir -p "$STATE_DIR"
  start_redis
  start_postgres
  print_env
}

stop() {
  [[ -d "$STATE_DIR" ]] || return 0
  if [[ -f "$STATE_DIR/redis/redis.pid" ]]; then
    kill "$(cat "$STATE_DIR/redis/redis.pid")" 2>/dev/null || true
  fi
  if [[ -f "$STATE_DIR/postgres/db/postmaster.pid" ]]; then
    local bin
    bin=$(dirname "$(ls -d /usr/lib/postgresql/*/bin/pg_ctl | sort -V | tail -1)")
    runuser -u postgres -- "$bin/pg_ctl" -D "$STATE_DIR/postgres/db" -m immediate -w stop >&2 || true
  fi
  rm -rf "$STATE_DIR"
  log "stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
