-- The points ledger is append-only: postings and entries can be written but never changed or removed, not even
-- by the application. Corrections are reversal postings.
create function economy_ledger_append_only() returns trigger language plpgsql as $$
begin
    raise exception '% is append-only', tg_table_name;
end;
$$;
create trigger economy_posting_no_change before update or delete on economy_posting
    for each row execute function economy_ledger_append_only();
create trigger economy_posting_no_truncate before truncate on economy_posting
    for each statement execute function economy_ledger_append_only();
create trigger economy_entry_no_change before update or delete on economy_entry
    for each row execute function economy_ledger_append_only();
create trigger economy_entry_no_truncate before truncate on economy_entry
    for each statement execute function economy_ledger_append_only();
