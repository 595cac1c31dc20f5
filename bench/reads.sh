#!/usr/bin/env bash
# Read phase (issues 16 and 19): the pages and APIs that a city-wide, a district and a street account open, each
# with wrk (8 clients, SECONDS_RUN seconds: p50/p95/p99, the size of the answer), and beside each the raw SQL of
# the same answer (the least work: the SQL that answers the page, by pgbench at 8 clients, p95 from its
# per-transaction log), the ratio, and the goal: dashboards and maps p95 ≤ 100 ms on the `district` preset
# (issue 16), every page p95 ≤ 200 ms on `city` (issue 19), HTML ≤ 200 KB; then the application's RSS (≤ 1 GiB).
#
# The accounts: `city-admin` (ADMIN over every district), `district-1` (STREET_STAFF scoped to the first
# district) and `street-1` (STREET_STAFF scoped to the first street of that district), all with the password
# `city-admin`; SyntheticCity makes them (SyntheticCity.benchAccounts), and this script adds them to a database
# generated before that step (the same rows, idempotent). It also issues one API token per account and one
# Open311 key for the street; nothing else of the database is changed (the application itself builds its grid
# rollup on the first read after a bulk load).
#
# Usage: in bench/suite.sh (SUITE=1, the application running on the generated city, APP_PID set), or alone on an
# existing generated database:
#   DB=gridwork_city_full REUSE=1 DATA_KEY=... HASH_KEY=... bench/reads.sh [seconds]
# which starts the application (demo off, those keys) on $DB and stops it at the end. Default 20 s per run.
# ONLY=regex measures only the rows whose label matches (e.g. ONLY='^/grid' or ONLY='insight').
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_RUN=${1:-20}
export BENCH_PASSWORD=${BENCH_PASSWORD:-city-admin}
. bench/common.sh
if [ -z "${SUITE:-}" ]; then
  if [ "${REUSE:-}" != 1 ] || [ -z "${DATA_KEY:-}" ] || [ -z "${HASH_KEY:-}" ] || [ "$DB" = gridwork_bench ]; then
    echo "alone, bench/reads.sh reads an existing generated database: DB=gridwork_city_... REUSE=1 DATA_KEY=... HASH_KEY=... $0 [seconds]" >&2
    exit 2
  fi
  export SUITE=1 DEMO=false DATA_KEY HASH_KEY
  mkdir -p target/bench
  # alone, the figures go to their own file and are printed as the suite's table at the end
  export BENCH_RESULTS=${BENCH_RESULTS:-$PWD/target/bench/reads-results.tsv}
  : > "$BENCH_RESULTS"
  STARTED=$(date -u '+%Y-%m-%d %H:%M UTC')
  machine
  ALONE=1
fi
mkdir -p target/bench/reads
command -v wrk > /dev/null || apt-get install -y -q wrk > /dev/null

# the bench accounts, as SyntheticCity.benchAccounts makes them (for a database generated before that step): the
# password hash is city-admin's, whose password they share
q "select setval(pg_get_serial_sequence('account', 'id'), greatest((select max(id) from account), 1))" > /dev/null
for level in DISTRICT STREET; do
  prefix=$([ $level = DISTRICT ] && echo district- || echo street-)
  label=$([ $level = DISTRICT ] && echo 合成区账号 || echo 合成街道账号)
  psql -h localhost -U postgres -d "$DB" -q -v ON_ERROR_STOP=1 <<SQL
with g as (select id, row_number() over (order by id) as n from grid_node where level = '$level'),
     a as (insert into account (username, password_hash, display_name)
           select '$prefix' || g.n, (select password_hash from account where username = 'city-admin'), '$label ' || g.n from g
           on conflict (username) do nothing returning id, username),
     r as (insert into account_authority (account_id, authority) select id, 'ROLE_STREET_STAFF' from a)
insert into account_scope (account_id, grid_id)
select a.id, g.id from a join g on a.username = '$prefix' || g.n;
SQL
done

if [ -n "${ALONE:-}" ]; then
  start_app
  APP_PID=$APP
fi

