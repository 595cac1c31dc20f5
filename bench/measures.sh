#!/usr/bin/env bash
# Measures benchmark: GET /api/measures over HTTP (wrk, 8 clients) for a random community and its compounds
# over a random period, and in the same run the raw rate of the same SQL (pgbench).
# Alone: on a fresh database with the demo and a rollup holding about 10 million demands
# (bench/measures_data.sql); in bench/suite.sh (SUITE=1): on the generated city's own rollup.
# Usage: bench/measures.sh [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_RUN=${1:-30}
. bench/common.sh
if [ -z "${SUITE:-}" ]; then
  machine
  start_app
  echo "loading the synthetic rollup (takes a few minutes)"
  psql -h localhost -U postgres -d "$DB" -q -v ON_ERROR_STOP=1 -f bench/measures_data.sql
  export TOKEN=$(token_for admin)
  WHERE="id >= 900000000 and level = 'COMMUNITY'"
  # a community's five compounds are c0 .. c0 + 4, with c0 = 10 * g - 8100000000 (bench/measures_data.sql)
  FIRST_CHILD="(:g - 900001010) * 10 + 900010100"
  DATA="a rollup of about 9.7 million demands (bench/measures_data.sql)"
else
  WHERE="level = 'COMMUNITY'"
  # the generator numbers a community's compounds consecutively (SyntheticCity.compoundId)
  PER=$(q "select count(*) / (select count(*) from grid_node where level = 'COMMUNITY') from grid_node where level = 'COMPOUND'")
  FIRST_CHILD="(:g - $(q "select min(id) from grid_node where level = 'COMMUNITY'")) * $PER + $(q "select min(id) from grid_node where level = 'COMPOUND'")"
  DATA="the city's rollup: $(q "select count(*) from demand") demands, $(q "select count(*) from demand_measure_daily") rollup rows"
fi
export GRIDS=$(q "select string_agg(id::text, ',') from grid_node where $WHERE")
GMIN=$(q "select min(id) from grid_node where $WHERE"); GMAX=$(q "select max(id) from grid_node where $WHERE")
cat > target/raw_measures.sql <<SQL
\set g random($GMIN, $GMAX)
\set c0 $FIRST_CHILD
SQL
cat >> target/raw_measures.sql <<'SQL'
\set c1 :c0 + 1
\set c2 :c0 + 2
\set c3 :c0 + 3
\set c4 :c0 + 4
\set back random(90, 364)
\set fwd random(0, 89)
select id, parent_id, level, code, name, path, special_kind, boundary is not null as has_boundary from grid_node where id = :g;
select coalesce(sum(r.found), 0), coalesce(sum(r.rectified), 0), coalesce(sum(r.respond_due), 0), coalesce(sum(r.respond_on_time), 0), coalesce(sum(r.resolve_due), 0), coalesce(sum(r.resolve_on_time), 0), coalesce(sum(r.ratings), 0), coalesce(sum(r.satisfied), 0) from demand_measure_total r where r.grid_id = :g and r.stat_day between current_date - cast(:back as int) and current_date - cast(:fwd as int);
select id, parent_id, level, code, name, path, special_kind, boundary is not null as has_boundary from grid_node where parent_id = :g order by code;
select r.grid_id, coalesce(sum(r.found), 0), coalesce(sum(r.rectified), 0), coalesce(sum(r.respond_due), 0), coalesce(sum(r.respond_on_time), 0), coalesce(sum(r.resolve_due), 0), coalesce(sum(r.resolve_on_time), 0), coalesce(sum(r.ratings), 0), coalesce(sum(r.satisfied), 0) from demand_measure_total r where r.grid_id in (:c0, :c1, :c2, :c3, :c4) and r.stat_day between current_date - cast(:back as int) and current_date - cast(:fwd as int) group by r.grid_id;
SQL
echo "warm-up"; wrk -t2 -c8 -d10s -s bench/measures.lua http://localhost:$PORT > /dev/null
checkpoint
echo "== application (HTTP, 8 clients; a random community and its compounds; a random period) =="
APPOUT=$(wrk -t2 -c8 -d${SECONDS_RUN}s -s bench/measures.lua http://localhost:$PORT | grep RESULT); echo "$APPOUT"
checkpoint
echo "== raw SQL (pgbench, 8 clients; a community and its five compounds) =="
RAW=$(pgbench -h localhost -U postgres -n -c 8 -j 2 -T "$SECONDS_RUN" -M prepared -f target/raw_measures.sql "$DB" | grep -E "^tps|latency average")
echo "$RAW"
RAWTPS=$(echo "$RAW" | grep tps | sed -E 's/tps = ([0-9.]+).*/\1/')
record "Demand measures" "GET /api/measures, 8 clients, ${SECONDS_RUN} s" "$(wrk_field "$APPOUT" rps)" "$RAWTPS" "requests/s" higher "" \
  "$DATA; p50 $(wrk_field "$APPOUT" p50) ms, p99 $(wrk_field "$APPOUT" p99) ms; raw mean $(echo "$RAW" | grep -o 'average = [0-9.]*' | cut -d' ' -f3) ms"
record "Demand measures" "p95 latency of one request, 8 clients" "$(wrk_field "$APPOUT" p95)" "" "ms" lower "≤ 50 ms" "$DATA"
