-- Issue 19: the grid tree's counts kept as a rollup (owned by the people module, written by GridRollup).
-- One row per grid node: for a micro-grid its own counts, for every other grid the sums over the
-- micro-grids below it. Changes apply deltas in the transaction that moves a count; a micro-grid's
-- own row is recounted from its buildings, households, members and staff (a few hundred rows).
create table grid_rollup (
    grid_id     bigint primary key references grid_node (id),
    micro_grids bigint not null default 0,
    households  bigint not null default 0,
    vacant      bigint not null default 0,
    people      bigint not null default 0,
    leaders     bigint not null default 0,
    workers     bigint not null default 0,
    -- micro-grid rule warnings (0 to 3 per micro-grid: size, leader, workers)
    warnings    bigint not null default 0
);

-- The day the staff counts hold for (staff assignments start and end by date); null: not built yet,
-- the next read builds the whole rollup once (an existing database; a bulk load sets it back to null).
-- An empty database starts built: every grid created from now on gets its row as it is made.
create table grid_rollup_state (
    id    int primary key,
    as_of date
);
insert into grid_rollup_state (id, as_of)
select 1, case when exists (select 1 from grid_node) then null else current_date end;

-- a grid's children in code order (the paged tree and district pages)
create index grid_node_parent_code_ix on grid_node (parent_id, code);
