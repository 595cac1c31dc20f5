-- Batches look their client ids up with "campaign_id = ? and client_id in (...)". Right after a campaign
-- starts, the statistics still say "no visits for this campaign", and with a key led by campaign_id
-- PostgreSQL scanned every visit of the campaign and filtered the ids (a batch took seconds once a few
-- thousand visits were in). Led by client_id, the key can only be used for the ids themselves.
alter table campaign_visit drop constraint campaign_visit_client_uk;
alter table campaign_visit add constraint campaign_visit_client_uk unique (client_id, campaign_id);
