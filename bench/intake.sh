#!/usr/bin/env bash
# Intake benchmark: POST /api/demands over HTTP at 32 concurrent clients (wrk) against PostgreSQL on this
# machine, and in the same run the raw rate of the same SQL replayed by pgbench. Prints both and the
# ratio. Usage: bench/intake.sh [seconds]   (needs wrk and pgbench; builds the jar if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_RUN=${1:-30}
. bench/common.sh
machine
start_app
# a token for the community secretary, issued through the application
export TOKEN=$(token_for community)
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
