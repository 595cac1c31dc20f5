-- Lead with the column that is not campaign_id, so that a lookup by (campaign_id, household_id) or
-- (campaign_id, client_id) can only use its own unique index: right after a campaign of 500,000
-- households is created, the statistics still say "few rows per campaign" and the planner would
-- otherwise happily pick any index starting with campaign_id and filter the rest.
drop index campaign_household_building_ix;
drop index campaign_household_outcome_ix;
drop index campaign_visit_household_ix;
create index campaign_household_building_ix on campaign_household (building_id, campaign_id);
create index campaign_household_outcome_ix on campaign_household (outcome, campaign_id);
create index campaign_visit_household_ix on campaign_visit (household_id, campaign_id);
create index campaign_household_path_ix on campaign_household (grid_path, campaign_id);
