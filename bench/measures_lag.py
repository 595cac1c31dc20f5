#!/usr/bin/env python3
"""Samples how far the measures lag behind the demands while a load runs (bench/intake.sh starts it beside its
measured phase). Every 250 ms, for SECONDS:
  api:   lagSeconds of GET /api/measures (what every figure carries: now - the folder's as_of);
  steps: the age of the oldest timeline step the folder has not folded yet (now - its "at"; 0 when none), and
         at most how many there are (from the ids), read from the database.
Prints p50 / p95 / max of both and appends two figures for bench/report.py when BENCH_RESULTS is set.

Usage: bench/measures_lag.py SECONDS GRID_ID   (env: DB, PORT, TOKEN)"""
import datetime
import json
import os
import subprocess
import sys
import time
import urllib.request

seconds, grid = float(sys.argv[1]), sys.argv[2]
db, port, token = os.environ["DB"], os.environ["PORT"], os.environ["TOKEN"]
today = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=8)).date().isoformat()
url = f"http://localhost:{port}/api/measures?gridId={grid}&from={today}&to={today}"
# the oldest unfolded step: the first after the folder's position and the first of each gap, by the timeline's
# primary key, only the last day's month partitions; the count of unfolded steps as an upper bound from the ids. The
# sampler read the unfolded steps themselves before, and PostgreSQL an old month's partition whole for every sample
# (300 ms, four times a second on the district): that took half of the intake's throughput in the suite's measured
# phase (issue 17: 806 against 1,364 requests/s without the sampler).
# The first step after the position is found by min(id), which goes by the primary key even on a month's partition
# without statistics (with "order by id limit 1" there PostgreSQL scanned the partition: 12-36 ms a sample and
# growing with the load, 2026-12-06); and the statement is prepared once (planning it over every month's partition
# took 12 ms a sample, its execution about 1 ms).
SQL = """with f as (select position from measure_fold where name = 'demand-measures')
select extract(epoch from clock_timestamp() - coalesce(least(
         (select e.at from demand_event_log e where e.at > now() - interval '1 day' and e.id =
                 (select min(id) from demand_event_log where id > (select position from f) and at > now() - interval '1 day')),
         (select min(x.at) from measure_fold_gap g cross join lateral
                 (select e.at from demand_event_log e where e.id between g.from_id and g.to_id
                     and e.at > now() - interval '1 day' order by e.id limit 1) x)), clock_timestamp())),
       greatest(0, coalesce((select max(id) from demand_event_log where at > now() - interval '1 day'), 0)
                   - (select position from f))
       + coalesce((select sum(to_id - from_id + 1) from measure_fold_gap), 0)"""

# one psql session for every sample (a process and a connection per sample cost the load a few per cent)
# (it stops at an error, so that a failed query ends the samples from the database instead of waiting for a row)
psql = subprocess.Popen(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "localhost", "-U", "postgres", "-d", db, "-tAF", " "],
                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
psql.stdin.write("prepare lag as " + SQL + ";\n")
api, steps, backlog = [], [], []
end = time.time() + seconds
while time.time() < end:
    t = time.time()
    try:
        req = urllib.request.Request(url, headers={"Authorization": "Bearer " + token})
        with urllib.request.urlopen(req, timeout=5) as r:
            api.append(float(json.load(r)["lagSeconds"]))
    except Exception as e:  # a refused or slow answer is a sample lost, not a zero
        print("api sample failed:", e, file=sys.stderr)
    line = []
    if psql.poll() is None:
        try:
            psql.stdin.write("execute lag;\n")
            psql.stdin.flush()
            line = psql.stdout.readline().split()  # the query's one row: the age and the count
        except BrokenPipeError:
            pass
    if len(line) == 2:
        steps.append(max(0.0, float(line[0])))
        backlog.append(int(line[1]))
    time.sleep(max(0.0, 0.25 - (time.time() - t)))
if psql.poll() is None:
    psql.stdin.close()
psql.wait()


def stats(v):
    v = sorted(v)
    return (v[len(v) // 2], v[min(len(v) - 1, int(len(v) * 0.95))], v[-1]) if v else (float("nan"),) * 3


a, s = stats(api), stats(steps)
print(f"measures lag, /api/measures lagSeconds ({len(api)} samples): p50 {a[0]:.2f} s, p95 {a[1]:.2f} s, max {a[2]:.2f} s")
print(f"oldest unfolded step ({len(steps)} samples): p50 {s[0]:.2f} s, p95 {s[1]:.2f} s, max {s[2]:.2f} s; "
      f"unfolded steps at most {max(backlog) if backlog else 0}")
results = os.environ.get("BENCH_RESULTS")
if results:
    with open(results, "a", encoding="utf-8") as f:
        f.write(f"Demand measures\tlag shown beside the figures (lagSeconds) under the intake load\t{a[2]:.2f}\t\ts\tlower\t≤ 2 s\t"
                f"max of {len(api)} samples every 250 ms; p50 {a[0]:.2f} s, p95 {a[1]:.2f} s\n")
        f.write(f"Demand measures\tage of the oldest unfolded step under the intake load\t{s[2]:.2f}\t\ts\tlower\t≤ 2 s\t"
                f"max of {len(steps)} samples; p50 {s[0]:.2f} s, p95 {s[1]:.2f} s; at most {max(backlog) if backlog else 0} steps unfolded\n")
