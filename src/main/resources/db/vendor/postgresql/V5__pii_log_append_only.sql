-- The unmasking audit log can be written but never changed or removed, not even by the application.
create function pii_access_log_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'pii_access_log is append-only';
end;
$$;
create trigger pii_access_log_no_change before update or delete on pii_access_log
    for each row execute function pii_access_log_append_only();
create trigger pii_access_log_no_truncate before truncate on pii_access_log
    for each statement execute function pii_access_log_append_only();
