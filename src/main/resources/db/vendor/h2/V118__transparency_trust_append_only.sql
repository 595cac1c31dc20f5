-- The trust ledger is append-only: postings and entries can be written but never changed or removed, not even by the
-- application. A mistake is corrected by a further posting.
create trigger transparency_trust_posting_no_change before update, delete on transparency_trust_posting
    for each row call 'io.gridwork.shared.persistence.AppendOnlyTrigger';
create trigger transparency_trust_entry_no_change before update, delete on transparency_trust_entry
    for each row call 'io.gridwork.shared.persistence.AppendOnlyTrigger';
