-- The daily measures of all categories together (party '*'): one row per day and grid, the sum of the rows of
-- demand_measure_daily of that day, grid and party '*'. The dashboards' totals, trends and child grids read these
-- (a fifteenth of the rows for a street or district); the measures folder keeps both in the same transaction.
-- Partitioned by month like demand_measure_daily (V168); the key serves the reads (a grid's days) and carries the
-- counters, so they are answered from the index.
create table demand_measure_total (
    grid_id          bigint not null,
    stat_day         date not null,
    found            int not null default 0,
    rectified        int not null default 0,
    respond_due      int not null default 0,
    respond_on_time  int not null default 0,
    resolve_due      int not null default 0,
    resolve_on_time  int not null default 0,
    ratings          int not null default 0,
    satisfied        int not null default 0,
    primary key (grid_id, stat_day)
        include (found, rectified, respond_due, respond_on_time, resolve_due, resolve_on_time, ratings, satisfied)
) partition by range (stat_day);
create table demand_measure_total_default partition of demand_measure_total default;

-- A category's days at a grid, party '*': the city-wide problems' trends and child grids (three categories of a grid or of
-- its children) without reading the other categories' rows as demand_measure_daily_grid_ix does. Partial, so the
-- queries that use it write party '*' out (the planner cannot match a parameter against the index's condition).
create index demand_measure_daily_category_ix on demand_measure_daily (grid_id, category_code, stat_day) include (found)
    where party = '*';

-- its partitions of the coming months (and of rows found in its default partition) with the other tables'
create or replace function gridwork_month_partitions(months_ahead int) returns int language plpgsql as $$
declare
    t record;
    m date;
    made int := 0;
    first_month date := date_trunc('month', current_date)::date;
    last_month date := (date_trunc('month', current_date) + make_interval(months => greatest(months_ahead, 0)))::date;
begin
    perform pg_advisory_xact_lock(hashtext('gridwork_month_partitions'));
    for t in select * from (values ('demand_event_log', 'at'), ('demand_measure_daily', 'stat_day'),
                                   ('demand_state_daily', 'stat_day'), ('demand_measure_total', 'stat_day'),
                                   ('iot_event', 'received_at')) v(tbl, col) loop
        m := first_month;
        while m <= last_month loop
            if gridwork_month_partition(t.tbl, t.col, m) then
                made := made + 1;
            end if;
            m := (m + interval '1 month')::date;
        end loop;
        for m in execute format('select distinct date_trunc(''month'', %s)::date from %I where %I >= ''2000-01-01'' and %I < %L',
                                case when t.col = 'stat_day' then quote_ident(t.col) else quote_ident(t.col) || ' at time zone ''UTC''' end,
                                t.tbl || '_default', t.col, t.col, (last_month + interval '1 month')::date) loop
            if gridwork_month_partition(t.tbl, t.col, m) then
                made := made + 1;
            end if;
        end loop;
    end loop;
    return made;
end;
$$;

insert into demand_measure_total (grid_id, stat_day, found, rectified, respond_due, respond_on_time, resolve_due,
       resolve_on_time, ratings, satisfied)
select grid_id, stat_day, sum(found), sum(rectified), sum(respond_due), sum(respond_on_time), sum(resolve_due),
       sum(resolve_on_time), sum(ratings), sum(satisfied)
  from demand_measure_daily where party = '*' group by grid_id, stat_day;
select gridwork_month_partitions(3);
