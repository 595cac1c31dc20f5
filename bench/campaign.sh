#!/usr/bin/env bash
# Campaign benchmark on PostgreSQL: (1) creating an emergency campaign over 500,000 households through the
# API, beside the same inserts in psql; (2) recording visits over HTTP in batches of $BATCH (default 25;
# wrk, 32 clients) while (3) the live coverage of random grids is read (wrk, 2 clients), beside the same
# batched SQL replayed by pgbench (bench/raw_batch.py; 32 + 2 clients) in the same run.
# Usage: [DB=..] [PORT=..] [BATCH=25] [SINGLE=1] bench/campaign.sh [seconds]
# (needs wrk and pgbench; builds the jar if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_RUN=${1:-30}
DB=${DB:-gridwork_bench_sweep}
PORT=${PORT:-8093}
. bench/common.sh
if [ -z "${SUITE:-}" ]; then
  machine
  start_app
  echo "== data: 500,000 households =="
  START=$(date +%s.%N)
  psql -q -h localhost -U postgres -d "$DB" -f bench/campaign_data.sql
  echo "generated $(q "select count(*) from household") households in $(python3 -c "print(round($(date +%s.%N)-$START,1))") s"
  COMMUNITY=$(q "select id from grid_node where code = 'BENCH-C'")
  ADMIN=$(q "select id from account where username = 'admin'")
  export TOKEN=$(token_for admin)
  SAMPLE="code like 'BENCH-P%' order by id"
else
  # the generated city: a campaign over its first district (400,000 households in the district and city presets)
  COMMUNITY=$(q "select min(id) from grid_node where level = 'DISTRICT'")
  ADMIN=$(q "select id from account where username = '$BENCH_USER'")
  SAMPLE="path like (select path from grid_node where id = $COMMUNITY) || '_%' and level in ('COMPOUND', 'MICRO') order by random()"
fi

checkpoint
echo "== (1) create an emergency campaign over the community, dispatched at once (HTTP) =="
OUT=$(curl -s -o target/bench-campaign.json -w '%{http_code} %{time_total}' -H "Authorization: Bearer $TOKEN" \
  -H 'Content-Type: application/json' \
  -d "{\"title\":\"基准应急排查\",\"kind\":\"EMERGENCY\",\"gridIds\":[$COMMUNITY],\"template\":\"gas-safety\",\"dispatch\":true}" \
  localhost:$PORT/api/campaigns)
export CAMPAIGN=$(sed -E 's/^\{"id":([0-9]+).*/\1/' target/bench-campaign.json)
echo "status and seconds: $OUT; campaign $CAMPAIGN with $(q "select households from campaign where id = $CAMPAIGN") households"
checkpoint
RAWCREATE=$(psql -h localhost -U postgres -d "$DB" -q <<SQL | grep -E '^Time' | awk '{s+=$2} END {printf "%.0f", s}'
\timing on
begin;
insert into campaign (title, kind, community_id, anchor_path, form_json, status, starts_at, deadline, created_by, created_by_name, created_at)
select 'raw', 'EMERGENCY', $COMMUNITY, path, form_json, 'DRAFT', now(), now() + interval '5 hours', $ADMIN, 'raw', now()
  from grid_node, campaign c where grid_node.id = $COMMUNITY and c.id = $CAMPAIGN returning campaign.id as raw_id \gset
insert into campaign_target (campaign_id, grid_id, grid_path) select :raw_id, id, path from grid_node where id = $COMMUNITY;
insert into campaign_household (campaign_id, household_id, building_id, grid_id, grid_path)
select :raw_id, h.id, b.id, g.id, g.path from household h join unit u on u.id = h.unit_id join building b on b.id = u.building_id
  join grid_node g on g.id = coalesce(b.micro_grid_id, b.compound_id)
 where exists (select 1 from campaign_target t where t.campaign_id = :raw_id
                and ((t.building_id is null and g.path like t.grid_path || '%') or t.building_id = b.id));
insert into campaign_coverage (campaign_id, grid_id, grid_path, in_scope)
select campaign_id, grid_id, grid_path, count(*) from campaign_household where campaign_id = :raw_id group by campaign_id, grid_id, grid_path;
rollback;
SQL
)
echo "raw SQL (psql, the same inserts, rolled back): $RAWCREATE ms"
HOUSEHOLDS=$(q "select households from campaign where id = $CAMPAIGN")
record "Campaigns" "create + dispatch an emergency campaign over $HOUSEHOLDS households" "${OUT#* }" \
  "$(python3 -c "print($RAWCREATE / 1000)")" "s" lower "≤ 10 s" "HTTP status ${OUT% *}; raw: the same inserts in psql, rolled back"

export HMIN=$(q "select min(household_id) from campaign_household where campaign_id = $CAMPAIGN")
export HMAX=$(q "select max(household_id) from campaign_household where campaign_id = $CAMPAIGN")
export GRIDS="$COMMUNITY $(q "select string_agg(id::text, ' ') from (select id from grid_node where $SAMPLE limit 60) x")"
PATHC=$(q "select path from grid_node where id = $COMMUNITY")
sed -e "s|@CAMPAIGN@|$CAMPAIGN|g" -e "s|@HMIN@|$HMIN|g" -e "s|@HMAX@|$HMAX|g" -e "s|@ACC@|$ADMIN|g" bench/raw_visit.sql.template > target/raw_visit.sql
sed -e "s|@CAMPAIGN@|$CAMPAIGN|g" -e "s|@PATH@|$PATHC|g" -e "s|@UPPER@|${PATHC%/}0|g" bench/raw_coverage.sql.template > target/raw_coverage.sql

