-- The unmasking audit log can be written but never changed or removed, not even by the application.
create trigger pii_access_log_no_change before update, delete on pii_access_log
    for each row call 'io.gridwork.shared.persistence.AppendOnlyTrigger';
