-- The facts folded so far: their day and state, and the count of each (the grids above a fact's grid are those whose
-- path its path starts with). H2 holds small communities, so the prefix join is fine here.
update demand_measure_fact f
   -- the day in Asia/Shanghai (UTC+8 all year): H2 casts a time to a date in the session's zone, whatever its own
   set submitted_day = (select dateadd(day, cast(floor((extract(epoch from d.submitted_at) + 28800) / 86400) as int), date '1970-01-01')
                          from demand d where d.id = f.demand_id),
       status = (select d.status from demand d where d.id = f.demand_id);
insert into demand_state_daily (grid_id, stat_day, status, demands)
select g.id, f.submitted_day, f.status, count(*)
  from demand_measure_fact f join grid_node g on f.grid_path like concat(g.path, '%')
 group by g.id, f.submitted_day, f.status;
