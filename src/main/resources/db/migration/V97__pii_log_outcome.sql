-- Refused unmask attempts (no permission, out of scope, no reason, no such person) are audited too (issue 12):
-- what became of each attempt. Earlier entries were all granted.
alter table pii_access_log add column outcome varchar(32) default 'GRANTED' not null;
