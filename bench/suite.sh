#!/usr/bin/env bash
# The benchmark suite: every benchmark of the project against PostgreSQL on a synthetic city, each figure
# beside the raw figure of the same work measured in the same run; then rewrites the section "The
# benchmark suite" of docs/benchmarks.md (bench/report.py) with the figures, the ratios, the date and
# the machine.
#
# Usage: bench/suite.sh [preset] [seconds]      preset of SyntheticCity (default district: 400,000
#        households, a year of demands; city: 8 million households, about half an hour to generate and
#        35 GB of disk); seconds per measured HTTP phase (default 30). QUICK=1 makes the JUnit/JMH
#        benchmarks small (a smoke run of the script, not figures to keep).
# Needs PostgreSQL on localhost (user postgres, no password), wrk, pgbench, mosquitto; about 25 minutes
# for the district (and the read phase: about 45 rows x 2 x seconds). The database gridwork_city_bench is
# dropped and generated again.
#
# The read phase (bench/reads.sh, issues 16 and 19) runs after the campaigns: every page and API as city-admin,
# district-1 and street-1 beside the raw SQL of the same answer, then the application's RSS.
#
# Reusing a generated database (no generation, no writes but the bench accounts and tokens: only the read phase):
#   REUSE=1 DB=gridwork_city_full DATA_KEY=... HASH_KEY=... bench/suite.sh city [seconds]
# with the keys the database was generated with; the table goes to target/bench/suite-reuse.md (printed), not
# into docs/benchmarks.md (whose suite section stays the last full run): copy it into the section of that run.
set -euo pipefail
cd "$(dirname "$0")/.."
PRESET=${1:-district}
SECONDS_RUN=${2:-30}
if [ "${REUSE:-}" = 1 ]; then
  [ -n "${DB:-}" ] && [ -n "${DATA_KEY:-}" ] && [ -n "${HASH_KEY:-}" ] \
    || { echo "REUSE=1 needs DB (an existing generated database), DATA_KEY and HASH_KEY" >&2; exit 2; }
  export DB DATA_KEY HASH_KEY PORT=${PORT:-8097} SUITE=1 DEMO=false BENCH_USER=city-admin BENCH_PASSWORD=city-admin
  mkdir -p target/bench
  export BENCH_RESULTS=$PWD/target/bench/results-reuse.tsv
  : > "$BENCH_RESULTS"
  . bench/common.sh
  STARTED=$(date -u '+%Y-%m-%d %H:%M UTC')
  MACHINE=$(machine | sed 's/^machine: //')
  echo "$MACHINE"
  [ -f target/gridwork-0.1.0-SNAPSHOT.jar ] || ./mvnw -q -B -ntp package -DskipTests
  DATA="an existing \`$PRESET\` database ($DB, reused): $(q "select count(*) from grid_node where level = 'MICRO'") micro-grids, \
$(q "select count(*) from household") households, $(q "select count(*) from demand") demands; database $(q "select pg_size_pretty(pg_database_size('$DB'))")"
  echo "$DATA"
  checkpoint
  start_app
  export APP_PID=$APP
  echo "== reads =="; bench/reads.sh "$SECONDS_RUN"
  stop_app
  python3 bench/report.py "$BENCH_RESULTS" - --date "$STARTED" --machine "$MACHINE" \
    --command "REUSE=1 DB=$DB bench/suite.sh $PRESET $SECONDS_RUN" --data "$DATA" | tee target/bench/suite-reuse.md
  exit 0
fi
export DB=gridwork_city_bench PORT=8097 SUITE=1 DEMO=false BENCH_USER=city-admin BENCH_PASSWORD=city-admin
mkdir -p target/bench
export BENCH_RESULTS=$PWD/target/bench/results.tsv
: > "$BENCH_RESULTS"
. bench/common.sh
# the load generators, from Debian's packages when missing
for tool in wrk:wrk pgbench:postgresql-client mosquitto:mosquitto; do
  command -v "${tool%%:*}" > /dev/null || apt-get install -y -q "${tool#*:}" > /dev/null
done
STARTED=$(date -u '+%Y-%m-%d %H:%M UTC')
MACHINE=$(machine | sed 's/^machine: //')
echo "$MACHINE"

echo "== build =="
./mvnw -q -B -ntp package -DskipTests dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test

echo "== the synthetic city ($PRESET) =="
export DATA_KEY=$(openssl rand -base64 32) HASH_KEY=$(openssl rand -base64 32)
"$JAVA" -Dcity.create=true -Dcity.deferIndexes=true -Dcity.raw=true -Dbench.results="$BENCH_RESULTS" \
  -Dgridwork.crypto.data-key="$DATA_KEY" -Dgridwork.crypto.hash-key="$HASH_KEY" \
  -cp "target/test-classes:target/classes:$(cat target/cp.txt)" io.gridwork.bench.city.SyntheticCity \
  "jdbc:postgresql://127.0.0.1:5432/$DB" "$PRESET" 42 2 | tee target/bench/city.log
DATA="SyntheticCity preset \`$PRESET\` (seed 42): $(q "select count(*) from grid_node where level = 'MICRO'") micro-grids, \
$(q "select count(*) from household") households, $(q "select count(*) from person") people, \
$(q "select count(*) from demand") demands over $(q "select (max(submitted_at) - min(submitted_at))::text from demand" | cut -d' ' -f1) days, \
$(q "select count(*) from demand_measure_daily") daily rollup rows; database $(q "select pg_size_pretty(pg_database_size('$DB'))")"
echo "$DATA"

checkpoint
echo "== the application on the city =="
start_app
export TOKEN=$(token_for "$BENCH_USER")
echo "== demand intake =="; bench/intake.sh "$SECONDS_RUN"
echo "== demand measures =="; bench/measures.sh "$SECONDS_RUN"
echo "== campaigns =="; bench/campaign.sh "$SECONDS_RUN"
# what autovacuum (off on the benchmark machine) would have done after the write phases: without it the planner
# believed the intake's 186,000 new demands absent and walked them by time for a category's newest 20 (1.7 s a page)
q "analyze" > /dev/null
checkpoint
export APP_PID=$APP
echo "== reads (issues 16, 19) =="; bench/reads.sh "$SECONDS_RUN"
stop_app

echo "== resident import, IoT ingest, locate (JUnit/JMH, on the same database) =="
GRIDWORK_TEST_PG_URL="jdbc:postgresql://localhost:5432/$DB" ./mvnw -q -B -ntp test -Dgridwork.test.db=postgres \
  -Dtest='ImportBenchmark,IotIngestBenchmark,LocateBenchmarkRunner' -Dsurefire.failIfNoSpecifiedTests=false \
  -Dgridwork.demo.enabled=false -Dbench.results="$BENCH_RESULTS" \
  $([ "${QUICK:-0}" = 1 ] && echo "-Dbench.rows=20000 -Dbench.messages=5000 -Dbench.rounds=1 -Dbench.quick=true" \
    || echo "-Dbench.rows=1000000 -Dbench.messages=60000 -Dbench.rounds=3")

python3 bench/report.py "$BENCH_RESULTS" docs/benchmarks.md --date "$STARTED" --machine "$MACHINE" \
  --command "bench/suite.sh $PRESET $SECONDS_RUN" --data "$DATA"
