-- A person lives in at most one household at a time: imports on several instances rely on it.
create unique index household_member_current_uk on household_member (person_id) where until is null;