read_targets
DPATH=$(q "select path from grid_node where id = $D"); SPATH=$(q "select path from grid_node where id = $S")
DISTRICTS=$(q "select count(*) from grid_node where level = 'DISTRICT'")
# dashboards and maps: issue 16's goal holds on the district preset, issue 19's (every page) on the city
if [ "$DISTRICTS" = 1 ]; then INSIGHT_GOAL="≤ 100 ms"; else INSIGHT_GOAL="≤ 200 ms"; fi
PAGE_GOAL="≤ 200 ms"
# the generated demands end on 2026-11-01: the dashboards read October (a month, their default period's length)
FROM=2026-10-01; TO=2026-10-31
# a rare status (none generated; the intake benchmark's demands are SUBMITTED) and a category for the ledger
RARE=ON_HOLD

TOKEN_ADMIN=$(token_for city-admin); TOKEN_DISTRICT=$(token_for district-1); TOKEN_STREET=$(token_for street-1)
for t in "$TOKEN_ADMIN" "$TOKEN_DISTRICT" "$TOKEN_STREET"; do
  case "$t" in gw_*) ;; *) echo "no API token: $t" >&2; exit 1 ;; esac
done
ACCT_ADMIN=$(q "select id from account where username = 'city-admin'")
ACCT_DISTRICT=$(q "select id from account where username = 'district-1'")
ACCT_STREET=$(q "select id from account where username = 'street-1'")
# an Open311 key for the street, issued by city-admin
O311_KEY=$(open311_key "$TOKEN_ADMIN" "$SCODE")
echo "district $D, street $S ($SCODE), category $CATEGORY, Open311 key ${O311_KEY:0:8}…"

# warm-up: the phase's pages in a random mix as city-admin for 20 s before the first measured row (each row also runs 5 s
# of its own first); without it the first rows measured paid for the JIT compiling the code every page shares
WARM_PATHS="/grid /grid/$D /grid/$S /demands /api/demands?size=20 /demands?status=$RARE /supervision /lists/rectification /campaigns
 /api/demands/ledger.xlsx?category=$CATEGORY&from=2026-10-01T00:00:00Z&to=2026-10-08T00:00:00Z&gridId=$S
 /insight?grid=$D&from=$FROM&to=$TO /insight?grid=$S&from=$FROM&to=$TO /api/insight/dashboard?gridId=$D&from=$FROM&to=$TO
 /insight/map?grid=$D /api/insight/map/heat?gridId=$D&from=$FROM&to=$TO /api/insight/map/demands?gridId=$D&from=$FROM&to=$TO
 /insight/wall?grid=$D /insight/city?grid=$D /api/measures?gridId=$D&from=$FROM&to=$TO /open311/v2/requests.json?api_key=$O311_KEY"
READ_TOKEN=$TOKEN_ADMIN READ_PATHS=$WARM_PATHS wrk -t2 -c8 -d20s --timeout 30s -s bench/reads.lua "http://localhost:$PORT" > /dev/null

LARGEST_ADMIN=0; LARGEST_DISTRICT=0; LARGEST_STREET=0; LARGEST_WHAT_ADMIN=; LARGEST_WHAT_DISTRICT=; LARGEST_WHAT_STREET=
N=0

# p95 of pgbench's per-transaction logs in $1 (ms), and p50, p99
percentiles() {
  cat "$1"/log* | python3 -c "
import sys
v = sorted(int(l.split()[2]) for l in sys.stdin)
p = lambda q: v[min(len(v) - 1, int(len(v) * q))] / 1000
print('%.1f %.1f %.1f' % (p(0.5), p(0.95), p(0.99)))"
}

