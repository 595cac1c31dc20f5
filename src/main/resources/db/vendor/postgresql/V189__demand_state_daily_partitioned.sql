-- demand_state_daily (V188) partitioned by month of stat_day like the daily measures (V168), and filled from the facts
-- folded so far: their day of submission and state now, counted at the fact's grid and every grid above it.

drop table demand_state_daily;
create table demand_state_daily (
    grid_id   bigint not null,
    stat_day  date not null,
    status    varchar(16) not null,
    demands   int not null default 0,
    primary key (grid_id, stat_day, status)
) partition by range (stat_day);
create table demand_state_daily_default partition of demand_state_daily default;

-- the partitions of the coming months (and of rows found in a default partition) for demand_state_daily too
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
                                   ('demand_state_daily', 'stat_day'), ('iot_event', 'received_at')) v(tbl, col) loop
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

update demand_measure_fact f
   set submitted_day = (d.submitted_at at time zone 'Asia/Shanghai')::date, status = d.status
  from demand d
 where d.id = f.demand_id;
insert into demand_state_daily (grid_id, stat_day, status, demands)
select a.grid, f.submitted_day, f.status, count(*)
  from demand_measure_fact f
 cross join lateral (select x::bigint as grid from unnest(string_to_array(trim(both '/' from f.grid_path), '/')) x) a
 group by a.grid, f.submitted_day, f.status;
select gridwork_month_partitions(3);
