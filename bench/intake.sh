#!/usr/bin/env bash
# Intake benchmark: POST /api/demands over HTTP at 32 concurrent clients (wrk) against PostgreSQL on this
# machine, and in the same run the raw rate of the same SQL replayed by pgbench. Prints both and the
# ratio. Usage: bench/intake.sh [seconds]   (needs wrk and pgbench; builds the jar if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_RUN=${1:-30}
DB=gridwork_bench
PORT=8091
JAVA=$(ls -d /usr/lib/jvm/*25* 2>/dev/null | head -1)/bin/java
[ -f target/gridwork-0.1.0-SNAPSHOT.jar ] || ./mvnw -q -B package -DskipTests
psql -h localhost -U postgres -qc "drop database if exists $DB with (force)" -c "create database $DB"
SPRING_DATASOURCE_URL=jdbc:postgresql://localhost:5432/$DB SPRING_DATASOURCE_USERNAME=postgres \
GRIDWORK_CRYPTO_DATA_KEY=$(openssl rand -base64 32) GRIDWORK_CRYPTO_HASH_KEY=$(openssl rand -base64 32) \
GRIDWORK_DEMAND_PER_ADDRESS_PER_MINUTE=1000000000 PORT=$PORT \
  "$JAVA" -Xmx1g -jar target/gridwork-0.1.0-SNAPSHOT.jar > target/bench-intake-app.log 2>&1 &
APP=$!
trap 'kill $APP 2>/dev/null || true' EXIT
until grep -q "demo accounts" target/bench-intake-app.log; do sleep 1; done
q() { psql -h localhost -U postgres -d $DB -tAc "$1"; }
# a token for the community secretary, issued through the application
JAR=$(mktemp); CSRF=$(curl -s -c "$JAR" localhost:$PORT/login | grep -o 'name="_csrf" value="[^"]*"' | cut -d'"' -f4)
curl -s -b "$JAR" -c "$JAR" -o /dev/null --data-urlencode username=community --data-urlencode password=gridwork-demo \
  --data-urlencode "_csrf=$CSRF" localhost:$PORT/login
CSRF=$(curl -s -b "$JAR" localhost:$PORT/me/tokens | grep -o 'name="_csrf" value="[^"]*"' | head -1 | cut -d'"' -f4)
export TOKEN=$(curl -s -b "$JAR" -H "X-CSRF-TOKEN: $CSRF" -H 'Content-Type: application/json' -d '{"name":"bench"}' \
  localhost:$PORT/api/tokens | sed -E 's/.*"token":"([^"]+)".*/\1/')
export BUILDING=$(q "select min(b.id) from building b join grid_node c on c.id = b.compound_id where c.name = '学府憬城'")
MICRO=$(q "select micro_grid_id from building where id = $BUILDING")
COMP=$(q "select compound_id from building where id = $BUILDING")
sed -e "s|@HASH@|$(q "select token_hash from api_token limit 1")|g" -e "s|@TOKEN_ID@|$(q "select id from api_token limit 1")|g" \
    -e "s|@ACC@|$(q "select id from account where username = 'community'")|g" \
    -e "s|@PERSON@|$(q "select person_id from account where username = 'community'")|g" \
    -e "s|@BUILDING@|$BUILDING|g" -e "s|@MICRO@|$MICRO|g" -e "s|@COMP@|$COMP|g" \
    -e "s|@COMM@|$(q "select parent_id from grid_node where id = $COMP")|g" -e "s|@PATH@|$(q "select path from grid_node where id = $MICRO")|g" \
    bench/raw_intake.sql.template > target/raw_intake.sql
echo "warm-up"; wrk -t2 -c32 -d10s -s bench/intake.lua http://localhost:$PORT > /dev/null
echo "== application (HTTP, 32 clients) =="; APPOUT=$(wrk -t2 -c32 -d${SECONDS_RUN}s -s bench/intake.lua http://localhost:$PORT | grep RESULT); echo "$APPOUT"
echo "== raw SQL (pgbench, 32 clients) =="; RAW=$(pgbench -h localhost -U postgres -n -c 32 -j 2 -T "$SECONDS_RUN" -M prepared -f target/raw_intake.sql $DB | grep -E "^tps|latency average")
echo "$RAW"
APPRPS=$(echo "$APPOUT" | sed -E 's/.*rps=([0-9.]+).*/\1/'); RAWTPS=$(echo "$RAW" | grep tps | sed -E 's/tps = ([0-9.]+).*/\1/')
echo "ratio application/raw = $(python3 -c "print(round($APPRPS/$RAWTPS*100,1))") %"
