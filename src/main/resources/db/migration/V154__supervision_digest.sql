-- The daily supervision digest (每日督办摘要, issue 16): per community the designated person and the hour (Beijing time),
-- and one row per community and day the digest was made (the claim: whichever instance inserts it sends it).
create table notify_digest_setting (
    community_id bigint       not null primary key references grid_node (id),
    account_id   bigint       not null references account (id),
    send_hour    int          not null,
    enabled      boolean      not null,
    updated_by   varchar(100) not null,
    updated_at   timestamp with time zone not null,
    constraint notify_digest_hour_ck check (send_hour between 0 and 23)
);

create table notify_digest_run (
    community_id bigint  not null references grid_node (id),
    digest_day   date    not null,
    account_id   bigint  not null,
    yellow       int     not null,
    red          int     not null,
    sent         boolean not null,
    made_at      timestamp with time zone not null,
    primary key (community_id, digest_day)
);
