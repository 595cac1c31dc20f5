-- Issue 17: a new demand is announced (its micro-grid's workers notified) in batches after its transaction, not by
-- one event publication per request. The flag is set on insert and cleared by the announcer; null means announced
-- (every demand before this migration was announced by its own event).
alter table demand add column unannounced boolean;

-- One publication now carries a batch of new demands (about 230 characters each): room for a few thousand.
alter table event_publication alter column serialized_event set data type varchar(1000000);
