-- H2 has no partial indexes; the embedded database serves a single instance, so the rule that a person
-- lives in one household at a time is kept by the application alone there (see the PostgreSQL V7).
select 1;
