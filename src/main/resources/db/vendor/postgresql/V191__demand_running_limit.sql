-- Issue 16: the running time limit of an open demand as columns the database keeps, so that the red and the yellow
-- demands (the supervision board, the inbox's colour filter) come from an index instead of a read of every open
-- demand. As the inbox colours a demand (DemandView.Colour.at): while it is open and not on hold, the response limit
-- until it is answered, then the resolution limit; null otherwise. Red: running_due_at < now; yellow:
-- running_yellow_at <= now <= running_due_at. The states are DemandAccess.openStatuses(). The indexes hold the open
-- demands only (a comparison implies not null, so they serve it).
alter table demand add column running_due_at timestamp with time zone generated always as (
    case when status in ('SUBMITTED', 'ACCEPTED', 'DISPATCHED', 'IN_PROGRESS', 'REOPENED')
         then case when responded_at is null then respond_due_at else resolve_due_at end end) stored,
    add column running_yellow_at timestamp with time zone generated always as (
    case when status in ('SUBMITTED', 'ACCEPTED', 'DISPATCHED', 'IN_PROGRESS', 'REOPENED')
         then case when responded_at is null then respond_yellow_at else resolve_yellow_at end end) stored;
create index demand_running_due_ix on demand (running_due_at) where running_due_at is not null;
create index demand_running_yellow_ix on demand (running_yellow_at) where running_yellow_at is not null;
-- the new columns' statistics, so that the planner sees how few demands are red or yellow
analyze demand;
