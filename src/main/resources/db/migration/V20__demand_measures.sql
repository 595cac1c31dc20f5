-- Measures of the demand loop, kept incrementally: each demand's contribution (its "fact") is stored,
-- and when the demand changes, the old contribution is subtracted from the daily rollup and the new
-- one added. Dashboards sum the rollup, never the demands.
create table demand_measure_fact (
    demand_id        bigint primary key references demand (id),
    grid_id          bigint not null,
    category_code    varchar(32) not null,
    parties          varchar(300) not null,
    found_day        date,
    rectified        boolean not null default false,
    respond_day      date,
    respond_on_time  boolean not null default false,
    resolve_day      date,
    resolve_on_time  boolean not null default false,
    rating_day       date,
    satisfied        boolean not null default false
);

-- One row per day, grid (every level: a demand counts at its micro-grid and at each grid above it),
-- category and party; party '*' counts every demand once, the other rows once per responsible party.
create table demand_measure_daily (
    stat_day         date not null,
    grid_id          bigint not null,
    category_code    varchar(32) not null,
    party            varchar(24) not null,
    found            int not null default 0,
    rectified        int not null default 0,
    respond_due      int not null default 0,
    respond_on_time  int not null default 0,
    resolve_due      int not null default 0,
    resolve_on_time  int not null default 0,
    ratings          int not null default 0,
    satisfied        int not null default 0,
    primary key (stat_day, grid_id, category_code, party)
);
create index demand_measure_daily_grid_ix on demand_measure_daily (grid_id, party, stat_day);
