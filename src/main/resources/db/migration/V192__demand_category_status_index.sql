-- Issue 16: the open demands of a category, newest first (the city-wide problems' lists), one index range per state
-- instead of a walk over every open demand of the grid newest first. demand_status_ix (status) is a prefix of
-- demand_status_time_ix (V165) and goes, so that an intake keeps the same number of indexes to write.
create index demand_category_status_time_ix on demand (category_code, status, submitted_at, id);
drop index demand_status_ix;
