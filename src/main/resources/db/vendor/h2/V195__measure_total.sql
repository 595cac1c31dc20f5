-- The daily measures of all categories together (party '*'): one row per day and grid, the sum of the rows of
-- demand_measure_daily of that day, grid and party '*'. The dashboards' totals, trends and child grids read these
-- (a fifteenth of the rows for a street or district); the measures folder keeps both in the same transaction.
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
);
insert into demand_measure_total (grid_id, stat_day, found, rectified, respond_due, respond_on_time, resolve_due,
       resolve_on_time, ratings, satisfied)
select grid_id, stat_day, sum(found), sum(rectified), sum(respond_due), sum(respond_on_time), sum(resolve_due),
       sum(resolve_on_time), sum(ratings), sum(satisfied)
  from demand_measure_daily where party = '*' group by grid_id, stat_day;
-- (PostgreSQL also gets a partial index of the categories' rows of party '*'; H2 has no partial indexes.)
