-- Shift exchanges between two people (issue 13, station): the person asked accepts or declines before the community's
-- staff approve; an exchange names the other person's shift that the asker takes in return.
alter table station_swap add column counter_shift_id bigint references station_shift (id);
alter table station_swap add column answered_at timestamp with time zone;
alter table station_swap drop constraint station_swap_status_ck;
alter table station_swap add constraint station_swap_status_ck check (status in ('REQUESTED', 'ACCEPTED', 'DECLINED', 'APPROVED', 'REJECTED'));
