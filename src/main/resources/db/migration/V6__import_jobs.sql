-- Import jobs run in the background on whichever instance claims them. The uploaded file is kept in
-- the database in chunks (and deleted when the job ends: it holds full ID card numbers); a running job
-- keeps a heartbeat so that another instance can take over a job whose instance stopped.
alter table import_job add column format varchar(8);
alter table import_job add column scope_paths varchar(4000);
alter table import_job add column owner varchar(100);
alter table import_job add column heartbeat_at timestamp with time zone;
alter table import_job add column attempts int not null default 0;
alter table import_job add column unchanged int not null default 0;
alter table import_job add column households_created int not null default 0;
create index import_job_status_ix on import_job (status);
create index import_job_started_by_ix on import_job (started_by, id);

create table import_file_chunk (
    job_id bigint not null references import_job (id),
    seq    int not null,
    data   bytea not null,
    primary key (job_id, seq)
);
