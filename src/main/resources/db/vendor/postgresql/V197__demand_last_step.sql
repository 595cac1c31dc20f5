-- A demand's latest timeline step (its time) and latest handler's note (the newest step with a note, leaving out the
-- resident's words of a rating or a reopening and the system's records of a deadline or of photos added), kept on the
-- demand row by the demand module with every step it writes (DemandRepository.NOT_A_HANDLERS_NOTE). Integrations (Open311's updated_datetime and status_notes) read them with the row, not the timeline.
-- The backfill reads the timeline once (an aggregate and a sort of the noted steps), not a probe of every month
-- partition per demand.
alter table demand add column last_step_at timestamp with time zone, add column last_note varchar(2000);
update demand d set last_step_at = s.at, last_note = n.note
  from (select demand_id, max(at) at from demand_event_log group by demand_id) s
  left join (select distinct on (demand_id) demand_id, note from demand_event_log
              where note is not null and action not in ('RATED', 'REOPENED', 'OVERDUE', 'DUE_SOON', 'PHOTO_ADDED')
              order by demand_id, id desc) n on n.demand_id = s.demand_id
 where d.id = s.demand_id;
