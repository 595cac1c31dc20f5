#!/usr/bin/env bash
# Intake benchmark: POST /api/demands over HTTP at 32 concurrent clients (wrk) against PostgreSQL on this
# machine, and in the same run the raw rate and latencies of the same SQL replayed by pgbench. Prints both
# and the ratio. Usage: bench/intake.sh [seconds]   (needs wrk and pgbench; builds the jar if missing)
# Alone it runs on a fresh database with the demo, as the community secretary at a building of 学府憬城;
# in bench/suite.sh (SUITE=1) on the generated city, as city-admin at a building in the middle of it.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_RUN=${1:-30}
. bench/common.sh
if [ -z "${SUITE:-}" ]; then
  machine
  start_app
  export TOKEN=$(token_for community)
  export BUILDING=$(q "select min(b.id) from building b join grid_node c on c.id = b.compound_id where c.name = '学府憬城'")
  USER_NAME=community
else
  export BUILDING=$(q "select id from building order by id offset (select count(*) / 2 from building) limit 1")
  USER_NAME=$BENCH_USER
fi
MICRO=$(q "select micro_grid_id from building where id = $BUILDING")
COMP=$(q "select compound_id from building where id = $BUILDING")
ACC=$(q "select id from account where username = '$USER_NAME'")
PATHM=$(q "select path from grid_node where id = $MICRO")
# the new-demand notices: one per grid worker or leader covering the micro-grid (none on the generated city)
RECIPIENTS=$(q "select string_agg(a.id::text, ',') from account a where a.enabled and exists (select 1 from account_authority r where r.account_id = a.id and r.authority in ('ROLE_GRID_WORKER', 'ROLE_GRID_LEADER')) and (exists (select 1 from account_scope s join grid_node g on g.id = s.grid_id where s.account_id = a.id and '$PATHM' like g.path || '%') or exists (select 1 from staff_assignment sa left join building b on b.id = sa.building_id join grid_node g on g.id = coalesce(sa.grid_id, b.micro_grid_id) where sa.person_id = a.person_id and sa.start_date <= current_date and (sa.end_date is null or sa.end_date >= current_date) and '$PATHM' like g.path || '%'))")
MESSAGES=""
if [ -n "$RECIPIENTS" ]; then
  for r in ${RECIPIENTS//,/ }; do
    MESSAGES+="insert into notify_message (account_id, kind, urgent, title, body, link, event_key, created_at) values ($r, 'DEMAND_NEW', false, '新诉求 GW261123-W649CA', '您所在微网格收到新诉求 GW261123-W649CA，请及时受理。', '/demands/' || :id, 'demand' || chr(58) || :id || chr(58) || 'submitted', now()) on conflict do nothing;"$'\n'
  done
  MESSAGES+="select account_id, email_enc, phone_enc, quiet_hours from notify_preference where account_id in ($RECIPIENTS);"$'\n'
  MESSAGES+="select account_id, channel from notify_channel_choice where kind = 'DEMAND_NEW' and account_id in ($RECIPIENTS);"$'\n'
fi
COMM=$(q "select parent_id from grid_node where id = $COMP")
ACC=$ACC BUILDING=$BUILDING MICRO=$MICRO COMP=$COMP COMM=$COMM PATHM=$PATHM MESSAGES=$MESSAGES python3 -c '
import os, sys
s = open("bench/raw_intake.sql.template", encoding="utf-8").read()
for k, v in {"ACC": "ACC", "BUILDING": "BUILDING", "MICRO": "MICRO", "COMP": "COMP", "COMM": "COMM", "PATH": "PATHM",
             "MESSAGES": "MESSAGES"}.items():
    s = s.replace("@" + k + "@", os.environ[v].rstrip("\n"))
sys.stdout.write(s)' > target/raw_intake.sql
echo "warm-up"; wrk -t2 -c32 -d10s -s bench/intake.lua http://localhost:$PORT > /dev/null
checkpoint
# beside the measured phase: how far the measures lag behind the demands coming in (bench/measures_lag.py)
DB=$DB PORT=$PORT python3 bench/measures_lag.py "$SECONDS_RUN" "$MICRO" > target/measures-lag.txt & LAGPID=$!
echo "== application (HTTP, 32 clients) =="; APPOUT=$(wrk -t2 -c32 -d${SECONDS_RUN}s -s bench/intake.lua http://localhost:$PORT | grep RESULT); echo "$APPOUT"
wait $LAGPID || true; cat target/measures-lag.txt
checkpoint
echo "== raw SQL (pgbench, 32 clients) =="
rm -rf target/pgbench-intake; mkdir -p target/pgbench-intake
RAW=$(pgbench -h localhost -U postgres -n -c 32 -j 2 -T "$SECONDS_RUN" -M prepared -l --log-prefix=target/pgbench-intake/log \
  -f target/raw_intake.sql $DB | grep -E "^tps|latency average")
echo "$RAW"
# pgbench -l: one line per transaction, the latency in microseconds in the third field
RAWLAT=$(cat target/pgbench-intake/log* | python3 -c "
import sys
v = sorted(int(l.split()[2]) for l in sys.stdin)
print('%.1f %.1f' % (v[len(v) // 2] / 1000, v[int(len(v) * 0.99)] / 1000))")
RAWP50=${RAWLAT% *}; RAWP99=${RAWLAT#* }
echo "raw latency p50 ${RAWP50} ms, p99 ${RAWP99} ms"
APPRPS=$(wrk_field "$APPOUT" rps); RAWTPS=$(echo "$RAW" | grep tps | sed -E 's/tps = ([0-9.]+).*/\1/')
APPP50=$(wrk_field "$APPOUT" p50); APPP99=$(wrk_field "$APPOUT" p99)
echo "ratio application/raw = $(python3 -c "print(round($APPRPS/$RAWTPS*100,1))") %"
record "Demand intake" "POST /api/demands, 32 clients, ${SECONDS_RUN} s" "$APPRPS" "$RAWTPS" "requests/s" higher "≥ 40 % of raw" \
  "application p50 $APPP50 ms; raw p50 $RAWP50 ms; errors: $(echo "$APPOUT" | grep -o 'non2xx=[0-9]* errors=[0-9]*')"
record "Demand intake" "p99 latency of one intake, 32 clients" "$APPP99" "$RAWP99" "ms" lower "≤ 50 ms" \
  "raw: percentiles of pgbench's per-transaction log"
