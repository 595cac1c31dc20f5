-- The points ledger is append-only: postings and entries can be written but never changed or removed, not even
-- by the application. Corrections are reversal postings.
create trigger economy_posting_no_change before update, delete on economy_posting
    for each row call 'io.gridwork.shared.persistence.AppendOnlyTrigger';
create trigger economy_entry_no_change before update, delete on economy_entry
    for each row call 'io.gridwork.shared.persistence.AppendOnlyTrigger';
