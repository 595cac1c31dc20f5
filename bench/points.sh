#!/usr/bin/env bash
# Points benchmark (信义贝, issue 15): residents confirm merchants' payment requests over HTTP
# (POST /api/economy/pay/{token}: the request read, the redemption posted under its unique key — both entries and the balance
# guard — in one transaction) at 32 concurrent clients (wrk), and in the same run the raw rate of the minimal SQL
# for one posting (the posting, its two entries, the guarded debit and the credit in one transaction) replayed by
# pgbench over the same accounts. Prints both and the ratio. Usage: bench/points.sh [seconds]
# (needs wrk and pgbench; builds the jar if missing). Runs on a fresh database with the demo: 32 residents of
# 学府社区 with API tokens and a large balance, 32 verified shops, and enough open payment requests, loaded by SQL;
# then the application is restarted on it and warmed up for 30 s.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_RUN=${1:-30}
export DB=${DB:-gridwork_bench_points} PORT=${PORT:-8093}
. bench/common.sh
machine
start_app
# the other modules' demo seeders run after the demo accounts are printed; the economy's is the last
for i in $(seq 1 60); do grep -qs "Demo points" target/bench-app.log && break; sleep 1; done
N=32
PER_SLOT=100000
COMM=$(q "select id from grid_node where name = '学府社区' and level = 'COMMUNITY'")
HASH=$(q "select password_hash from account where username = 'resident'")
# 32 residents: adults living in 学府社区 (one per household) with an account each (the demo's password)
q "insert into account (username, password_hash, display_name, person_id)
   select 'bench-r' || row_number() over (order by p.id), '$HASH', p.name, p.id
     from (select min(hm.person_id) as id from household_member hm join household h on h.id = hm.household_id
             join unit u on u.id = h.unit_id join building b on b.id = u.building_id join grid_node c on c.id = b.compound_id
            where c.path like (select path from grid_node where id = $COMM) || '%' and hm.until is null
              and not exists (select 1 from account a where a.person_id = hm.person_id)
            group by hm.household_id order by 1 limit $N) x join person p on p.id = x.id" > /dev/null
q "insert into account_authority (account_id, authority) select id, 'ROLE_RESIDENT' from account where username like 'bench-r%'" > /dev/null
# their ledger accounts, each credited a billion points by one posting from the community's issuer (as the
# application would: the posting, its two entries, the kept balance)
q "insert into economy_account (community_id, kind, owner_id, balance, created_at) values ($COMM, 'ISSUER', 0, null, now())
   on conflict do nothing" > /dev/null
ISSUER=$(q "select id from economy_account where community_id = $COMM and kind = 'ISSUER'")
q "insert into economy_account (community_id, kind, owner_id, balance, created_at)
   select $COMM, 'RESIDENT', person_id, 1000000000, now() from account where username like 'bench-r%' order by id" > /dev/null
q "with a as (select e.id, a.id as account_id, row_number() over (order by e.id) as n from economy_account e
                join account a on a.person_id = e.owner_id and a.username like 'bench-r%' where e.kind = 'RESIDENT'),
        p as (insert into economy_posting (community_id, kind, points, debit_account_id, credit_account_id, actor_account_id,
                 actor_name, client_key, book_month, created_at)
              select $COMM, 'EARN', 1000000000, $ISSUER, a.id, a.account_id, 'bench', 'bench-seed-' || a.n,
                     cast(to_char(now(), 'YYYYMM') as int), now() from a returning id, credit_account_id)
   insert into economy_entry (posting_id, account_id, amount, created_at)
   select id, $ISSUER, -1000000000, now() from p union all select id, credit_account_id, 1000000000, now() from p" > /dev/null
# 32 verified shops with their ledger accounts
q "insert into economy_merchant (community_id, account_id, name, address, contact_name, phone_enc, phone_hash, phone_mask,
     status, created_at, updated_at)
   select $COMM, -g, '基准商家' || g, '学府路 ' || g || ' 号', '基准', 'x', 'x', '138****0000', 'VERIFIED', now(), now()
     from generate_series(1, $N) g" > /dev/null
q "insert into economy_account (community_id, kind, owner_id, balance, created_at)
   select $COMM, 'MERCHANT', id, 0, now() from economy_merchant where account_id < 0 order by id" > /dev/null
# open payment requests of ¥30 (3 points): four slots (warm-up and measured run, two wrk threads each)
q "insert into economy_payment (token, merchant_id, community_id, purchase_fen, points, step_fen, step_points, fen_per_point,
     status, created_by_id, created_at, expires_at)
   select 'bench-' || g, (select min(id) from economy_merchant where account_id < 0) + g % $N, $COMM, 3000, 3, 3000, 3, 100,
          'OPEN', 0, now(), now() + interval '1 day'
     from generate_series(1, 4 * $PER_SLOT) g" > /dev/null
