-- Issue 17: the demands not yet announced are rows of a table of their own, inserted with the demand and deleted by
-- the announcer, instead of a flag on the demand row. Clearing the flag updated the demand row after every intake;
-- as the flag was indexed, the update could not be a heap-only one and wrote a second entry into each of the
-- demand's nineteen indexes (on PostgreSQL a third of the write path's database time under load, and the indexes
-- and the table twice the size until vacuumed).
create table demand_unannounced (
    demand_id bigint primary key references demand (id) on delete cascade
);
insert into demand_unannounced (demand_id) select id from demand where unannounced;
drop index demand_unannounced_ix;
alter table demand drop column unannounced;
