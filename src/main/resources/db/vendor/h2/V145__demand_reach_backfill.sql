-- Issue 19: demand_reach for the demands already there (one row per grid of the path), and the public Open311
-- list's index (H2 has no partial indexes: channel first).
insert into demand_reach (grid_id, submitted_at, demand_id)
select g.id, d.submitted_at, d.id
  from demand d
  join grid_node g on d.grid_path like g.path || '%';

create index demand_open311_time_ix on demand (channel, submitted_at, id);