# read LABEL WHO(admin|district|street) KIND(page|insight) PATH RAW-DESCRIPTION  (the raw SQL on stdin)
read_row() {
  local label=$1 who=$2 kind=$3 path=$4 rawdesc=$5 token acct grid gpath sql
  if [ -n "${ONLY:-}" ] && ! echo "$label" | grep -Eq "$ONLY"; then cat > /dev/null; return; fi
  case $who in
    admin) token=$TOKEN_ADMIN; acct=city-admin ;;
    district) token=$TOKEN_DISTRICT; acct=district-1 ;;
    street) token=$TOKEN_STREET; acct=street-1 ;;
  esac
  N=$((N + 1))
  sql=target/bench/reads/raw-$N.sql
  cat > "$sql"
  local head code size ctype
  head=$(curl -s -o target/bench/reads/body-$N -w '%{http_code} %{size_download} %{content_type}' \
    -H "Authorization: Bearer $token" "localhost:$PORT$path")
  code=${head%% *}; size=$(echo "$head" | cut -d' ' -f2); ctype=$(echo "$head" | cut -d' ' -f3-)
  echo "-- $label as $acct: GET $path → HTTP $code, $size bytes ($ctype)"
  if [ "$code" != 200 ]; then
    record "Reads" "$label as \`$acct\`" "" "" "ms" lower "" "HTTP $code: not measured"
    return
  fi
  local kb goal
  kb=$(python3 -c "print(round($size / 1024, 1))")
  if [[ "$ctype" == text/html* ]]; then
    local var=LARGEST_${who^^}
    if python3 -c "import sys; sys.exit(0 if $size > ${!var} else 1)"; then
      printf -v "$var" '%s' "$size"; printf -v "LARGEST_WHAT_${who^^}" '%s' "$label"
    fi
  fi
  goal=$([ "$kind" = insight ] && echo "$INSIGHT_GOAL" || echo "$PAGE_GOAL")
  export READ_TOKEN=$token READ_PATHS=$path
  wrk -t2 -c8 -d5s --timeout 30s -s bench/reads.lua "http://localhost:$PORT" > /dev/null
  local out
  out=$(wrk -t2 -c8 -d${SECONDS_RUN}s --timeout 30s -s bench/reads.lua "http://localhost:$PORT" | grep RESULT); echo "$out"
  local dir=target/bench/reads/pgbench-$N rawout lat
  rm -rf "$dir"; mkdir -p "$dir"
  pgbench -h localhost -U postgres -n -c 8 -j 2 -T 3 -M prepared -f "$sql" "$DB" > /dev/null
  rawout=$(pgbench -h localhost -U postgres -n -c 8 -j 2 -T "$SECONDS_RUN" -M prepared -l --log-prefix="$dir/log" -f "$sql" "$DB" \
    | grep -E "^tps")
  lat=$(percentiles "$dir")
  echo "raw: $rawout; p50 p95 p99 $lat ms"
  local rawtps
  rawtps=$(echo "$rawout" | sed -E 's/tps = ([0-9.]+).*/\1/')
  record "Reads" "$label as \`$acct\`, p95, 8 clients" "$(wrk_field "$out" p95)" "$(echo "$lat" | cut -d' ' -f2)" "ms" lower "$goal" \
    "p50 $(wrk_field "$out" p50), p99 $(wrk_field "$out" p99) ms; $(wrk_field "$out" rps) req/s (raw $(printf '%.0f' "$rawtps") tps); $kb KB ${ctype%%;*}; non-2xx $(wrk_field "$out" non2xx), timeouts $(wrk_field "$out" timeouts) (30 s); raw: $rawdesc"
}

