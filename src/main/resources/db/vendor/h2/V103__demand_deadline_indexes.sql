-- Issue 17 (H2 has no partial indexes; a unique index allows any number of nulls): see the PostgreSQL version.
create index demand_next_due_ix on demand (next_due_at);
create index demand_escalate_ix on demand (escalate_at);
create unique index demand_idempotency_uk on demand (idempotency_key);