BATCH=${BATCH:-25}; export BATCH
python3 bench/raw_batch.py "$CAMPAIGN" "$HMIN" "$HMAX" "$ADMIN" "$BATCH" > target/raw_batch.sql

echo "warm-up"; wrk -t2 -c32 -d10s -s bench/campaign_batch.lua http://localhost:$PORT > /dev/null
wrk -t1 -c2 -d5s -s bench/campaign_coverage.lua http://localhost:$PORT > /dev/null
checkpoint
echo "== (2) visits over HTTP in batches of $BATCH (32 clients) and (3) coverage reads at the same time (2 clients) =="
wrk -t1 -c2 -d${SECONDS_RUN}s -s bench/campaign_coverage.lua http://localhost:$PORT | grep RESULT > target/bench-coverage.txt &
COV=$!
VISITS=$(wrk -t2 -c32 -d${SECONDS_RUN}s -s bench/campaign_batch.lua http://localhost:$PORT | grep RESULT)
wait $COV
echo "visits:   $VISITS"
echo "coverage: $(cat target/bench-coverage.txt)"
echo "== counters against the households (must be equal) =="
COUNTS=$(q "select (select sum(done + not_home + refused + vacant) from campaign_coverage where campaign_id = $CAMPAIGN), (select count(outcome) from campaign_household where campaign_id = $CAMPAIGN)")
echo "$COUNTS"
checkpoint
echo "== raw SQL at the same time: batches of $BATCH visits (pgbench, 32 clients) and coverage ranges (2 clients) =="
pgbench -h localhost -U postgres -n -c 2 -j 1 -T "$SECONDS_RUN" -M prepared -f target/raw_coverage.sql "$DB" 2>&1 \
  | grep -E "^tps|latency average" > target/bench-raw-coverage.txt &
RC=$!
pgbench -h localhost -U postgres -n -c 32 -j 2 -T "$SECONDS_RUN" -M simple --max-tries=10 -f target/raw_batch.sql "$DB" 2>&1 \
  | grep -E "^tps|latency average|failed|retried" | tee target/bench-raw-batch.txt
wait $RC
echo "raw visits/s: $(awk -v b=$BATCH '/^tps/ {printf "%.0f", $3 * b}' target/bench-raw-batch.txt)"
echo "raw coverage: $(tr '\n' ' ' < target/bench-raw-coverage.txt)"
RAWVISITS=$(awk -v b=$BATCH '/^tps/ {printf "%.0f", $3 * b}' target/bench-raw-batch.txt)
record "Campaigns" "visits in batches of $BATCH, 32 clients, ${SECONDS_RUN} s" "$(wrk_field "$VISITS" visits/s)" "$RAWVISITS" "visits/s" higher \
  "≥ 3,000/s" "p95 $(wrk_field "$VISITS" p95) ms a batch; counters = households with an outcome: ${COUNTS/|/ = }"
COV=$(cat target/bench-coverage.txt)
record "Campaigns" "coverage reads (2 clients) while those visits run" "$(wrk_field "$COV" rps)" \
  "$(grep tps target/bench-raw-coverage.txt | sed -E 's/tps = ([0-9.]+).*/\1/')" "requests/s" higher "" \
  "p50 $(wrk_field "$COV" p50) ms, p99 $(wrk_field "$COV" p99) ms; raw: the widest grid's counter range"
record "Campaigns" "p95 latency of a coverage read while visits run" "$(wrk_field "$COV" p95)" "" "ms" lower "≤ 50 ms" ""
checkpoint
echo "== (4) coverage with batched visits at 8 clients, and coverage alone (the application still running) =="
wrk -t1 -c2 -d${SECONDS_RUN}s -s bench/campaign_coverage.lua http://localhost:$PORT | grep RESULT > target/bench-coverage8.txt &
COV=$!
echo "visits (8 clients): $(wrk -t1 -c8 -d${SECONDS_RUN}s -s bench/campaign_batch.lua http://localhost:$PORT | grep RESULT)"
wait $COV
echo "coverage meanwhile:  $(cat target/bench-coverage8.txt)"
echo "coverage alone:      $(wrk -t1 -c2 -d${SECONDS_RUN}s -s bench/campaign_coverage.lua http://localhost:$PORT | grep RESULT)"
if [ "${SINGLE:-0}" = 1 ]; then
  echo "== (5) for reference: one visit per request (32 clients) and the raw single-visit transaction =="
  echo "visits (single): $(wrk -t2 -c32 -d${SECONDS_RUN}s -s bench/campaign_visits.lua http://localhost:$PORT | grep RESULT)"
  pgbench -h localhost -U postgres -n -c 32 -j 2 -T "$SECONDS_RUN" -M simple --max-tries=10 -f target/raw_visit.sql "$DB" 2>&1 \
    | grep -E "^tps|latency average|failed"
fi
