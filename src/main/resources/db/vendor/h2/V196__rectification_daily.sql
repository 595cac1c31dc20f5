-- The rectification list's items counted per grid, day found and day rectified (Asia/Shanghai; 9999-12-31 while not
-- rectified), at every grid on the item's path: a grid's row holds its whole subtree. The dashboards' and the rate
-- pages' 整改率 and its trends read these rows of the grid and its children, not the items. Kept in the items' own
-- transactions by the lists module; moved with a grid that moves. (H2 casts a time to a date in the session's zone:
-- the days are counted from the epoch, Asia/Shanghai being UTC+8 all year.)
create table rectification_daily (
    grid_id        bigint not null,
    found_day      date   not null,
    rectified_day  date   not null,
    items          bigint not null default 0,
    primary key (grid_id, found_day, rectified_day)
);
insert into rectification_daily (grid_id, found_day, rectified_day, items)
select grid_id, found_day, rectified_day, count(*) from (
    select a.id grid_id,
           dateadd(day, (cast(floor(extract(epoch from i.found_at)) as bigint) + 28800) / 86400, date '1970-01-01') found_day,
           coalesce(dateadd(day, (cast(floor(extract(epoch from i.rectified_at)) as bigint) + 28800) / 86400, date '1970-01-01'),
                    date '9999-12-31') rectified_day
      from rectification_item i join grid_node a on i.grid_path like a.path || '%') x
 group by grid_id, found_day, rectified_day;
