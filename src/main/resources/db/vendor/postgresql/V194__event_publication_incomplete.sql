-- Spring Modulith looks for the incomplete publications (completion_date is null, oldest first) when an instance starts
-- and in every resubmission round (IncompletePublicationsResubmission, once a minute). Completed ones stay until the
-- hourly purge: under load the table held hundreds of thousands of them, and the plan read them all (263 ms a round in
-- the benchmark suite). This index holds the incomplete ones only, in the order asked for. H2 keeps the plain index.
create index event_publication_incomplete_ix on event_publication (publication_date) where completion_date is null;
