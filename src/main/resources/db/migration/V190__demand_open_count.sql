-- The open demands now (issue 16): how many demands that still need someone to act lie at a grid (and at every grid
-- above it), per category, state, colour of their running limit and building (0 for none). Kept by the measures
-- folder like the state rollup, so that the workbench, the dashboards, the city-wide problems and the map count open
-- demands in a few rows, however many there are. A row back at zero is removed.
alter table demand_measure_fact add column building_id bigint;
alter table demand_measure_fact add column colour varchar(8);

create table demand_open_count (
    grid_id       bigint not null,
    category_code varchar(32) not null,
    status        varchar(16) not null,
    colour        varchar(8) not null,
    building_id   bigint not null,
    demands       int not null default 0,
    primary key (grid_id, category_code, status, colour, building_id)
);

-- the open demands' facts lack their building and colour: the folder folds them again, which fills the table
insert into measure_refold (demand_id)
select d.id from demand d
 where d.status in ('SUBMITTED', 'ACCEPTED', 'DISPATCHED', 'IN_PROGRESS', 'ON_HOLD', 'REOPENED')
   and not exists (select 1 from measure_refold r where r.demand_id = d.id);
