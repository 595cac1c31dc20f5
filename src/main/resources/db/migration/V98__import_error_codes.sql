-- Import errors in the viewer's language: a stable code and its arguments beside the English reason,
-- and the cells of refused rows (encrypted: they hold ID card and phone numbers) for the Excel copy
-- of the sheet with an error column. Kept for gridwork.import.error-copy-days, then deleted.
alter table import_error add column code varchar(64);
alter table import_error add column args varchar(1000);
alter table import_job add column header_line int;
alter table import_job add column header_cells text;

create table import_error_row (
    job_id bigint not null references import_job (id),
    line   int not null,
    cells  text not null,
    primary key (job_id, line)
);
