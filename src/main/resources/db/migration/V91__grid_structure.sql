-- Going live without the demo: the grid's structure is kept from pages.
-- General grids (一般网格) sit between a compound and its micro-grids.
alter table grid_node drop constraint grid_node_level_ck;
alter table grid_node add constraint grid_node_level_ck
    check (level in ('DISTRICT','STREET','COMMUNITY','COMPOUND','GENERAL','SPECIAL','MICRO'));

-- A retired grid keeps its row and code (other systems know the code) but leaves trees and pickers.
alter table grid_node add column retired_at timestamp with time zone;

-- The floor a room is on, from the structure sheet (楼层).
alter table household add column floor int;

-- The micro-grid rule of a street or district (nearest setting up the tree applies; none: 50–100
-- households, 1 leader, 2–3 workers).
create table grid_rule (
    grid_id         bigint primary key references grid_node (id),
    min_households  int not null,
    max_households  int not null,
    leaders         int not null,
    min_workers     int not null,
    max_workers     int not null,
    updated_by      varchar(100),
    updated_at      timestamp with time zone not null default current_timestamp,
    constraint grid_rule_households_ck check (min_households >= 1 and max_households >= min_households),
    constraint grid_rule_workers_ck check (leaders >= 0 and min_workers >= 0 and max_workers >= min_workers)
);
