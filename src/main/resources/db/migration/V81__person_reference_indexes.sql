-- Foreign keys to person whose referencing columns had no index: removing a person (an import's clean-up,
-- an erasure) checked every demand by a sequential scan, which at a district's 200,000 demands made
-- deleting a million persons take hours.
create index demand_reporter_person_ix on demand (reporter_person_id) where reporter_person_id is not null;
create index account_person_ix on account (person_id) where person_id is not null;
