#!/usr/bin/env python3
"""Writes the pgbench script of one batch of visits for bench/campaign.sh: the statements the application
runs for a batch of B new visits (lock the households in id order, look up the client ids, the campaign's
status, one multi-row insert, the new ids, one update per household, one counter update per micro-grid),
without HTTP, security or JSON. Each household is drawn from its own slice of the range, so the batch is in
id order (as the application sorts it). The counters move in one statement (see below). Usage: raw_batch.py CAMPAIGN HMIN HMAX ACCOUNT B > script.sql"""
import sys

campaign, hmin, hmax, acc, b = (int(a) for a in sys.argv[1:6])
step = (hmax - hmin + 1) // b
out = ["\\set r random(1, 9000000000000000000)"]
for k in range(1, b + 1):
    lo = hmin + (k - 1) * step
    out.append(f"\\set h{k} random({lo}, {lo + step - 1})")
hs = ", ".join(f":h{k}" for k in range(1, b + 1))
cids = ", ".join(f"'raw-' || cast(:r as text) || '-{k}'" for k in range(1, b + 1))
out.append("begin;")
out.append(f"select household_id, building_id, grid_id, grid_path, outcome, hazards, visited_at from campaign_household "
           f"where campaign_id = {campaign} and household_id in ({hs}) order by household_id for update;")
out.append(f"select id, campaign_id, household_id, client_id, outcome, answers_json, note, form_version, hazards, "
           f"recorded_by_name, visited_at, received_at from campaign_visit where campaign_id = {campaign} and client_id in ({cids});")
out.append(f"select status, form_version from campaign where id = {campaign};")
values = ", ".join(
    f"({campaign}, :h{k}, 'raw-' || cast(:r as text) || '-{k}', 'DONE', "
    f"'{{\"hose_over_two_years\":false,\"valve\":\"正常\",\"alarm\":true}}', null, 1, 0, {acc}, 'raw', now(), now())"
    for k in range(1, b + 1))
out.append("insert into campaign_visit (campaign_id, household_id, client_id, outcome, answers_json, note, form_version, "
           f"hazards, recorded_by, recorded_by_name, visited_at, received_at) values {values};")
out.append(f"select client_id, id from campaign_visit where campaign_id = {campaign} and client_id in ({cids});")
for k in range(1, b + 1):
    out.append(f"update campaign_household set outcome = 'DONE', hazards = 0, visit_id = :r, visited_at = now() "
               f"where campaign_id = {campaign} and household_id = :h{k};")
# the application moves each micro-grid's counter once, in grid order (a JDBC batch of one update per grid);
# pgbench cannot sort at run time, so here one statement moves them all, locking in the key's (grid) order
out.append(f"update campaign_coverage set done = done + 1 where campaign_id = {campaign} and grid_id in "
           f"(select grid_id from campaign_household where campaign_id = {campaign} and household_id in ({hs}));")
out.append("commit;")
print("\n".join(out))
