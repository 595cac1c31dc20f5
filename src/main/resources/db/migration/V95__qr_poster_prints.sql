-- 码上办 posters downloaded for printing, one row per building (the going-live checklist counts them).
create table qr_poster_print (
    building_id      bigint not null primary key references building (id),
    grid_path        varchar(1000) not null,
    first_printed_at timestamp with time zone not null,
    last_printed_at  timestamp with time zone not null,
    last_printed_by  bigint not null,
    prints           int not null default 1
);
create index qr_poster_print_path_ix on qr_poster_print (grid_path);
