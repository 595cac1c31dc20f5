-- A demand's latest timeline step (its time) and latest handler's note (the newest step with a note, leaving out the
-- resident's words of a rating or a reopening and the system's records of a deadline or of photos added), kept on the
-- demand row by the demand module with every step it writes (DemandRepository.NOT_A_HANDLERS_NOTE). Integrations (Open311's updated_datetime and status_notes) read them with the row, not the timeline.
alter table demand add column last_step_at timestamp with time zone;
alter table demand add column last_note varchar(2000);
update demand set
    last_step_at = (select max(e.at) from demand_event_log e where e.demand_id = demand.id),
    last_note = (select e.note from demand_event_log e
                  where e.demand_id = demand.id and e.note is not null and e.action not in ('RATED', 'REOPENED', 'OVERDUE', 'DUE_SOON', 'PHOTO_ADDED')
                  order by e.id desc fetch first 1 rows only);
