-- Measures become a projection of the demand timeline, kept by the measures module's folder
-- (io.gridwork.measures.internal.MeasureFolder) after the demand's transaction, no longer inside it.
-- The measures module owns demand_measure_fact, demand_measure_daily and the tables below.

-- The folder's cursor: every timeline step with an id up to "position" has been folded, or its id is in
-- measure_fold_gap. Every change committed before "as_of" is counted.
create table measure_fold (
    name       varchar(64) primary key,
    position   bigint not null,
    as_of      timestamp with time zone not null,
    folded_at  timestamp with time zone,
    folded     bigint not null default 0
);

-- Step ids the cursor passed while they were not visible (their transaction had not committed yet, or
-- rolled back): re-read on every fold until seen_at is older than gridwork.measures.gap-timeout.
create table measure_fold_gap (
    from_id  bigint primary key,
    to_id    bigint not null,
    seen_at  timestamp with time zone not null
);

-- Demands to fold again without a step of their own (after a grid moved, their rollup rows move with it).
create table measure_refold (
    demand_id bigint primary key
);

-- A fact remembers the grid path its contribution was added under, so it is taken back where it was added.
alter table demand_measure_fact add column grid_path varchar(1000);
update demand_measure_fact set grid_path = (select g.path from grid_node g where g.id = demand_measure_fact.grid_id);
update demand_measure_fact set grid_path = (select d.grid_path from demand d where d.id = demand_measure_fact.demand_id)
 where grid_path is null;
alter table demand_measure_fact alter column grid_path set not null;

-- What the synchronous refresh had queued and the drain not yet folded goes into the rollup now.
insert into demand_measure_daily (stat_day, grid_id, category_code, party)
select distinct x.stat_day, x.grid_id, x.category_code, x.party from demand_measure_delta x
 where not exists (select 1 from demand_measure_daily r where r.stat_day = x.stat_day and r.grid_id = x.grid_id
                     and r.category_code = x.category_code and r.party = x.party);
update demand_measure_daily r set
    found = found + coalesce((select sum(x.delta) from demand_measure_delta x where x.counter = 'found' and x.stat_day = r.stat_day and x.grid_id = r.grid_id and x.category_code = r.category_code and x.party = r.party), 0),
    rectified = rectified + coalesce((select sum(x.delta) from demand_measure_delta x where x.counter = 'rectified' and x.stat_day = r.stat_day and x.grid_id = r.grid_id and x.category_code = r.category_code and x.party = r.party), 0),
    respond_due = respond_due + coalesce((select sum(x.delta) from demand_measure_delta x where x.counter = 'respond_due' and x.stat_day = r.stat_day and x.grid_id = r.grid_id and x.category_code = r.category_code and x.party = r.party), 0),
    respond_on_time = respond_on_time + coalesce((select sum(x.delta) from demand_measure_delta x where x.counter = 'respond_on_time' and x.stat_day = r.stat_day and x.grid_id = r.grid_id and x.category_code = r.category_code and x.party = r.party), 0),
    resolve_due = resolve_due + coalesce((select sum(x.delta) from demand_measure_delta x where x.counter = 'resolve_due' and x.stat_day = r.stat_day and x.grid_id = r.grid_id and x.category_code = r.category_code and x.party = r.party), 0),
    resolve_on_time = resolve_on_time + coalesce((select sum(x.delta) from demand_measure_delta x where x.counter = 'resolve_on_time' and x.stat_day = r.stat_day and x.grid_id = r.grid_id and x.category_code = r.category_code and x.party = r.party), 0),
    ratings = ratings + coalesce((select sum(x.delta) from demand_measure_delta x where x.counter = 'ratings' and x.stat_day = r.stat_day and x.grid_id = r.grid_id and x.category_code = r.category_code and x.party = r.party), 0),
    satisfied = satisfied + coalesce((select sum(x.delta) from demand_measure_delta x where x.counter = 'satisfied' and x.stat_day = r.stat_day and x.grid_id = r.grid_id and x.category_code = r.category_code and x.party = r.party), 0)
 where exists (select 1 from demand_measure_delta x where x.stat_day = r.stat_day and x.grid_id = r.grid_id
                 and x.category_code = r.category_code and x.party = r.party);
drop table demand_measure_delta;

-- Until now every change refreshed its demand's fact in its own transaction: the facts are current up to
-- the last step, so the folder starts after it.
insert into measure_fold (name, position, as_of)
select 'demand-measures', coalesce(max(id), 0), current_timestamp from demand_event_log;

-- One instance at a time folds (the others skip the round).
insert into job_lock (name, locked_until) values ('measure-fold', timestamp with time zone '2000-01-01 00:00:00+00');
