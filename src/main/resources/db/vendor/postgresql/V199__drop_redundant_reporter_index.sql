-- Issue 17: demand_reporter_ix (reporter_account_id) is the leading column of demand_reporter_time_ix
-- (reporter_account_id, submitted_at), which serves every read by reporter as well (a resident's own demands, the
-- hourly limit). It only cost an index entry with every intake.
-- On H2 the index stays: it is the one H2 chose for the foreign key to account.
drop index if exists demand_reporter_ix;
