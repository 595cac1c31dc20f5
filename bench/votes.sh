#!/usr/bin/env bash
# Votes benchmark (issue 13): the Art. 278 tally of an 1,800-household compound and 2,000 concurrent ballots.
# Runs the two benchmark tests RUNS times (default 5) on H2, or on PostgreSQL when GRIDWORK_TEST_PG_URL is set,
# and prints the "votes-bench" lines of each run; the figures go to docs/benchmarks.md (median of the runs).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${RUNS:-5}"
DB_ARGS=()
if [[ -n "${GRIDWORK_TEST_PG_URL:-}" ]]; then DB_ARGS=(-Dgridwork.test.db=postgres); fi
echo "# $(date -u +%FT%TZ) nproc=$(nproc) cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
for i in $(seq 1 "$RUNS"); do
  flock /tmp/gridwork-build.lock ./mvnw -B -ntp -q test "${DB_ARGS[@]}" -Dtest='VotesBenchmarkTests,VotesConcurrencyTests' 2>&1 \
    | grep 'votes-bench' | sed "s/^/run $i: /"
done
