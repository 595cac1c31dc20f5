#!/usr/bin/env bash
# Measures benchmark: GET /api/measures over HTTP (wrk, 8 clients) on a rollup holding about 10 million
# demands (bench/measures_data.sql), and in the same run the raw rate of the same SQL (pgbench).
# Usage: bench/measures.sh [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_RUN=${1:-30}
. bench/common.sh
machine
start_app
echo "loading the synthetic rollup (takes a few minutes)"
psql -h localhost -U postgres -d "$DB" -q -v ON_ERROR_STOP=1 -f bench/measures_data.sql
export TOKEN=$(token_for admin)
export GRIDS=$(q "select string_agg(id::text, ',') from grid_node where id >= 900000000 and level = 'COMMUNITY'")
cat > target/raw_measures.sql <<'SQL'
\set g random(900001010, 900001109)
\set c0 :g * 10 - 8100000000
\set c1 :c0 + 1
\set c2 :c0 + 2
\set c3 :c0 + 3
\set c4 :c0 + 4
\set back random(90, 364)
\set fwd random(0, 89)
select id, parent_id, level, code, name, path, special_kind, boundary is not null as has_boundary from grid_node where id = :g;
select coalesce(sum(r.found), 0), coalesce(sum(r.rectified), 0), coalesce(sum(r.respond_due), 0), coalesce(sum(r.respond_on_time), 0), coalesce(sum(r.resolve_due), 0), coalesce(sum(r.resolve_on_time), 0), coalesce(sum(r.ratings), 0), coalesce(sum(r.satisfied), 0) from demand_measure_daily r where r.grid_id = :g and r.stat_day between current_date - cast(:back as int) and current_date - cast(:fwd as int) and r.party = '*';
select id, parent_id, level, code, name, path, special_kind, boundary is not null as has_boundary from grid_node where parent_id = :g order by code;
SQL
cat >> target/raw_measures.sql <<'SQL'
select r.grid_id, coalesce(sum(r.found), 0), coalesce(sum(r.rectified), 0), coalesce(sum(r.respond_due), 0), coalesce(sum(r.respond_on_time), 0), coalesce(sum(r.resolve_due), 0), coalesce(sum(r.resolve_on_time), 0), coalesce(sum(r.ratings), 0), coalesce(sum(r.satisfied), 0) from demand_measure_daily r where r.grid_id in (:c0, :c1, :c2, :c3, :c4) and r.stat_day between current_date - cast(:back as int) and current_date - cast(:fwd as int) and r.party = '*' group by r.grid_id;
SQL
echo "warm-up"; wrk -t2 -c8 -d10s -s bench/measures.lua http://localhost:$PORT > /dev/null
echo "== application (HTTP, 8 clients; a random community and its compounds; a random period) =="
wrk -t2 -c8 -d${SECONDS_RUN}s -s bench/measures.lua http://localhost:$PORT | grep RESULT
echo "== raw SQL (pgbench, 8 clients; a community and its five compounds) =="
pgbench -h localhost -U postgres -n -c 8 -j 2 -T "$SECONDS_RUN" -M prepared -f target/raw_measures.sql "$DB" | grep -E "^tps|latency average"