# ---- the rows -------------------------------------------------------------------------------------------------
# the demand list's first page: city-wide by time, or a scope by demand_reach (the application's keyset queries);
# the count bounded at 10,001 ("10,000+")
list_sql() { # GRID|'' (city-wide)
  if [ -z "$1" ]; then cat <<SQL
select d.id, d.ref_no, d.category_code, d.status, d.submitted_at, d.grid_path from demand d order by d.submitted_at desc, d.id desc limit 21;
select count(*) from (select 1 from demand limit 10001) x;
SQL
  else cat <<SQL
select d.id, d.ref_no, d.category_code, d.status, d.submitted_at, d.grid_path from demand_reach k join demand d on d.id = k.demand_id
 where k.grid_id = $1 order by k.submitted_at desc, k.demand_id desc limit 21;
select count(*) from (select 1 from demand_reach where grid_id = $1 limit 10001) x;
SQL
  fi
}
rare_sql() { # PATH|''
  cat <<SQL
select d.id, d.ref_no, d.category_code, d.status, d.submitted_at from demand d where d.status = '$RARE' and d.grid_path like '$1%'
 order by d.submitted_at desc, d.id desc limit 21;
select count(*) from (select 1 from demand d where d.status = '$RARE' and d.grid_path like '$1%' limit 10001) x;
SQL
}
tree_sql() { # ACCOUNT-ID: the grids of its scope with their rollup
  cat <<SQL
select n.id, n.code, n.name, n.level, r.micro_grids, r.households, r.vacant, r.people, r.leaders, r.workers, r.warnings
  from account_scope s join grid_node n on n.id = s.grid_id left join grid_rollup r on r.grid_id = n.id
 where s.account_id = $1 order by n.code;
SQL
}
node_sql() { # GRID: the node, its rollup, its children's first page of 50 with theirs
  cat <<SQL
select n.id, n.code, n.name, n.level, n.path, r.households, r.people, r.warnings from grid_node n left join grid_rollup r on r.grid_id = n.id where n.id = $1;
select n.id, n.code, n.name, r.micro_grids, r.households, r.vacant, r.people, r.leaders, r.workers, r.warnings
  from grid_node n left join grid_rollup r on r.grid_id = n.id where n.parent_id = $1 order by n.code limit 51;
SQL
}
measure_cols="coalesce(sum(r.found), 0), coalesce(sum(r.rectified), 0), coalesce(sum(r.respond_due), 0), coalesce(sum(r.respond_on_time), 0), coalesce(sum(r.resolve_due), 0), coalesce(sum(r.resolve_on_time), 0), coalesce(sum(r.ratings), 0), coalesce(sum(r.satisfied), 0)"
measures_sql() { # GRID FROM TO: the grid's totals and its children's (GET /api/measures)
  cat <<SQL
select id, parent_id, level, code, name, path from grid_node where id = $1;
select $measure_cols from demand_measure_total r where r.grid_id = $1 and r.stat_day between '$2' and '$3';
select r.grid_id, $measure_cols from demand_measure_total r join grid_node n on n.id = r.grid_id and n.parent_id = $1
 where r.stat_day between '$2' and '$3' group by r.grid_id;
SQL
}
dashboard_sql() { # GRID FROM TO: the measures above, by category, by party, by week; the rectification rollup of the grid and its children
  measures_sql "$@"
  cat <<SQL
select r.category_code, $measure_cols from demand_measure_daily r where r.grid_id = $1 and r.stat_day between '$2' and '$3' and r.party = '*' group by 1;
select r.party, sum(r.found) from demand_measure_daily r where r.grid_id = $1 and r.stat_day between '$2' and '$3' and r.party <> '*' group by 1;
select date_trunc('week', r.stat_day), $measure_cols from demand_measure_total r where r.grid_id = $1 and r.stat_day between date '$3' - 364 and '$3' group by 1;
select grid_id, found_day, rectified_day, items from rectification_daily
 where (grid_id = $1 or grid_id in (select id from grid_node where parent_id = $1)) and found_day between date '$3' - 364 and '$3';
SQL
}
heat_sql() { # GRID FROM TO: a measure per area shaded: the children, as MapLayers.areas chooses for more than 400
  # micro-grids below (a street or a district), and their boundaries
  cat <<SQL
select n.id, n.name, $measure_cols from grid_node n left join demand_measure_total r on r.grid_id = n.id and r.stat_day between '$2' and '$3'
 where n.parent_id = $1 group by n.id, n.name;
select id, boundary from grid_node where parent_id = $1 and boundary is not null;
SQL
}
open_by_building_sql() { # GRID: the open demands per building below (the measures folder's count) and their places
  cat <<SQL
select o.building_id, o.status, o.colour, sum(o.demands) from demand_open_count o where o.grid_id = $1 group by 1, 2, 3;
select b.id, b.name, b.lat, b.lon from building b where b.id in (select o.building_id from demand_open_count o where o.grid_id = $1);
SQL
}
# the newest 20 of each problem among STATES under $GP (CONDITION on d): per problem, one range of the category index per
# state, merged, as the application reads them (a lateral join over the arrays of both was planned as one scan of the
# grid's demands, 46 ms for a street)
newest_sql() { # STATES CONDITION
  local cat st sql
  for cat in ${PROBLEMS//,/ }; do
    sql=
    for st in ${1//,/ }; do
      [ -z "$sql" ] || sql="$sql union all "
      sql="$sql(select d.id, d.ref_no, d.category_code, d.submitted_at from demand d where d.category_code = $cat and d.status = $st and d.grid_path like '$GP%'$2 order by d.submitted_at desc, d.id desc limit 20)"
    done
    echo "select * from ($sql) x order by submitted_at desc, id desc limit 20;"
  done
}
OPEN_STATES="'SUBMITTED','ACCEPTED','DISPATCHED','IN_PROGRESS','ON_HOLD','REOPENED'"
ALL_STATES="$OPEN_STATES,'REJECTED','RESOLVED','CLOSED','RATED'"
PROBLEMS="'DOGS','THROWN_OBJECTS','EBIKE_IN_LIFT'"

for who in admin district street; do
  case $who in
    admin) G=$D; GP=$DPATH; ACCT=$ACCT_ADMIN; LISTG= ; LISTP= ;;
    district) G=$D; GP=$DPATH; ACCT=$ACCT_DISTRICT; LISTG=$D; LISTP=$DPATH ;;
    street) G=$S; GP=$SPATH; ACCT=$ACCT_STREET; LISTG=$S; LISTP=$SPATH ;;
  esac
  read_row "/grid" $who page "/grid" "the scope's grids with their rollup row" <<< "$(tree_sql "$ACCT")"
  [ $who = street ] || read_row "/grid/{district}" $who page "/grid/$D" "the node, its rollup, its first 50 children with theirs" <<< "$(node_sql "$D")"
  read_row "/grid/{street}" $who page "/grid/$S" "the node, its rollup, its first 50 children with theirs" <<< "$(node_sql "$S")"
  read_row "/demands" $who page "/demands" "first page of 21 by time in the scope, count bounded at 10,001" <<< "$(list_sql "$LISTG")"
  read_row "/api/demands?size=20" $who page "/api/demands?size=20" "as /demands" <<< "$(list_sql "$LISTG")"
  read_row "/demands?status=$RARE" $who page "/demands?status=$RARE" "the status's demands in the scope by time (demand_status_time_ix), bounded count" <<< "$(rare_sql "$LISTP")"
  read_row "/supervision" $who page "/supervision" "the scope's red and yellow demands, newest 500 of each (the running limit's indexes)" <<SQL
