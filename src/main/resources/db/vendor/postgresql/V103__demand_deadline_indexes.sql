-- Issue 17: the deadline and escalation scans read only the demands that have one (open ones), and the
-- idempotency key is unique where it is set. Partial indexes keep them as small as the open demands.
create index demand_next_due_ix on demand (next_due_at) where next_due_at is not null;
create index demand_escalate_ix on demand (escalate_at) where escalate_at is not null;
create unique index demand_idempotency_uk on demand (idempotency_key) where idempotency_key is not null;
