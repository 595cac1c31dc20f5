-- The rectification list's items counted per grid, day found and day rectified (Asia/Shanghai; 9999-12-31 while not
-- rectified), at every grid on the item's path: a grid's row holds its whole subtree. The dashboards' and the rate
-- pages' 整改率 and its trends read these rows of the grid and its children, not the items (an emergency sweep finds
-- thousands of items in a day; here they are one row per grid above them). Kept in the items' own transactions by
-- the lists module; moved with a grid that moves.
create table rectification_daily (
    grid_id        bigint not null,
    found_day      date   not null,
    rectified_day  date   not null,
    items          bigint not null default 0,
    primary key (grid_id, found_day, rectified_day)
);
insert into rectification_daily (grid_id, found_day, rectified_day, items)
select a.id, cast(i.found_at at time zone 'Asia/Shanghai' as date),
       coalesce(cast(i.rectified_at at time zone 'Asia/Shanghai' as date), date '9999-12-31'), count(*)
  from rectification_item i join grid_node a on i.grid_path like a.path || '%'
 group by a.id, cast(i.found_at at time zone 'Asia/Shanghai' as date),
       coalesce(cast(i.rectified_at at time zone 'Asia/Shanghai' as date), date '9999-12-31');
