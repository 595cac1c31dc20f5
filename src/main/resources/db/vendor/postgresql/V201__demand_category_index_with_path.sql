-- Issue 19: the category's index carries the grid path as its last column (text_pattern_ops), so that a grid's
-- "grid_path like '/1/%'" is checked in the index. The category's range per state covered the whole city: on the city
-- preset a district's week of one category was 10,690 entries and as many demand rows read to keep 528 (16 ms),
-- against 528 rows read by this index (5 ms). The columns before it are those of the index it replaces, so the reads
-- by category, state and time (newest first, by id on ties) stay as they were. H2 plans the prefix by its own index.
create index demand_category_status_time_path_ix on demand (category_code, status, submitted_at, id, grid_path text_pattern_ops);
drop index demand_category_status_time_ix;
