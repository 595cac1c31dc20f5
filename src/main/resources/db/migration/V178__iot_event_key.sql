-- Device events' duplicate check in a narrow table of its own (issue 19), so that iot_event itself can be
-- partitioned by month on PostgreSQL (V179): a unique key of a partitioned table must contain the partition key, and
-- a redelivered message has a new receipt time (and an event without a device time gets the receipt time), so
-- unique (device_id, message_id) cannot stay on the events.
--
-- Ingest (EventIngest) inserts the key first with "on conflict do nothing" and stores the event only when the key
-- was new: a redelivery, on any instance and in any month, blocks on or meets the committed key and changes nothing.
-- A key lives at least as long as its event is in iot_event: after a month is detached on PostgreSQL,
-- gridwork_iot_event_keys_prune (V179) deletes the keys received before it. On H2 iot_event is a plain table and keeps
-- its own unique key as well.
create table iot_event_key (
    device_id    bigint       not null,
    message_id   varchar(100) not null,
    received_at  timestamp with time zone not null,
    primary key (device_id, message_id)
);
create index iot_event_key_received on iot_event_key (received_at);

insert into iot_event_key (device_id, message_id, received_at)
select device_id, message_id, received_at from iot_event;
