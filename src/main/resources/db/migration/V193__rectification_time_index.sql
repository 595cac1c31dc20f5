-- The rectification list newest first over a wide scope (a city or a district): its page walks this index instead of
-- sorting every item of the scope (issue 19). Narrow scopes keep rectification_grid_ix (grid_path, found_at).
create index rectification_time_ix on rectification_item (found_at, id);
