-- Issue 17 (H2 has no partial indexes): see the PostgreSQL version.
create index demand_unannounced_ix on demand (unannounced, id);
