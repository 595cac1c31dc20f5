-- The residents' vote on a renovation plan (issue 13): a poll of the compound's households, or an owners' decision under
-- Art. 278 when the plan touches common parts; plan_vote_id names it in the votes module, plan_vote_kind says which.
alter table delib_project add column plan_vote_kind varchar(12);
update delib_project set plan_vote_kind = 'POLL' where plan_vote_id is not null;
