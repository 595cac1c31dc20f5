-- Reads at city scale (issue 19): demand lists are pages by keyset on (submitted_at desc, id desc), on an index
-- that serves their order and their scope at once.
--
-- demand_reach holds one row per demand and grid above it (every id of the demand's grid path, its own grid
-- included), with the demand's submission time: the newest demands under any grid are one range of the primary
-- key, read in order, so a street's or a micro-grid's first page is its first rows, never a sort of the subtree.
-- Written with the demand (DemandRepository), rewritten for the demands of a grid that moves
-- (DemandGridPathListener). The city-wide scope ('/') reads demand_time_ix on the demand itself.
create table demand_reach (
    grid_id       bigint not null,
    submitted_at  timestamp with time zone not null,
    demand_id     bigint not null references demand (id) on delete cascade,
    primary key (grid_id, submitted_at, demand_id)
);
create index demand_reach_demand_ix on demand_reach (demand_id);

create index demand_time_ix on demand (submitted_at, id);
