-- Foreign keys to person and household whose referencing columns had no index: removing a person or a
-- household (the clean-up of an import, an erasure) checked every demand by a sequential scan, which at
-- the 200,000 demands of a district made deleting a million persons take hours.
create index demand_reporter_person_ix on demand (reporter_person_id);
create index demand_household_ix on demand (household_id);
create index demand_unit_ix on demand (unit_id);
create index account_person_ix on account (person_id);