q "vacuum analyze" > /dev/null
# measured on an application started on the loaded database (as the suite starts it on its generated city): the
# demo's seeding must not shape the JIT's profile or leave work behind in the measured minute
stop_app
SUITE=1 DEMO=false start_app
TOKENS=""
for i in $(seq 1 $N); do TOKENS+="$(token_for bench-r$i) "; done
export TOKENS PER_SLOT
RMIN=$(q "select min(e.id) from economy_account e join account a on a.person_id = e.owner_id and a.username like 'bench-r%' where e.kind = 'RESIDENT'")
RMAX=$(q "select max(e.id) from economy_account e join account a on a.person_id = e.owner_id and a.username like 'bench-r%' where e.kind = 'RESIDENT'")
MMIN=$(q "select min(id) from economy_account where kind = 'MERCHANT' and owner_id in (select id from economy_merchant where account_id < 0)")
MMAX=$(q "select max(id) from economy_account where kind = 'MERCHANT' and owner_id in (select id from economy_merchant where account_id < 0)")
[ $((RMAX - RMIN + 1)) = $N ] && [ $((MMAX - MMIN + 1)) = $N ] || { echo "accounts are not contiguous" >&2; exit 1; }
ACC=$(q "select min(id) from account where username like 'bench-r%'")
sed -e "s/@COMM@/$COMM/g" -e "s/@RMIN@/$RMIN/g" -e "s/@MMIN@/$MMIN/g" -e "s/@N@/$N/g" -e "s/@ACC@/$ACC/g" \
  bench/raw_points.sql.template > target/raw_points.sql
echo "warm-up"; SLOT=0 wrk -t2 -c32 -d30s -s bench/points.lua http://localhost:$PORT | grep RESULT
# what autovacuum (off on the benchmark machine) would have done by now: statistics of the ledger tables that grew
# from nothing. Without it, the pooled connections keep the foreign-key check plans they made while the tables were
# empty (a sequential scan of economy_posting for every entry written).
q "analyze" > /dev/null
checkpoint
echo "== application (HTTP, 32 clients) =="
APPOUT=$(SLOT=2 wrk -t2 -c32 -d${SECONDS_RUN}s -s bench/points.lua http://localhost:$PORT | grep RESULT); echo "$APPOUT"
checkpoint
echo "== raw SQL (pgbench, 32 clients) =="
rm -rf target/pgbench-points; mkdir -p target/pgbench-points
RAW=$(pgbench -h localhost -U postgres -n -c 32 -j 2 -T "$SECONDS_RUN" -M prepared -l --log-prefix=target/pgbench-points/log \
  -f target/raw_points.sql $DB | grep -E "^tps|latency average")
echo "$RAW"
RAWLAT=$(cat target/pgbench-points/log* | python3 -c "
import sys
v = sorted(int(l.split()[2]) for l in sys.stdin)
print('%.1f %.1f' % (v[len(v) // 2] / 1000, v[int(len(v) * 0.99)] / 1000))")
RAWP50=${RAWLAT% *}; RAWP99=${RAWLAT#* }
echo "raw latency p50 ${RAWP50} ms, p99 ${RAWP99} ms"
# the ledger after both: every kept balance is the sum of its entries, and no balance is negative
DISAGREE=$(q "select count(*) from economy_account a where a.balance is not null
   and a.balance <> (select coalesce(sum(e.amount), 0) from economy_entry e where e.account_id = a.id)")
PAID=$(q "select count(*) from economy_posting where kind = 'REDEEM' and source_key like 'redeem:PAYMENT:%'")
echo "payments paid: $PAID; accounts whose balance is not the sum of their entries: $DISAGREE"
APPRPS=$(wrk_field "$APPOUT" rps); RAWTPS=$(echo "$RAW" | grep tps | sed -E 's/tps = ([0-9.]+).*/\1/')
APPP50=$(wrk_field "$APPOUT" p50); APPP99=$(wrk_field "$APPOUT" p99)
echo "ratio application/raw = $(python3 -c "print(round($APPRPS/$RAWTPS*100,1))") %"
record "Points" "POST /api/economy/pay/{token} (a redemption), 32 clients, ${SECONDS_RUN} s" "$APPRPS" "$RAWTPS" "postings/s" higher \
  "≥ 40 % of raw" "application p50 $APPP50 ms, p99 $APPP99 ms; raw p50 $RAWP50 ms, p99 $RAWP99 ms; $(echo "$APPOUT" | grep -o 'non2xx=[0-9]* errors=[0-9]*'); ledger disagreements: $DISAGREE"
