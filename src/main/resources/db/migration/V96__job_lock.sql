-- Lock rows of jobs that one instance at a time may run (the others skip the round): claimed with a conditional
-- update "where name = ? and locked_until <= now", held until locked_until.
create table job_lock (
    name         varchar(64) not null primary key,
    locked_until timestamp with time zone not null,
    locked_by    varchar(128)
);
insert into job_lock (name, locked_until) values ('event-resubmission', timestamp with time zone '2000-01-01 00:00:00+00');
