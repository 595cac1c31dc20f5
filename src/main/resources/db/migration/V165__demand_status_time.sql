-- Issue 19: a list filtered by a rare status (on hold, reopened, rejected) in a district or the city reads
-- that status's demands newest first from this index instead of walking every demand of the scope in time
-- order and dropping the others.
create index demand_status_time_ix on demand (status, submitted_at, id);
