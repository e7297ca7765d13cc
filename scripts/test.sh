#!/usr/bin/env bash
# Runs every test project and ends with one line: "N passed, N failed[, N skipped]".
# On a fresh Debian machine (as root) it installs what the tests need first: Redis, PostgreSQL, Chromium and npm (librdkafka
# comes from the librdkafka.redist package; npm installs the market page's chart library during the build), and starts
# throwaway Redis and PostgreSQL servers on 127.0.0.1 (scripts/services.sh), stopped again at the end.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

need=()
command -v redis-server >/dev/null || need+=(redis-server)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v chromium >/dev/null || need+=(chromium)
command -v npm >/dev/null || need+=(npm)   # the build installs the market page's chart library with npm ci
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "installing ${need[*]} ..." >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
  else
    echo "missing ${need[*]} and not root: the tests that need them will skip" >&2
  fi
fi

services_env="$(scripts/services.sh start)" && eval "$services_env" || echo "services did not start: server tests will skip" >&2
trap 'scripts/services.sh stop >/dev/null 2>&1 || true' EXIT

results="$(mktemp -d)"
passed=0 failed=0 skipped=0
if ! dotnet build MarketAnalytics.sln -c Release --nologo -v quiet -clp:ErrorsOnly; then
  echo "build failed" >&2
  failed=1
else
  for project in $(git ls-files '*Tests.csproj' | sort); do
    name="$(basename "$project" .csproj)"
    echo "== $name" >&2
    # A test that hangs is stopped after 8 minutes (the longest test waits 90 s for what it expects): the test host is killed,
    # the hanging test is named in the output, the project counts as failed and the run goes on to the next project.
    timeout --kill-after=30s 20m dotnet test "$project" -c Release --no-build --nologo --blame-hang-timeout 8m --blame-hang-dump-type none \
      --logger "trx;LogFileName=$name.trx" --results-directory "$results" >&2
    code=$?
    trx="$results/$name.trx"
    if [ -f "$trx" ]; then
      counters="$(grep -o '<Counters [^>]*>' "$trx" | head -1)"
      p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
      f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
      e=$(sed -n 's/.* error="\([0-9]*\)".*/\1/p' <<<"$counters")
      n=$(sed -n 's/.* notExecuted="\([0-9]*\)".*/\1/p' <<<"$counters")
      passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0} + ${e:-0})); skipped=$((skipped + ${n:-0}))
      if [ "$code" -ne 0 ] && [ $((${f:-0} + ${e:-0})) -eq 0 ]; then
        echo "$name: dotnet test exited with $code without a failed test (a hang or a crashed test host)" >&2
        failed=$((failed + 1))
      fi
    else
      echo "$name produced no results (crashed?)" >&2
      failed=$((failed + 1))
    fi
  done
fi
rm -rf "$results"
line="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && line="$line, $skipped skipped"
echo "$line"
[ "$failed" -eq 0 ]
