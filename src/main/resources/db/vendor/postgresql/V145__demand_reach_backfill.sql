-- Issue 19: demand_reach for the demands already there (one row per id of the grid path), and the public Open311
-- list's index (requests created through Open311, newest first) as a partial index: only those demands pay for it.
insert into demand_reach (grid_id, submitted_at, demand_id)
select cast(s.id as bigint), d.submitted_at, d.id
  from demand d
 cross join lateral unnest(string_to_array(trim(both '/' from d.grid_path), '/')) as s(id)
 where s.id <> '';

create index demand_open311_time_ix on demand (submitted_at, id) where channel = 'OPEN311';
