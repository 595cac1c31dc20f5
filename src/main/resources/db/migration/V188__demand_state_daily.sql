-- The dashboards' demands by state (issue 16): how many of the demands submitted on a day, at a grid and every
-- grid above it, are in each state now. Kept by the measures folder like the daily measures: a fact remembers the
-- day and state it was counted under, and a change moves the count from the old state to the new one.
alter table demand_measure_fact add column submitted_day date;
alter table demand_measure_fact add column status varchar(16);

create table demand_state_daily (
    grid_id   bigint not null,
    stat_day  date not null,
    status    varchar(16) not null,
    demands   int not null default 0,
    primary key (grid_id, stat_day, status)
);
