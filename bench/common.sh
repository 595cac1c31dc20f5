# Shared by the benchmark scripts: a fresh PostgreSQL database, the application on it, an API token.
DB=${DB:-gridwork_bench}
PORT=${PORT:-8091}
JAVA=$(ls -d /usr/lib/jvm/*25* 2>/dev/null | head -1)/bin/java

q() { psql -h localhost -U postgres -d "$DB" -tAc "$1"; }

# start_app: the application on $DB. Alone, on a fresh database with the demo and new keys; in the suite
# (bench/suite.sh sets SUITE=1, DATA_KEY and HASH_KEY) on the generated city as it is, demo off.
# APP_CLASSPATH runs it from classes instead of the jar (a build being tried); DB_URL_PARAMS is appended to its
# JDBC URL, e.g. "?options=-c%20log_min_duration_statement%3D50" to have PostgreSQL log the application's
# statements slower than 50 ms.
start_app() {
  [ -f target/gridwork-0.1.0-SNAPSHOT.jar ] || ./mvnw -q -B package -DskipTests
  if [ -z "${SUITE:-}" ]; then
    psql -h localhost -U postgres -qc "drop database if exists $DB with (force)" -c "create database $DB"
    DATA_KEY=$(openssl rand -base64 32); HASH_KEY=$(openssl rand -base64 32)
  fi
  # another application on the port would answer the benchmark instead of this one
  if curl -so /dev/null "localhost:$PORT/login"; then echo "port $PORT is in use" >&2; exit 1; fi
  rm -f target/bench-app.log
  SPRING_DATASOURCE_URL=jdbc:postgresql://localhost:5432/$DB${DB_URL_PARAMS:-} SPRING_DATASOURCE_USERNAME=postgres \
  GRIDWORK_CRYPTO_DATA_KEY=$DATA_KEY GRIDWORK_CRYPTO_HASH_KEY=$HASH_KEY GRIDWORK_DEMO_ENABLED=${DEMO:-true} \
  GRIDWORK_DEMAND_PER_ADDRESS_PER_MINUTE=1000000000 PORT=$PORT \
    "$JAVA" -Xmx1g ${JAVA_OPTS:-} $([ -n "${APP_CLASSPATH:-}" ] && echo "-cp $APP_CLASSPATH io.gridwork.GridworkApplication" \
      || echo "-jar target/gridwork-0.1.0-SNAPSHOT.jar") > target/bench-app.log 2>&1 &
  APP=$!
  trap 'kill $APP 2>/dev/null || true' EXIT
  until curl -fso /dev/null localhost:$PORT/login; do
    kill -0 $APP 2>/dev/null || { tail -50 target/bench-app.log; echo "the application did not start" >&2; exit 1; }
    sleep 1
  done
  # the demo is seeded after the server starts listening
  [ "${DEMO:-true}" != true ] || until grep -qs "demo accounts" target/bench-app.log; do sleep 1; done
}

stop_app() {
  kill $APP 2>/dev/null || true
  wait $APP 2>/dev/null || true
}

# checkpoint: flushes dirty buffers before a measured phase, so that neither side of a comparison pays for
# the checkpoint the previous phase (a bulk load, a campaign of 400,000 households) made necessary
checkpoint() { psql -h localhost -U postgres -qc checkpoint; }

# record SECTION WHAT VALUE RAW UNIT higher|lower GOAL NOTE: a figure for bench/report.py, when the suite runs
record() {
  [ -z "${BENCH_RESULTS:-}" ] || printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >> "$BENCH_RESULTS"
}

# wrk_field OUTPUT NAME: a value from a wrk script's RESULT line (rps=..., p99=...ms)
wrk_field() { echo "$1" | grep -o "$2=[0-9.]*" | head -1 | cut -d= -f2; }

# token_for USER: signs in through the login form (password $BENCH_PASSWORD, the demo's by default) and
# issues an API token
token_for() {
  local jar csrf
  jar=$(mktemp)
  csrf=$(curl -s -c "$jar" localhost:$PORT/login | grep -o 'name="_csrf" value="[^"]*"' | cut -d'"' -f4)
  curl -s -b "$jar" -c "$jar" -o /dev/null --data-urlencode "username=$1" --data-urlencode "password=${BENCH_PASSWORD:-gridwork-demo}" \
    --data-urlencode "_csrf=$csrf" localhost:$PORT/login
  csrf=$(curl -s -b "$jar" localhost:$PORT/me/tokens | grep -o 'name="_csrf" value="[^"]*"' | head -1 | cut -d'"' -f4)
  curl -s -b "$jar" -H "X-CSRF-TOKEN: $csrf" -H 'Content-Type: application/json' -d '{"name":"bench"}' \
    localhost:$PORT/api/tokens | sed -E 's/.*"token":"([^"]+)".*/\1/'
}

# read_targets: the first district D, its first street S (code SCODE) and the street's commonest category CATEGORY,
# the grids and the ledger's category of the read rows (bench/reads.sh, bench/cpu_ab.sh)
read_targets() {
  D=$(q "select min(id) from grid_node where level = 'DISTRICT'")
  S=$(q "select min(id) from grid_node where level = 'STREET' and parent_id = $D")
  SCODE=$(q "select code from grid_node where id = $S")
  CATEGORY=$(q "select category_code from demand_measure_daily where grid_id = $S and party = '*' group by 1 order by sum(found) desc limit 1")
}

# open311_key TOKEN JURISDICTION: an Open311 key for a street or community code, issued through the application with
# the token (an administrator's), allowed 6,000 calls a minute (the most a key may have: with the default of 60, wrk
# measured mostly 429 answers)
open311_key() {
  curl -s -H "Authorization: Bearer $1" -H 'Content-Type: application/json' \
    -d "{\"name\":\"bench $(date +%s%N)\",\"jurisdiction\":\"$2\",\"perMinute\":6000}" localhost:$PORT/api/open311/keys \
    | sed -E 's/.*"(key|apiKey|api_key)":"([^"]+)".*/\2/'
}

machine() {
  echo "machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/{print $2}') GiB, PostgreSQL $(psql -h localhost -U postgres -tAc 'show server_version'), $("$JAVA" -version 2>&1 | head -1), load before run: $(cut -d' ' -f1-3 /proc/loadavg)"
}