select d.id, d.ref_no, d.status, d.submitted_at, d.running_due_at from demand d where d.grid_path like '$LISTP%'
 and d.running_due_at < now() order by d.submitted_at desc, d.id desc limit 500;
select d.id, d.ref_no, d.status, d.submitted_at, d.running_due_at from demand d where d.grid_path like '$LISTP%'
 and d.running_yellow_at <= now() and d.running_due_at >= now() order by d.submitted_at desc, d.id desc limit 500;
SQL
  read_row "/lists/rectification" $who page "/lists/rectification" "first 20 items of the scope by time found" <<SQL
select id, title, status, found_at from rectification_item where grid_path like '$LISTP%' order by found_at desc limit 21;
SQL
  read_row "/campaigns" $who page "/campaigns" "the scope's campaigns, newest first" <<SQL
select id, title, kind, status, households, starts_at from campaign where anchor_path like '$LISTP%' or '$LISTP' like anchor_path || '%' order by created_at desc limit 50;
SQL
  read_row "ledger.xlsx ($CATEGORY, a week)" $who page "/api/demands/ledger.xlsx?category=$CATEGORY&from=2026-10-01T00:00:00Z&to=2026-10-08T00:00:00Z&gridId=$G" "the week's demands of the category in the grid (one range of the category's index per state) and their timelines (by the timeline's index of demands, as the application reads them: a join was hashed over the month's partitions, 50 ms)" <<SQL
select d.* from demand d where d.category_code = '$CATEGORY' and d.status in ($ALL_STATES) and d.submitted_at >= '2026-10-01T00:00:00Z' and d.submitted_at < '2026-10-08T00:00:00Z' and d.grid_path like '$GP%';
select e.* from demand_event_log e where e.at >= '2026-09-30T00:00:00Z' and e.demand_id = any(array(select d.id from demand d where d.category_code = '$CATEGORY' and d.status in ($ALL_STATES) and d.submitted_at >= '2026-10-01T00:00:00Z' and d.submitted_at < '2026-10-08T00:00:00Z' and d.grid_path like '$GP%'));
SQL
  if [ $who = street ]; then
    read_row "Open311 requests.json (street key)" $who page "/open311/v2/requests.json?api_key=$O311_KEY" "the street's newest 1,000 demands of the last 90 days with their latest steps' times and notes, and their parties" <<SQL
