-- PostgreSQL: the measures of a grid over a period are read from the index alone.
drop index demand_measure_daily_grid_ix;
create index demand_measure_daily_grid_ix on demand_measure_daily (grid_id, party, stat_day)
    include (category_code, found, rectified, respond_due, respond_on_time, resolve_due, resolve_on_time, ratings, satisfied);
