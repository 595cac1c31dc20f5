-- Issue 17: the announcer reads only the demands not yet announced; the partial index is as small as they are.
create index demand_unannounced_ix on demand (id) where unannounced;
