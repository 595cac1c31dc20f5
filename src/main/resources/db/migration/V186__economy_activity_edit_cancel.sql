-- Organisers edit and cancel activities (issue 15 leftovers, wt-civic3). An edit changes title, place, description,
-- times and capacity in place and records who last changed it and when; a cancellation keeps the activity and its
-- sign-ups (so the signed-up read why), with the reason, who cancelled and when: a cancelled activity takes no
-- sign-ups, check-ins or points. All three cancellation columns are set together, once.
alter table economy_activity add column updated_at timestamp with time zone;
alter table economy_activity add column updated_by_name varchar(100);
alter table economy_activity add column cancelled_at timestamp with time zone;
alter table economy_activity add column cancelled_by_name varchar(100);
alter table economy_activity add column cancel_reason varchar(500);
alter table economy_activity add constraint economy_activity_cancel_ck check (
    (cancelled_at is null and cancelled_by_name is null and cancel_reason is null)
    or (cancelled_at is not null and cancelled_by_name is not null and cancel_reason is not null));
