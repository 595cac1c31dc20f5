-- Issue 17: the demand row carries what used to be rows of their own, so that an intake writes the demand
-- row and its first timeline step and nothing else of the demand module.
--   next_due_kind / next_due_at: the next yellow or red deadline of the running limits (RESPOND_YELLOW,
--     RESPOND_RED, RESOLVE_YELLOW, RESOLVE_RED); when it fires, the one after it is computed from the limits.
--   escalate_at: when the demand is raised to the next grid level if still red.
--   idempotency_key: 'account:<id>:<key>' of the submission (the API's Idempotency-Key, the form's token);
--     unique (V103), so a concurrent duplicate fails on the demand's own insert.
-- The deadline scan reads them through partial indexes (V103, per vendor).
alter table demand add column next_due_kind varchar(24);
alter table demand add column next_due_at timestamp with time zone;
alter table demand add column escalate_at timestamp with time zone;
alter table demand add column idempotency_key varchar(220);

-- the earliest unfired deadline of each demand (ties in the order they were written: yellow before red,
-- response before resolution), and its unfired escalation
update demand d set
    next_due_kind = (select x.kind from demand_deadline x where x.demand_id = d.id and x.fired_at is null
                      and x.kind <> 'ESCALATE' order by x.due_at, x.id fetch first 1 rows only),
    next_due_at = (select x.due_at from demand_deadline x where x.demand_id = d.id and x.fired_at is null
                    and x.kind <> 'ESCALATE' order by x.due_at, x.id fetch first 1 rows only),
    escalate_at = (select min(x.due_at) from demand_deadline x where x.demand_id = d.id and x.fired_at is null
                    and x.kind = 'ESCALATE')
 where exists (select 1 from demand_deadline x where x.demand_id = d.id and x.fired_at is null);

update demand d set idempotency_key = (select min(i.client_key || ':' || i.idem_key) from demand_idempotency i
                                        where i.demand_id = d.id)
 where exists (select 1 from demand_idempotency i where i.demand_id = d.id);

drop table demand_deadline;
drop table demand_idempotency;
