#!/usr/bin/env bash
# CPU per request of two read rows, for comparing builds (issue 19): starts JAR alone on an existing generated
# database $DB (its keys in DATA_KEY and HASH_KEY, demo off), and for each row runs WARM seconds (default 20) of
# warm-up, then SECS seconds (default 15) at 8 clients (wrk, bench/reads.lua), reading the CPU time of the
# application and of its PostgreSQL backends from /proc before and after. Prints one line per row: requests, the
# CPU of each side per request, and wrk's rate and percentiles. Rows (ONLY, default both): ledger-admin (the
# district's week of its street's commonest category, as city-admin, as in bench/reads.sh) and open311 (the street's
# requests.json with a key of its own).
# Usage: DB=gridwork_city_full DATA_KEY=... HASH_KEY=... bench/cpu_ab.sh JAR LABEL
# Run the jars one after the other (before, after, before), on an otherwise idle machine.
set -euo pipefail
JAR=$(realpath "$1"); LABEL=$2
cd "$(dirname "$0")/.."
export PORT=${PORT:-8098} BENCH_PASSWORD=city-admin
. bench/common.sh
if curl -so /dev/null "localhost:$PORT/login"; then echo "port $PORT is in use" >&2; exit 1; fi
SPRING_DATASOURCE_URL=jdbc:postgresql://localhost:5432/$DB SPRING_DATASOURCE_USERNAME=postgres \
GRIDWORK_CRYPTO_DATA_KEY=$DATA_KEY GRIDWORK_CRYPTO_HASH_KEY=$HASH_KEY GRIDWORK_DEMO_ENABLED=false \
  "$JAVA" -Xmx1g ${JAVA_OPTS:-} -jar "$JAR" > target/cpu-ab-app.log 2>&1 &
APP=$!
trap 'kill $APP 2>/dev/null; wait $APP 2>/dev/null || true' EXIT
until curl -fso /dev/null localhost:$PORT/login; do kill -0 $APP; sleep 1; done
TA=$(token_for city-admin); TS=$(token_for street-1)
read_targets
KEY=$(open311_key "$TA" "$SCODE")
ticks() { # the application's CPU ticks, its backends' CPU ticks
  local a b=0 p
  a=$(awk '{print $14+$15}' /proc/$APP/stat)
  for p in $(q "select pid from pg_stat_activity where datname = '$DB' and pid <> pg_backend_pid()"); do
    [ -r /proc/$p/stat ] && b=$((b + $(awk '{print $14+$15}' /proc/$p/stat)))
  done
  echo "$a $b"
}
run() { # NAME TOKEN PATH
  export READ_TOKEN=$2 READ_PATHS=$3
  wrk -t2 -c8 -d${WARM:-20}s --timeout 30s -s bench/reads.lua "http://localhost:$PORT" > /dev/null
  local t0 t1 out
  t0=$(ticks)
  out=$(wrk -t2 -c8 -d${SECS:-15}s --timeout 30s -s bench/reads.lua "http://localhost:$PORT" | grep RESULT)
  t1=$(ticks)
  python3 - "$LABEL" "$1" "$t0" "$t1" "$(wrk_field "$out" n)" "$out" "$(getconf CLK_TCK)" <<'PY'
import sys
label, name, t0, t1, n, out, hz = sys.argv[1:]
a0, b0 = map(int, t0.split()); a1, b1 = map(int, t1.split()); n = int(n); ms = 1000 / int(hz)
print(f"{label:8} {name:16} n={n:5} app {ms*(a1-a0)/n:6.2f} ms/req  pg {ms*(b1-b0)/n:6.2f} ms/req  {out}")
PY
}
for row in ${ONLY:-ledger-admin open311}; do
  case $row in
    ledger-admin) run ledger-admin "$TA" \
      "/api/demands/ledger.xlsx?category=$CATEGORY&from=2026-10-01T00:00:00Z&to=2026-10-08T00:00:00Z&gridId=$D" ;;
    open311) run open311 "$TS" "/open311/v2/requests.json?api_key=$KEY" ;;
  esac
done