select d.id, d.ref_no, d.category_code, d.status, d.description, d.submitted_at, d.lat, d.lon, d.building_id, d.resolve_due_at,
       d.last_step_at, d.last_note from demand_reach k join demand d on d.id = k.demand_id
 where k.grid_id = $S and k.submitted_at >= now() - interval '90 days' order by k.submitted_at desc, k.demand_id desc limit 1000;
select a.demand_id, a.party from demand_assignment a where a.status <> 'WITHDRAWN' and a.demand_id in (select k.demand_id from demand_reach k
 where k.grid_id = $S and k.submitted_at >= now() - interval '90 days' order by k.submitted_at desc, k.demand_id desc limit 1000);
SQL
  fi
  read_row "/insight (dashboard, a month)" $who insight "/insight?grid=$G&from=$FROM&to=$TO" "the grid's rollup for the month: totals, children, categories, parties, weeks of the year" <<< "$(dashboard_sql "$G" $FROM $TO)"
  read_row "/api/insight/dashboard" $who insight "/api/insight/dashboard?gridId=$G&from=$FROM&to=$TO" "as /insight" <<< "$(dashboard_sql "$G" $FROM $TO)"
  read_row "/insight/map (page)" $who insight "/insight/map?grid=$G&from=$FROM&to=$TO" "the node and its lineage (by the ids of its path)" <<SQL
select id, parent_id, level, code, name, path from grid_node where id = $G;
select id, level, code, name from grid_node where id = any(string_to_array(trim(both '/' from '$GP'), '/')::bigint[]) order by length(path);
SQL
  read_row "/api/insight/map/heat" $who insight "/api/insight/map/heat?gridId=$G&from=$FROM&to=$TO" "a month's measures per child grid and their boundaries" <<< "$(heat_sql "$G" $FROM $TO)"
  read_row "/api/insight/map/demands" $who insight "/api/insight/map/demands?gridId=$G&from=$FROM&to=$TO" "open demands per building below (the folder's count) and their places" <<< "$(open_by_building_sql "$G")"
  read_row "/insight/wall" $who insight "/insight/wall?grid=$G" "as /insight, for the current month" <<< "$(dashboard_sql "$G" 2026-12-01 2026-12-31)"
  read_row "/insight/city" $who insight "/insight/city?grid=$G" "the three problems' open demands (the folder's count; newest 20 from one index range per state) and their last 30 days' (the rollup; newest 20 from one index range per state)" <<SQL
select o.category_code, sum(o.demands) from demand_open_count o where o.grid_id = $G and o.category_code in ($PROBLEMS) group by 1;
$(newest_sql "$OPEN_STATES" "")
select r.category_code, sum(r.found) from demand_measure_daily r where r.grid_id = $G and r.party = '*'
 and r.stat_day between current_date - 29 and current_date and r.category_code in ($PROBLEMS) group by 1;
$(newest_sql "$ALL_STATES" " and d.submitted_at >= current_date - 29")
SQL
  read_row "/api/measures" $who insight "/api/measures?gridId=$G&from=$FROM&to=$TO" "the grid's and its children's sums (bench/measures.sh's SQL)" <<< "$(measures_sql "$G" $FROM $TO)"
done

for who in ADMIN DISTRICT STREET; do
  var=LARGEST_$who; what=LARGEST_WHAT_$who
  case $who in (ADMIN) acct=city-admin ;; (DISTRICT) acct=district-1 ;; (STREET) acct=street-1 ;; esac
  record "Reads" "largest HTML page as \`$acct\`" "$(python3 -c "print(round(${!var} / 1024, 1))")" "" "KB" lower "≤ 200 KB" "${!what}"
done
RSS=$(ps -o rss= -p "${APP_PID:?APP_PID: the pid of the application}" | xargs)
echo "application RSS after the read phase: $((RSS / 1024)) MiB"
record "Reads" "application memory (RSS) after the read phase" "$((RSS / 1024))" "" "MiB" lower "≤ 1,024 MiB" "java -Xmx1g"
if [ -n "${ALONE:-}" ]; then
  stop_app
  python3 bench/report.py "$BENCH_RESULTS" - --date "$STARTED" --machine "$(machine | sed 's/^machine: //')" \
    --command "DB=$DB REUSE=1 bench/reads.sh $SECONDS_RUN" --data "$DB: $DISTRICTS districts, $(q "select count(*) from demand") demands"
fi
